import * as pulumi from "@pulumi/pulumi";
import type { MonitoringSpec, PlatformChart } from "../../core/model/monitoring";
import { MONITORING_CHARTS } from "../../core/monitoring/charts";
import { resolvePeerAddresses } from "../../core/monitoring/stackValues";
import type { Values } from "../../core/values/merge";
import type { OwnedSecrets } from "../../core/values/secrets";
import type { ClusterConnection } from "../cluster/connection";
import { known } from "../known";
import { releaseValues } from "../release/releaseValues";
import { MonitoringStack } from "./monitoringStack";

/**
 * The monitoring stack of every cluster. With the environment view, the peers expose their
 * Prometheus internally, and the view cluster's values get their addresses once they are known.
 */
export function monitorClusters(
    parent: pulumi.Resource,
    name: string,
    clusters: readonly ClusterConnection[],
    spec: MonitoringSpec | undefined,
    secrets: pulumi.Input<OwnedSecrets>,
): Map<string, MonitoringStack> {
    const monitors = new Map<string, MonitoringStack>();
    if (!spec) {
        return monitors;
    }
    const view = spec.view;
    const stack = (cluster: ClusterConnection, values: pulumi.Input<Values>) =>
        new MonitoringStack(
            `${name}-${cluster.clusterName}-monitoring`,
            {
                stackValues: releaseValues(values, secrets),
                rules: spec.rules,
                dashboards: spec.dashboards,
                exposeToEnvironment: view?.peers.includes(cluster.clusterName) ? { sourceRanges: view.sourceRanges } : undefined,
                charts: monitoringCharts(spec, cluster.clusterName),
            },
            { parent, provider: cluster.provider },
        );
    // Peers first: the view needs their addresses.
    for (const cluster of clusters.filter((c) => c.clusterName !== view?.cluster)) {
        monitors.set(
            cluster.clusterName,
            stack(cluster, known(spec.stackValues[cluster.clusterName], `values of ${cluster.clusterName}`).values),
        );
    }
    const viewCluster = clusters.find((c) => c.clusterName === view?.cluster);
    if (view && viewCluster) {
        const addresses = pulumi.all(
            Object.fromEntries(view.peers.map((peer) => [peer, known(monitors.get(peer)?.peerAddress, `address of ${peer}'s Prometheus`)])),
        );
        const values = known(spec.stackValues[view.cluster], `values of ${view.cluster}`).values;
        monitors.set(
            view.cluster,
            stack(
                viewCluster,
                addresses.apply((known) => resolvePeerAddresses(values, known)),
            ),
        );
    }
    return monitors;
}

/** Each monitoring chart of one cluster as the model has it: its source, version and digest. */
function monitoringCharts(spec: MonitoringSpec, cluster: string): Record<keyof typeof MONITORING_CHARTS, PlatformChart> {
    const of = (c: PlatformChart) =>
        known(
            spec.releases.find((r) => r.cluster === cluster && r.releaseName === c.releaseName),
            `${c.releaseName} on ${cluster}`,
        );
    return { crds: of(MONITORING_CHARTS.crds), stack: of(MONITORING_CHARTS.stack), helmExporter: of(MONITORING_CHARTS.helmExporter) };
}
