import type { Values } from "../values/merge";

/** Prometheus's own ServiceAccount credentials, mounted in its pod: only platform-written scrape jobs use them. */
const SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";
const token = { credentials_file: `${SERVICE_ACCOUNT_DIR}/token` };
const ca = `${SERVICE_ACCOUNT_DIR}/ca.crt`;

const setLabel = (target_label: string, replacement: string) => ({ target_label, replacement });

/**
 * Kubernetes' own targets, scraped with Prometheus's ServiceAccount token. kube-prometheus-stack ships
 * them as ServiceMonitors that read the token and CA from files; once Prometheus refuses file access
 * through ServiceMonitors (`arbitraryFSAccessThroughSMs.deny`, so that a tenant's ServiceMonitor cannot
 * read them), the operator rejects those, and the platform writes the same jobs as plain scrape
 * configuration instead, which no tenant can touch. Job and `metrics_path` labels match what the
 * chart's rules and dashboards select (`job="kubelet", metrics_path="/metrics/cadvisor"`, `job="apiserver"`,
 * `job="coredns"`).
 * @see https://github.com/prometheus-operator/prometheus-operator/blob/main/Documentation/api-reference/api.md#monitoring.coreos.com/v1.ArbitraryFSAccessThroughSMsConfig
 */
export function kubernetesScrapeJobs(identity: Readonly<Record<string, string>>): Values[] {
    // The cluster's identity on these series too: scrape classes apply to monitors only.
    const labelled = Object.entries(identity).map(([label, value]) => setLabel(label, value));
    const kubelet = (path: string) => ({
        job_name: `kubelet${path.replace(/^\/metrics/, "").replace(/\//g, "-")}`,
        scheme: "https",
        metrics_path: path,
        // The kubelet's own labels (namespace, pod, container) describe the workloads it runs.
        honor_labels: true,
        authorization: token,
        // AKS kubelets serve self-signed certificates, as the chart's default assumes.
        tls_config: { ca_file: ca, insecure_skip_verify: true },
        kubernetes_sd_configs: [{ role: "node" }],
        relabel_configs: [
            { source_labels: ["__meta_kubernetes_node_name"], target_label: "node" },
            setLabel("job", "kubelet"),
            setLabel("metrics_path", path),
            ...labelled,
        ],
    });
    return [
        kubelet("/metrics"),
        kubelet("/metrics/cadvisor"),
        kubelet("/metrics/probes"),
        {
            job_name: "apiserver",
            scheme: "https",
            authorization: token,
            tls_config: { ca_file: ca },
            kubernetes_sd_configs: [{ role: "endpoints", namespaces: { names: ["default"] } }],
            relabel_configs: [
                {
                    action: "keep",
                    source_labels: ["__meta_kubernetes_service_name", "__meta_kubernetes_endpoint_port_name"],
                    regex: "kubernetes;https",
                },
                setLabel("job", "apiserver"),
                ...labelled,
            ],
        },
        {
            job_name: "coredns",
            kubernetes_sd_configs: [{ role: "endpoints", namespaces: { names: ["kube-system"] } }],
            relabel_configs: [
                // The headless Service kube-prometheus-stack creates for CoreDNS (coreDns.service).
                {
                    action: "keep",
                    source_labels: ["__meta_kubernetes_service_label_jobLabel", "__meta_kubernetes_endpoint_port_name"],
                    regex: "coredns;http-metrics",
                },
                { source_labels: ["__meta_kubernetes_pod_name"], target_label: "pod" },
                setLabel("job", "coredns"),
                ...labelled,
            ],
        },
    ];
}
