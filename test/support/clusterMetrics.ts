import { chartNameOf, type PlanRelease } from "../../core/report/planTypes";

/** What runs on one cluster, as its exporters see it. */
export interface ClusterState {
    readonly releases: readonly Pick<PlanRelease, "name" | "namespace" | "chart" | "version">[];
    /** Tenant namespaces and their teams. */
    readonly teams: readonly { readonly team: string; readonly namespace: string }[];
}

type Labels = Readonly<Record<string, string>>;

const line = (name: string, labels: Labels, value: number) =>
    `${name}{${Object.entries(labels)
        .map(([k, v]) => `${k}="${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`)
        .join(",")}} ${value}`;

/**
 * helm-exporter's page: one `helm_chart_info` per release (value 1, deployed) with the labels the
 * exporter sets (chart, release, version, appVersion, updated, namespace, latestVersion).
 */
export function helmExporterPage(state: ClusterState): string {
    return `${[
        "# TYPE helm_chart_info gauge",
        ...state.releases.map((r) =>
            line(
                "helm_chart_info",
                {
                    chart: chartNameOf(r),
                    release: r.name,
                    version: r.version,
                    appVersion: "1.0.0",
                    updated: "1764000000",
                    namespace: r.namespace,
                    latestVersion: r.version,
                },
                1,
            ),
        ),
    ].join("\n")}\n`;
}

/**
 * kube-state-metrics' page with the platform's label allowlist: per release a Deployment of two ready
 * replicas with its instance label, one pod, Helm's storage Secret; per tenant namespace its team label.
 */
export function kubeStateMetricsPage(state: ClusterState): string {
    const lines: string[] = [];
    for (const r of state.releases) {
        const deployment = { namespace: r.namespace, deployment: r.name };
        const pod = { namespace: r.namespace, pod: `${r.name}-5d8f7c9b4-x2x7q`, uid: `uid-${r.name}`, container: "app" };
        lines.push(
            line("kube_deployment_spec_replicas", deployment, 2),
            line("kube_deployment_status_replicas_available", deployment, 2),
            line("kube_deployment_labels", { ...deployment, label_app_kubernetes_io_instance: r.name }, 1),
            line("kube_pod_container_status_restarts_total", pod, 0),
            line("kube_pod_container_status_waiting_reason", { ...pod, reason: "ContainerCreating" }, 0),
            line(
                "kube_secret_labels",
                {
                    namespace: r.namespace,
                    secret: `sh.helm.release.v1.${r.name}.v3`,
                    label_name: r.name,
                    label_owner: "helm",
                    label_status: "deployed",
                    label_version: "3",
                },
                1,
            ),
        );
    }
    for (const t of state.teams) {
        lines.push(line("kube_namespace_labels", { namespace: t.namespace, label_helm_platform_team: t.team }, 1));
    }
    return `${lines.join("\n")}\n`;
}
