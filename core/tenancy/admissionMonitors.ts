/**
 * Admission of what tenants write for Prometheus: a team's monitors scrape its own namespace's targets
 * at the addresses service discovery found, so what is stored under the team's namespace came from it.
 */
import type { AdmissionPolicy, Validation } from "./admissionPolicy";

const MONITORING_GROUP = "monitoring.coreos.com";

/** The relabelings of one endpoint that run before the scrape (`relabelings`) and after it (`metricRelabelings`). */
const relabelings = (e: string) =>
    `((has(${e}.relabelings) ? ${e}.relabelings : []) + (has(${e}.metricRelabelings) ? ${e}.metricRelabelings : []))`;

/**
 * Checks of a ServiceMonitor's or PodMonitor's endpoints (`variables.endpoints`):
 * - no relabeling writes `__address__` (the address Prometheus scrapes), nor a target label built from
 *   capture groups (`$1`), which could spell it;
 * - no `labelmap` before the scrape: its replacement names labels, `__address__` included, from
 *   label names a team controls (a pod annotation's key);
 * - no `proxyUrl`: Prometheus would send the scrape to an address the team names.
 * @see https://prometheus.io/docs/prometheus/latest/configuration/configuration/#relabel_config
 */
const endpointValidations: readonly Validation[] = [
    {
        expression: `variables.endpoints.all(e, ${relabelings("e")}.all(r, !has(r.targetLabel) || (r.targetLabel != '__address__' && !r.targetLabel.contains('$'))))`,
        message:
            "tenant monitors may not relabel __address__ (nor write a target label from capture groups): they scrape what discovery found",
        reason: "Forbidden",
    },
    {
        expression:
            "variables.endpoints.all(e, !has(e.relabelings) || e.relabelings.all(r, !has(r.action) || r.action.lowerAscii() != 'labelmap'))",
        message: "tenant monitors may not labelmap before the scrape (it can write __address__); replace the labels one by one",
        reason: "Forbidden",
    },
    {
        expression: "variables.endpoints.all(e, !has(e.proxyUrl))",
        message: "tenant monitors may not scrape through a proxyUrl (it sends the scrape to an address the team names)",
        reason: "Forbidden",
    },
];

/** The monitor discovers targets in its own namespace only (Prometheus also ignores namespace selectors: `ignoreNamespaceSelectors`). */
const ownNamespace: Validation = {
    expression:
        "!has(object.spec.namespaceSelector) || ((!has(object.spec.namespaceSelector.any) || !object.spec.namespaceSelector.any) && (!has(object.spec.namespaceSelector.matchNames) || object.spec.namespaceSelector.matchNames.all(n, n == request.namespace)))",
    message: "tenant monitors select targets in their own namespace only (namespaceSelector)",
    reason: "Forbidden",
};

const monitorPolicy = (name: string, kind: string, resource: string, endpoints: string): AdmissionPolicy => ({
    name,
    description: `${kind}s scrape their own namespace's targets at the address discovery found: no other namespaces, no __address__ rewrites, no proxies`,
    resources: [{ apiGroups: [MONITORING_GROUP], apiVersions: ["v1"], resources: [resource] }],
    variables: [{ name: "endpoints", expression: `has(object.spec.${endpoints}) ? object.spec.${endpoints} : []` }],
    validations: [ownNamespace, ...endpointValidations],
});

/** The monitoring policies: ServiceMonitors, PodMonitors, and no Probes or ScrapeConfigs at all. */
export const MONITOR_POLICIES: readonly AdmissionPolicy[] = [
    monitorPolicy("helm-platform-tenant-servicemonitors", "ServiceMonitor", "servicemonitors", "endpoints"),
    monitorPolicy("helm-platform-tenant-podmonitors", "PodMonitor", "podmonitors", "podMetricsEndpoints"),
    {
        name: "helm-platform-tenant-probes",
        description: "No Probes or ScrapeConfigs in tenant namespaces: both name any address for Prometheus to request",
        resources: [
            { apiGroups: [MONITORING_GROUP], apiVersions: ["v1"], resources: ["probes"] },
            { apiGroups: [MONITORING_GROUP], apiVersions: ["v1alpha1"], resources: ["scrapeconfigs"] },
        ],
        variables: [],
        validations: [
            {
                expression: "false",
                message:
                    "Probes and ScrapeConfigs are refused in tenant namespaces (they make Prometheus request any address); use a ServiceMonitor",
                reason: "Forbidden",
            },
        ],
    },
];
