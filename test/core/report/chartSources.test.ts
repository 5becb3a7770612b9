import * as assert from "node:assert/strict";
import { CHART_SOURCE_FIX, chartSourceLine, chartsWithoutSource, noChartSource } from "../../../core/report/chartSources";
import type { Plan, PlanRelease } from "../../../core/report/planTypes";
import { planWith } from "../../support/planContract";

const REGISTRY = "acrhelmplatformprod.azurecr.io";
const release = (cluster: string, name: string, chart: string, version: string): PlanRelease => ({
    cluster,
    namespace: "fintech",
    name,
    chart,
    version,
    values: {},
    sources: {},
});
const PAYMENTS = (cluster: string) =>
    release(cluster, "fintech-payments-api", `oci://${REGISTRY}/helm-charts/fintech/payments-api`, "9.9.9");
const LEDGER = release("weu", "fintech-ledger", `oci://${REGISTRY}/helm-charts/fintech/ledger`, "2.0.0");
const KPS = { ...release("weu", "kube-prometheus-stack", "kube-prometheus-stack", "79.5.0"), namespace: "monitoring" };

/** A plan of `stack` whose manifests say, of each release, what `manifest` gives (absent: nothing said). */
function planOf(
    stack: string,
    releases: PlanRelease[],
    manifest: (r: PlanRelease) => string | undefined,
    platform: PlanRelease[] = [],
): Plan {
    const manifests: Record<string, string> = {};
    for (const r of [...releases, ...platform]) {
        const said = manifest(r);
        if (said !== undefined) {
            manifests[`${r.cluster}/${r.namespace}/${r.name}`] = said;
        }
    }
    return planWith({ stack, releases, platformReleases: platform, manifests });
}
const sourceless = (r: PlanRelease) => `not rendered: ${noChartSource(r)}`;

describe("chart versions the plan had no source for (core/report/chartSources)", () => {
    it("GIVEN a release THEN why it was not rendered names its chart as Helm does, with the version", () => {
        assert.equal(noChartSource(PAYMENTS("weu")), "chart payments-api@9.9.9 is not under charts/ nor in the chart cache");
        assert.equal(noChartSource(KPS), "chart kube-prometheus-stack@79.5.0 is not under charts/ nor in the chart cache");
    });

    it("GIVEN plans that rendered everything, or said nothing of their manifests THEN there is no chart to name", () => {
        assert.deepEqual(chartsWithoutSource([planOf("prod", [PAYMENTS("weu"), LEDGER], () => "rendered")]), []);
        assert.deepEqual(chartsWithoutSource([planWith({ releases: [LEDGER] })]), []);
        assert.deepEqual(chartsWithoutSource([]), []);
    });

    it("GIVEN a registry chart without a source on two clusters THEN it is named once, as <owner>/<chart>@<version>", () => {
        const plan = planOf("prod", [PAYMENTS("weu"), PAYMENTS("neu"), LEDGER], (r) => (r === LEDGER ? "rendered" : sourceless(r)));
        assert.deepEqual(chartsWithoutSource([plan]), [{ chart: "fintech/payments-api@9.9.9", stacks: ["prod"] }]);
    });

    it("GIVEN a platform chart from its public repository THEN it is named by its chart name", () => {
        const plan = planOf("dev", [], sourceless, [KPS]);
        assert.deepEqual(chartsWithoutSource([plan]), [{ chart: "kube-prometheus-stack@79.5.0", stacks: ["dev"] }]);
    });

    it("GIVEN the same chart version in several stacks THEN it is named once with every stack, in the order met", () => {
        const plans = [
            planOf("dev", [LEDGER], sourceless),
            planOf("uat", [PAYMENTS("weu")], sourceless),
            planOf("prod", [LEDGER, PAYMENTS("weu")], sourceless),
        ];
        assert.deepEqual(chartsWithoutSource(plans), [
            { chart: "fintech/ledger@2.0.0", stacks: ["dev", "prod"] },
            { chart: "fintech/payments-api@9.9.9", stacks: ["uat", "prod"] },
        ]);
    });

    it("GIVEN a release not rendered for another reason THEN it is not a missing source", () => {
        const plan = planOf("prod", [PAYMENTS("weu"), LEDGER], (r) =>
            r === LEDGER ? "not rendered: helm template failed: values don't meet the chart's schema" : "rendered",
        );
        assert.deepEqual(chartsWithoutSource([plan]), []);
    });

    it("GIVEN two versions of one chart THEN each is named", () => {
        const older = { ...PAYMENTS("neu"), version: "1.4.2" };
        const plan = planOf("prod", [PAYMENTS("weu"), older], sourceless);
        assert.deepEqual(
            chartsWithoutSource([plan]).map((c) => c.chart),
            ["fintech/payments-api@9.9.9", "fintech/payments-api@1.4.2"],
        );
    });

    describe("the terminal's line on them", () => {
        it("GIVEN no charts THEN there is no line", () => {
            assert.equal(chartSourceLine([]), undefined);
        });

        it("GIVEN charts THEN one line lists each with its stacks, then the fix", () => {
            const line = chartSourceLine([
                { chart: "fintech/payments-api@9.9.9", stacks: ["dev", "uat"] },
                { chart: "kube-prometheus-stack@79.5.0", stacks: ["dev"] },
            ]);
            assert.equal(
                line,
                `Not rendered, no chart source here: fintech/payments-api@9.9.9 (dev, uat), kube-prometheus-stack@79.5.0 (dev): ${CHART_SOURCE_FIX}.`,
            );
            assert.ok(!line?.includes("\n"));
        });

        it("GIVEN the fix THEN it names both ways to a source: the chart's folder, and a chart cache of pulled packages", () => {
            assert.match(CHART_SOURCE_FIX, /charts\/<team>\/<chart>\/<version>\//);
            assert.match(CHART_SOURCE_FIX, /helm pull <chart> --version <version> -d <dir>, then npm run plan -- --chart-cache <dir>$/);
        });
    });
});
