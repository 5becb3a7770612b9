import { MONITORING_STACK_RELEASE } from "../base/constants";
import type { PlatformChart } from "../model/monitoring";

/** Upstream chart repositories platform charts may come from; team charts only come from the platform registry. */
export const PROMETHEUS_COMMUNITY = "https://prometheus-community.github.io/helm-charts";
export const SSTARCHER = "https://shanestarcher.com/helm-charts";
export const ALLOWED_EXTERNAL_REPOSITORIES: readonly string[] = [PROMETHEUS_COMMUNITY, SSTARCHER];

/**
 * The monitoring charts, pinned. The Prometheus operator CRDs are their own release: Helm installs a
 * chart's `crds/` once and never upgrades them, so kube-prometheus-stack runs with its CRDs off.
 */
export const MONITORING_CHARTS = {
    crds: {
        releaseName: "prometheus-operator-crds",
        repository: PROMETHEUS_COMMUNITY,
        chart: "prometheus-operator-crds",
        version: "24.0.2",
    },
    stack: { releaseName: MONITORING_STACK_RELEASE, repository: PROMETHEUS_COMMUNITY, chart: "kube-prometheus-stack", version: "79.5.0" },
    helmExporter: { releaseName: "helm-exporter", repository: SSTARCHER, chart: "helm-exporter", version: "1.3.0" },
} as const satisfies Record<string, PlatformChart>;

/**
 * Labels kube-state-metrics turns into metric labels (`--metric-labels-allowlist`): Helm's storage
 * Secrets carry the release name, status and revision; workloads carry their release; tenant
 * namespaces carry their team.
 */
export const KUBE_STATE_METRICS_LABELS = [
    "secrets=[name,owner,status,version]",
    "deployments=[app.kubernetes.io/instance]",
    "statefulsets=[app.kubernetes.io/instance]",
    "namespaces=[helm-platform/team]",
];

/**
 * Every metric the platform's alert rules and dashboards may use: from helm-exporter (release status,
 * chart and version) and kube-state-metrics (revision via Helm's Secrets, workload health, teams).
 */
export const EXPORTED_METRICS: ReadonlySet<string> = new Set([
    "helm_chart_info",
    "helm_chart_timestamp",
    "kube_secret_labels",
    "kube_deployment_labels",
    "kube_deployment_spec_replicas",
    "kube_deployment_status_replicas_available",
    "kube_statefulset_labels",
    "kube_statefulset_replicas",
    "kube_statefulset_status_replicas_ready",
    "kube_pod_container_status_restarts_total",
    "kube_pod_container_status_waiting_reason",
    "kube_namespace_labels",
]);
