import * as assert from "node:assert/strict";
import { MONITORING_CHARTS } from "../../../core/monitoring/charts";
import { type ChartSourceOf, monitoringReleases, platformChart } from "../../../core/monitoring/releases";
import { mergeValues } from "../../../core/values/merge";

const environment = (platformCharts: "mirror" | "upstream"): ChartSourceOf => ({
    charts: { lock: "required", platformCharts },
    registry: { loginServer: "acrhelmplatformprod.azurecr.io" },
});
const STACK_VALUES = mergeValues([
    { source: "values/monitoring/base.yaml", values: { prometheus: { prometheusSpec: { retention: "15d" } } } },
    { source: "values/monitoring/prod.yaml", values: { prometheus: { prometheusSpec: { retention: "30d" } } } },
]);

describe("the monitoring releases of a cluster (core/monitoring/releases)", () => {
    it("GIVEN a cluster THEN the operator's CRDs, kube-prometheus-stack, then helm-exporter, all in the monitoring namespace", () => {
        assert.deepEqual(
            monitoringReleases("weu", STACK_VALUES, environment("upstream")).map((r) => [r.cluster, r.namespace, r.releaseName]),
            [
                ["weu", "monitoring", "prometheus-operator-crds"],
                ["weu", "monitoring", "kube-prometheus-stack"],
                ["weu", "monitoring", "helm-exporter"],
            ],
        );
    });

    it("GIVEN the cluster's merged values THEN kube-prometheus-stack gets them with their sources; the CRDs get none", () => {
        const [crds, stack] = monitoringReleases("weu", STACK_VALUES, environment("upstream"));
        assert.deepEqual([stack?.values, stack?.sources], [STACK_VALUES.values, STACK_VALUES.sources]);
        assert.deepEqual(stack?.sources, { "prometheus.prometheusSpec.retention": "values/monitoring/prod.yaml" });
        assert.deepEqual([crds?.values, crds?.sources], [{}, {}]);
    });

    it("GIVEN helm-exporter THEN its values are the platform's: no ServiceMonitor of its own, attributed to the platform", () => {
        const exporter = monitoringReleases("weu", STACK_VALUES, environment("upstream"))[2];
        assert.deepEqual(exporter?.values, { serviceMonitor: { create: false } });
        assert.deepEqual(exporter?.sources, { "serviceMonitor.create": "(platform)" });
    });

    it("GIVEN charts from upstream THEN each release installs the pinned chart from its public repository", () => {
        const releases = monitoringReleases("weu", STACK_VALUES, environment("upstream"));
        const charts = [MONITORING_CHARTS.crds, MONITORING_CHARTS.stack, MONITORING_CHARTS.helmExporter];
        assert.deepEqual(
            releases.map((r) => [r.repository, r.chart, r.version]),
            charts.map((c) => [c.repository, c.chart, c.version]),
        );
    });

    it("GIVEN mirrored charts THEN each release installs the same version from the environment's registry, with no repository", () => {
        const releases = monitoringReleases("weu", STACK_VALUES, environment("mirror"));
        const charts = [MONITORING_CHARTS.crds, MONITORING_CHARTS.stack, MONITORING_CHARTS.helmExporter];
        assert.deepEqual(
            releases.map((r) => [r.releaseName, r.chart, r.version, "repository" in r]),
            charts.map((c) => [c.releaseName, `oci://acrhelmplatformprod.azurecr.io/helm-charts/platform/${c.chart}`, c.version, false]),
        );
    });

    describe("a platform chart as the environment installs it", () => {
        const chart = { releaseName: "x", repository: "https://charts.example", chart: "x-chart", version: "1.2.3" };

        it("GIVEN upstream THEN the chart as pinned, repository included", () => {
            assert.deepEqual(platformChart(chart, environment("upstream")), chart);
        });

        it("GIVEN mirror THEN the chart's OCI reference under helm-charts/platform/ of the environment's registry, same release name and version", () => {
            assert.deepEqual(platformChart(chart, environment("mirror")), {
                releaseName: "x",
                chart: "oci://acrhelmplatformprod.azurecr.io/helm-charts/platform/x-chart",
                version: "1.2.3",
            });
        });
    });
});
