import { MONITOR_POLICIES } from "../../../core/tenancy/admissionMonitors";
import { type AdmissionRequest, type Allowed, type Denied, fintech, policyTable, tenant } from "../../support/admission";

const ns = tenant("fintech").namespace;
type Spec = Record<string, unknown>;

/**
 * A request for a prometheus-operator object. Its fields are those of the operator's CRDs at the
 * pinned prometheus-operator-crds chart (v0.86.2); there is no model of them to validate against.
 */
const monitor = (kind: string, resource: string, spec: Spec, version = "v1"): AdmissionRequest => ({
    group: "monitoring.coreos.com",
    version,
    resource,
    operation: "CREATE",
    object: { apiVersion: `monitoring.coreos.com/${version}`, kind, metadata: { name: "m", namespace: ns }, spec },
    namespaceObject: fintech,
});
const selector = { matchLabels: { "app.kubernetes.io/name": "ledger" } };
const serviceMonitor = (endpoint: Spec, spec: Spec = {}) =>
    monitor("ServiceMonitor", "servicemonitors", { selector, endpoints: [{ port: "metrics", ...endpoint }], ...spec });
const podMonitor = (endpoint: Spec, spec: Spec = {}) =>
    monitor("PodMonitor", "podmonitors", { selector, podMetricsEndpoints: [{ port: "metrics", ...endpoint }], ...spec });
const toAddress = { sourceLabels: ["__meta_kubernetes_pod_annotation_target"], targetLabel: "__address__", action: "replace" };

const ALLOWED: Allowed[] = [
    ["a ServiceMonitor of the team's Service", serviceMonitor({ path: "/metrics", interval: "30s" })],
    ["a ServiceMonitor selecting its own namespace by name", serviceMonitor({}, { namespaceSelector: { matchNames: [ns] } })],
    [
        "relabelings that name the pod and drop a label",
        serviceMonitor({
            relabelings: [{ sourceLabels: ["__meta_kubernetes_pod_name"], targetLabel: "pod", action: "replace" }],
            metricRelabelings: [{ regex: "tmp_.*", action: "labeldrop" }],
        }),
    ],
    ["a labelmap after the scrape", podMonitor({ metricRelabelings: [{ regex: "old_(.+)", replacement: "$1", action: "labelmap" }] })],
    ["a PodMonitor of the team's pods", podMonitor({ interval: "15s" })],
];

const DENIED: Denied[] = [
    ["a ServiceMonitor selecting every namespace", serviceMonitor({}, { namespaceSelector: { any: true } }), /own namespace only/],
    [
        "a ServiceMonitor selecting another team's namespace",
        serviceMonitor({}, { namespaceSelector: { matchNames: ["retail"] } }),
        /own namespace only/,
    ],
    [
        "a PodMonitor selecting another namespace too",
        podMonitor({}, { namespaceSelector: { matchNames: [ns, "monitoring"] } }),
        /own namespace only/,
    ],
    [
        "a relabeling that rewrites __address__ to another namespace's Service",
        serviceMonitor({ relabelings: [{ ...toAddress, replacement: "ledger.retail.svc:8080" }] }),
        /relabel __address__/,
    ],
    ["a PodMonitor rewriting __address__", podMonitor({ relabelings: [toAddress] }), /relabel __address__/],
    [
        "a metric relabeling writing __address__",
        serviceMonitor({ metricRelabelings: [{ targetLabel: "__address__", replacement: "x:1" }] }),
        /relabel __address__/,
    ],
    [
        "a target label spelled from capture groups",
        serviceMonitor({
            relabelings: [
                { sourceLabels: ["__meta_kubernetes_pod_annotation_x"], regex: "(.*)", targetLabel: "__addr$1", replacement: "ess__" },
            ],
        }),
        /capture groups/,
    ],
    [
        "a labelmap before the scrape",
        podMonitor({ relabelings: [{ regex: "__meta_kubernetes_pod_annotation_x_(__address__)x", action: "LabelMap" }] }),
        /labelmap before the scrape/,
    ],
    ["a scrape through a proxy", serviceMonitor({ proxyUrl: "http://ledger.retail.svc:8080" }), /proxyUrl/],
    [
        "a Probe",
        monitor("Probe", "probes", { prober: { url: "ledger.retail.svc:8080" }, targets: { staticConfig: { static: ["x"] } } }),
        /Probes and ScrapeConfigs are refused/,
    ],
    [
        "a ScrapeConfig",
        monitor("ScrapeConfig", "scrapeconfigs", { staticConfigs: [{ targets: ["ledger.retail.svc:8080"] }] }, "v1alpha1"),
        /Probes and ScrapeConfigs/,
    ],
];

describe("admission of tenants' monitors: Prometheus scrapes what discovery found in the team's namespace", () => {
    policyTable(MONITOR_POLICIES, ALLOWED, DENIED);
});
