import * as assert from "node:assert/strict";
import * as waivers from "../../../core/checks/waivers";
import { waiverReason } from "../../../core/checks/waivers";
import { firingTests } from "./brokenSamples";
import { formatted, smallSettings } from "./stages";

describe("waiver-reason: a governance rule switched off says why", () => {
    /** The settings with `rules` (lines under governance.rules, indented by six). */
    const withRules = (rules: string) => smallSettings(`  helm-platform:governance:\n    rules:\n${rules}`);

    it("GIVEN a rule switched off without a reason THEN the reason is asked for, at the rule's line", () => {
        assert.deepEqual(formatted(waiverReason.run(withRules("      replicas-or-autoscaler:\n        enabled: false\n"))), [
            'Pulumi.dev.yaml:13: helm-platform:governance.rules.replicas-or-autoscaler.reason: switching off "replicas-or-autoscaler" needs a reason ' +
                "Fix: add reason: <why this environment is exempt>",
        ]);
    });

    it("GIVEN several switched off THEN each without a reason", () => {
        const rules =
            "      image-tag-pinned:\n        enabled: false\n" +
            "      resources-set:\n        enabled: false\n        reason: dev runs without requests on purpose\n" +
            "      chart-provenance:\n        enabled: false\n";
        assert.deepEqual(
            waiverReason.run(withRules(rules)).map((p) => p.path),
            ["helm-platform:governance.rules.image-tag-pinned.reason", "helm-platform:governance.rules.chart-provenance.reason"],
        );
    });

    it("GIVEN a rule switched on without a reason, or no rules THEN nothing", () => {
        assert.deepEqual(waiverReason.run(withRules("      resources-set:\n        enabled: true\n")), []);
        assert.deepEqual(waiverReason.run(smallSettings()), []);
    });
});

describe("waiver-reason in the loader", () => {
    firingTests(waivers, {
        "waiver-reason": {
            stack: "dev",
            changes: {
                "Pulumi.dev.yaml": [
                    "config:\n",
                    "config:\n  helm-platform:governance:\n    rules:\n      image-tag-pinned:\n        enabled: false\n",
                ],
            },
            reports: 'switching off "image-tag-pinned" needs a reason',
        },
    });
});
