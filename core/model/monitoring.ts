/** Monitoring of one environment as validated data: what `monitoring/` computes and the components deploy. */
import type { MergedValues, Values } from "../values/merge";

/** A chart the platform installs itself, pinned. */
export interface PlatformChart {
    readonly releaseName: string;
    /** The public chart repository; absent when the chart is an `oci://` reference (mirrored into the registry). */
    readonly repository?: string;
    /** The chart's name in its repository, or its `oci://<registry>/helm-charts/platform/<chart>` reference. */
    readonly chart: string;
    readonly version: string;
    /** The manifest digest from `charts.lock.yaml`, for a mirrored chart. */
    readonly digest?: string;
}

/** A release the platform installs on a cluster itself: chart, pinned version and final values. */
export interface PlatformReleaseSpec extends PlatformChart, MergedValues {
    readonly cluster: string;
    readonly namespace: string;
}

/**
 * A team's alert destination, delivered on the team's side (an `AlertmanagerConfig` in its namespace):
 * adding or changing a team never changes the platform's Alertmanager configuration.
 */
export interface TeamAlerts {
    readonly team: string;
    readonly namespace: string;
    readonly slackChannel: string;
    /**
     * The team's own webhook secret, as `<team>/<name>`; unset: the platform's webhook (Alertmanager's
     * global `slack_api_url`), which then never leaves the monitoring namespace.
     */
    readonly webhookSecret?: string;
}

/** The environment's view: one cluster that reads every other one (its peers). */
export interface EnvironmentView {
    readonly cluster: string;
    readonly peers: readonly string[];
    /**
     * The view cluster's virtual network ranges (its `network.vnetCidrs`): the only sources the peers'
     * Prometheus Services admit. The view's Prometheus reaches them from its nodes' addresses (pods'
     * traffic out of the cluster leaves from the node with Azure CNI overlay; without overlay pods have
     * addresses in the virtual network), so no narrower range is known before deployment.
     */
    readonly sourceRanges: readonly string[];
}

/** Monitoring of one environment: per-cluster chart values, alert rules and dashboards, all from files. */
export interface MonitoringSpec {
    /** kube-prometheus-stack values per cluster, with provenance; the view's hold its peers' addresses as references. */
    readonly stackValues: Readonly<Record<string, MergedValues>>;
    /** Every monitoring release of every cluster, in install order per cluster. */
    readonly releases: readonly PlatformReleaseSpec[];
    /** The cluster that reads the others, when the environment has one. */
    readonly view?: EnvironmentView;
    /** The `spec` of the platform's PrometheusRule. */
    readonly rules: { readonly groups: readonly Values[] };
    /** Dashboard file name → JSON text (the team dashboard is each team's, delivered with the team). */
    readonly dashboards: Readonly<Record<string, string>>;
}
