import { MONITORING_NAMESPACE } from "../base/constants";
import type { PlatformReleaseSpec } from "../model/monitoring";
import { PLATFORM_SOURCE } from "../values/hierarchy";
import { type MergedValues, mergeValues, type Values } from "../values/merge";
import { MONITORING_CHARTS } from "./charts";

/** helm-exporter's values: its ServiceMonitor is the platform's own, which keeps the releases' namespaces. */
export const HELM_EXPORTER_VALUES: Readonly<Values> = { serviceMonitor: { create: false } };

/**
 * The monitoring releases of one cluster, in install order: the operator CRDs (no values), then
 * kube-prometheus-stack with the cluster's merged values, then helm-exporter.
 */
export function monitoringReleases(cluster: string, stackValues: MergedValues): PlatformReleaseSpec[] {
    const at = { cluster, namespace: MONITORING_NAMESPACE };
    const platform = (values: Readonly<Values>) => mergeValues([{ source: PLATFORM_SOURCE, values }]);
    return [
        { ...at, ...MONITORING_CHARTS.crds, ...platform({}) },
        { ...at, ...MONITORING_CHARTS.stack, ...stackValues },
        { ...at, ...MONITORING_CHARTS.helmExporter, ...platform(HELM_EXPORTER_VALUES) },
    ];
}
