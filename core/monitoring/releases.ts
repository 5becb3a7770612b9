import { chartReference, PLATFORM_CHART_OWNER } from "../base/chartPaths";
import { MONITORING_NAMESPACE } from "../base/constants";
import type { EnvironmentSpec } from "../model/environment";
import type { PlatformChart, PlatformReleaseSpec } from "../model/monitoring";
import { PLATFORM_SOURCE } from "../values/hierarchy";
import { type MergedValues, mergeValues, type Values } from "../values/merge";
import { MONITORING_CHARTS } from "./charts";

/** helm-exporter's values: its ServiceMonitor is the platform's own, which keeps the releases' namespaces. */
export const HELM_EXPORTER_VALUES: Readonly<Values> = { serviceMonitor: { create: false } };

/**
 * The monitoring releases of one cluster, in install order: the operator CRDs (no values), then
 * kube-prometheus-stack with the cluster's merged values, then helm-exporter; each from where the
 * environment takes the platform's charts ({@link platformChart}).
 */
export function monitoringReleases(cluster: string, stackValues: MergedValues, environment: ChartSourceOf): PlatformReleaseSpec[] {
    const at = { cluster, namespace: MONITORING_NAMESPACE };
    const platform = (values: Readonly<Values>) => mergeValues([{ source: PLATFORM_SOURCE, values }]);
    const chart = (c: PlatformChart) => platformChart(c, environment);
    return [
        { ...at, ...chart(MONITORING_CHARTS.crds), ...platform({}) },
        { ...at, ...chart(MONITORING_CHARTS.stack), ...stackValues },
        { ...at, ...chart(MONITORING_CHARTS.helmExporter), ...platform(HELM_EXPORTER_VALUES) },
    ];
}

/** What deciding a platform chart's source reads of the environment. */
export type ChartSourceOf = Pick<EnvironmentSpec, "charts"> & { readonly registry: Pick<EnvironmentSpec["registry"], "loginServer"> };

/**
 * A platform chart as the environment installs it: mirrored into its own registry
 * (`oci://<registry>/helm-charts/platform/<chart>`, no repository) or from its public repository.
 */
export function platformChart(chart: PlatformChart, environment: ChartSourceOf): PlatformChart {
    if (environment.charts.platformCharts === "upstream") {
        return chart;
    }
    return {
        releaseName: chart.releaseName,
        chart: chartReference(environment.registry.loginServer, { owner: PLATFORM_CHART_OWNER, chart: chart.chart }),
        version: chart.version,
    };
}
