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

/** A team's alert destination. */
export interface TeamAlerts {
    readonly team: string;
    readonly namespace: string;
    readonly slackChannel: string;
    /** The secret of the webhook that posts to the channel, as `<owner>/<name>` (the team's own, or the platform's). */
    readonly webhookSecret: string;
}

/** The environment's view: one cluster that reads every other one (its peers). */
export interface EnvironmentView {
    readonly cluster: string;
    readonly peers: readonly string[];
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
    /** Dashboard file name → JSON text. */
    readonly dashboards: Readonly<Record<string, string>>;
    readonly teams: readonly TeamAlerts[];
}
