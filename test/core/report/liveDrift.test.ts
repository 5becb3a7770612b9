import * as assert from "node:assert/strict";
import { formatLiveDrift, type LiveCluster, liveDrift } from "../../../core/report/liveDrift";
import type { Plan } from "../../../core/report/planTypes";
import { codeTexts, mentionsOf, renderMarkdown, structureOf } from "../../support/markdown";
import { planWith } from "../../support/planContract";

/** A plan of one release, as much of it as the drift reads. */
const plan: Plan = planWith({
    releases: [
        {
            cluster: "weu",
            namespace: "fintech",
            name: "fintech-payments-api",
            chart: "oci://acr.example/helm-charts/payments-api",
            version: "1.4.2",
            values: {},
            sources: {},
        },
    ],
});

describe("live drift report", () => {
    it("GIVEN a release Secret whose chart field forges a heading, a mention and an image THEN the issue shows it as code", () => {
        // Anyone who can write a Helm release Secret in the namespace decides what `helm list` says.
        const forged = "payments-api-1.4.2\n\n# Forged heading @org/team <img src=x> | [link](https://evil.example)";
        const cluster: LiveCluster = {
            cluster: "weu",
            releases: [
                { name: "fintech-payments-api", namespace: "fintech", chart: forged, status: "deployed", revision: 3 },
                { name: "x`<img src=y>`", namespace: "fintech", chart: "evil-1.0.0", status: "deployed", revision: "1\n## more" },
            ],
            values: () => undefined,
        };
        const drift = liveDrift(plan, [cluster]);
        const doc = renderMarkdown(formatLiveDrift("prod", drift));
        assert.deepEqual(
            drift.map((d) => d.kind),
            ["version", "extra"],
        );
        // A heading, a sentence and the table: one row per difference, the kind as text and the rest as code.
        const row = ["tr", "td", "td", "code", "td", "code", "td", "code", "td", "code"];
        assert.deepEqual(structureOf(doc), ["h1", "p", "table", "thead", "tr", "th", "th", "th", "th", "th", "tbody", ...row, ...row]);
        assert.deepEqual(mentionsOf(doc), []);
        const code = codeTexts(doc);
        assert.ok(code.includes(`planned payments-api-1.4.2, running ${forged.replace(/\n/g, " ")}`), code.join("\n"));
        assert.ok(code.includes("x`<img src=y>`"));
    });

    it("GIVEN no drift THEN it says so in one line", () => {
        const none = liveDrift(plan, [
            {
                cluster: "weu",
                releases: [
                    { name: "fintech-payments-api", namespace: "fintech", chart: "payments-api-1.4.2", status: "deployed", revision: 1 },
                ],
                values: () => undefined,
            },
        ]);
        assert.equal(formatLiveDrift("prod", none), "# Live drift in prod\n\nNone: every cluster runs what the plan says.\n");
    });
});
