import {
    MANAGED_BY,
    MANAGED_BY_LABEL,
    MONITORING_NAMESPACE,
    PLATFORM_SECRET_OWNER,
    TEAM_NAMESPACE_LABEL,
    UNKNOWN,
} from "../base/constants";
import { slackText } from "../base/escape";
import type { ClusterSpec, EnvironmentSpec } from "../model/environment";
import type { EnvironmentView, TeamAlerts } from "../model/monitoring";
import { mapLeaves, type Values } from "../values/merge";
import { ownedSecret, secretRef } from "../values/secrets";
import { KUBE_STATE_METRICS_LABELS } from "./charts";
import { kubernetesScrapeJobs } from "./scrapeJobs";

/** Kinds tenants may write that Prometheus reads; the operator labels them with their namespace of origin. */
const MONITORING_KINDS = ["servicemonitors", "podmonitors", "probes", "prometheusrules"] as const;

/** The labels every stored series carries: which cluster and environment it was scraped in. */
const identityLabels = (environment: string, cluster: string) => ({ cluster, environment });

/**
 * Prometheus does not trust what tenants write: a ServiceMonitor may not read files from Prometheus's
 * pod (`arbitraryFSAccessThroughSMs`, which would hand out its ServiceAccount token) nor select other
 * namespaces (`ignoreNamespaceSelectors`), and every series a tenant's monitor scrapes and every alert a
 * tenant's rule raises carries the tenant's own namespace (`enforcedNamespaceLabel`), so a team cannot
 * fake the label that routes alerts. The platform's own monitors and rules, in the monitoring namespace,
 * keep the namespaces their metrics are about.
 * @see https://prometheus-operator.dev/docs/platform/prometheus-agent/#multi-tenancy
 */
function tenantDistrust(): Values {
    return {
        arbitraryFSAccessThroughSMs: { deny: true },
        ignoreNamespaceSelectors: true,
        enforcedNamespaceLabel: "namespace",
        excludedFromEnforcement: MONITORING_KINDS.map((resource) => ({
            group: "monitoring.coreos.com",
            resource,
            namespace: MONITORING_NAMESPACE,
        })),
    };
}

/**
 * The default scrape class: every target every monitor scrapes gets the cluster's and the environment's
 * labels when it is stored, not only when it leaves (external labels are added to federated series and
 * alerts only). Rules, dashboards and federation then read the same labels on every cluster. Set on the
 * target (so `up` has them too) and again on every sample, so that an exporter's own `cluster` label
 * kept by `honorLabels` does not win. A monitor's own metric relabelings come after the class's: a team
 * can relabel its own series, in its own namespace (which is enforced last), and nothing else.
 * @see https://prometheus-operator.dev/docs/developer/scrapeclass/
 */
function identityScrapeClass(labels: Readonly<Record<string, string>>): Values {
    const set = Object.entries(labels).map(([targetLabel, replacement]) => ({ action: "replace", targetLabel, replacement }));
    return { name: IDENTITY_SCRAPE_CLASS, default: true, relabelings: set, metricRelabelings: set };
}

/** The name of the platform's default scrape class. */
export const IDENTITY_SCRAPE_CLASS = "helm-platform";

/**
 * What the platform sets in kube-prometheus-stack on every cluster (the lowest layer: the values files
 * may tune anything): the cluster's identity on every stored series (a default scrape class, and the
 * same on the platform's own jobs) and on what leaves (external labels), CRDs left to their own release,
 * rules and monitors selected in every namespace but trusted only as far as {@link tenantDistrust}
 * allows, Kubernetes' own targets as platform scrape jobs, the control-plane components AKS manages (and
 * so does not expose) switched off, the label allowlist, the dashboard sidecar, Grafana's admin password,
 * Alertmanager routing to Slack. Secrets are references, resolved only for the release.
 */
export function injectedStackValues(environment: EnvironmentSpec, cluster: ClusterSpec): Values {
    const m = environment.monitoring;
    const off = { enabled: false };
    const labels = identityLabels(environment.name, cluster.name);
    return {
        crds: off,
        prometheus: {
            prometheusSpec: {
                externalLabels: labels,
                scrapeClasses: [identityScrapeClass(labels)],
                serviceMonitorSelectorNilUsesHelmValues: false,
                podMonitorSelectorNilUsesHelmValues: false,
                ruleSelectorNilUsesHelmValues: false,
                ...tenantDistrust(),
                additionalScrapeConfigs: kubernetesScrapeJobs(labels),
            },
        },
        // Scraped by the jobs above instead: their ServiceMonitors read files, which Prometheus now refuses.
        kubelet: { serviceMonitor: off },
        kubeApiServer: { serviceMonitor: off },
        coreDns: { serviceMonitor: off },
        // The control plane and kube-proxy are AKS's (Cilium replaces kube-proxy): nothing to scrape, and
        // their "down" alerts would fire forever.
        kubeControllerManager: off,
        kubeScheduler: off,
        kubeEtcd: off,
        kubeProxy: off,
        "kube-state-metrics": { metricLabelsAllowlist: [...KUBE_STATE_METRICS_LABELS] },
        grafana: {
            adminPassword: secretRef(ownedSecret(PLATFORM_SECRET_OWNER, m.grafanaAdminPasswordSecret)),
            // Dashboards from the platform's namespace only (the chart's default is ALL: any tenant's
            // ConfigMap labelled grafana_dashboard could replace a platform dashboard), and Grafana's
            // sidecars may read ConfigMaps and Secrets there only (a Role, not a ClusterRole).
            sidecar: {
                dashboards: { enabled: true, label: "grafana_dashboard", labelValue: "1", searchNamespace: [MONITORING_NAMESPACE] },
            },
            rbac: { namespaced: true },
        },
        alertmanager: {
            // Teams' routes are AlertmanagerConfigs in their own namespaces, written by the platform: each
            // matches only its namespace's alerts (the operator adds the matcher) and continues to the
            // platform's routes; a team's chart cannot write one (the installer's Role does not reach them).
            alertmanagerSpec: {
                alertmanagerConfigSelector: { matchLabels: { [MANAGED_BY_LABEL]: MANAGED_BY } },
                alertmanagerConfigNamespaceSelector: { matchExpressions: [{ key: TEAM_NAMESPACE_LABEL, operator: "Exists" }] },
                alertmanagerConfigMatcherStrategy: { type: "OnNamespace" },
            },
            ...(m.slack ? { config: alertmanagerConfig(m.slack) } : {}),
        },
    };
}

/** The Slack message of an alert, the platform's and every team's. */
export const SLACK_MESSAGE = {
    // Alert names and annotations are tenants' (their PrometheusRules): escaped for Slack. The runbook
    // names the command that fixes the alert's release.
    title: `[{{ .Status | toUpper }}] ${slackText(".CommonLabels.alertname")} (${slackText(".CommonLabels.cluster")})`,
    text: `{{ range .Alerts }}${slackText(".Annotations.summary")}\n{{ if .Annotations.runbook }}Runbook: ${slackText(".Annotations.runbook")}\n{{ end }}{{ end }}`,
} as const;

/**
 * The platform's routing: everything to the platform channel, Watchdog nowhere. Teams' routes come first,
 * from their AlertmanagerConfigs (the operator puts them before these, each with `continue: true`). The
 * platform's webhook is the global one, so a team channel without a webhook of its own posts through it
 * without the URL ever leaving the monitoring namespace.
 */
export function alertmanagerConfig(slack: { readonly channel: string; readonly webhookSecret: string }): Values {
    return {
        global: { slack_api_url: secretRef(ownedSecret(PLATFORM_SECRET_OWNER, slack.webhookSecret)) },
        route: {
            receiver: "platform",
            group_by: [...ALERT_GROUP_BY],
            routes: [{ receiver: "null", matchers: ['alertname="Watchdog"'] }, { receiver: "platform" }],
        },
        receivers: [
            { name: "null" },
            { name: "platform", slack_configs: [{ channel: slack.channel, send_resolved: true, ...SLACK_MESSAGE }] },
        ],
    };
}

/** How alerts are grouped into Slack messages, the platform's and every team's. */
export const ALERT_GROUP_BY = ["alertname", "cluster", "namespace"] as const;

/** The AlertmanagerConfig (`monitoring.coreos.com/v1alpha1`) of a team: its channel, for its namespace's alerts. */
export function teamAlertmanagerConfig(alerts: TeamAlerts, webhook?: { readonly secretName: string; readonly key: string }): Values {
    return {
        route: { receiver: "slack", groupBy: [...ALERT_GROUP_BY] },
        receivers: [
            {
                name: "slack",
                slackConfigs: [
                    {
                        channel: alerts.slackChannel,
                        sendResolved: true,
                        ...SLACK_MESSAGE,
                        ...(webhook ? { apiURL: { name: webhook.secretName, key: webhook.key } } : {}),
                    },
                ],
            },
        ],
    };
}

/**
 * The view of an environment with several clusters and `monitoring.view: environment`: its first
 * cluster. Undefined for a single cluster or `view: cluster` (each cluster stands alone).
 */
export function environmentView(environment: EnvironmentSpec): EnvironmentView | undefined {
    const [first, ...others] = environment.clusters;
    return environment.monitoring.view === "environment" && first && others.length > 0
        ? { cluster: first.name, peers: others.map((c) => c.name), sourceRanges: [...first.network.vnetCidrs] }
        : undefined;
}

/** Port of the Service through which a cluster's Prometheus is reachable from its environment's view. */
export const PEER_PROMETHEUS_PORT = 9090;

/** The label federated series carry on the view cluster: the peer they came from. Local series have none. */
export const FEDERATED_FROM = "federated_from";

/**
 * What the view cluster federates from its peers: the series the platform's alerts and dashboards read,
 * narrowed to the ones about releases and teams.
 */
export const FEDERATED_SERIES: readonly string[] = [
    "helm_chart_info",
    'kube_secret_labels{label_owner="helm"}',
    "kube_deployment_spec_replicas",
    "kube_deployment_status_replicas_available",
    'kube_deployment_labels{label_app_kubernetes_io_instance!=""}',
    "kube_statefulset_replicas",
    "kube_statefulset_status_replicas_ready",
    'kube_statefulset_labels{label_app_kubernetes_io_instance!=""}',
    "kube_pod_container_status_restarts_total",
    "kube_pod_container_status_waiting_reason",
    'kube_namespace_labels{label_helm_platform_team!=""}',
];

/**
 * A peer's address, known only once its internal load balancer exists: this stands for it in the values
 * (NUL and a name that ends at `;`, so it is no YAML text and no cluster name runs into another), and the
 * monitoring component puts the address in its place; the plan shows every value holding one as unknown.
 */
const PEER_ADDRESS_PREFIX = "\u0000helm-platform-peer:";
// biome-ignore lint/suspicious/noControlCharactersInRegex: the NUL is what makes the reference impossible to write in YAML.
const PEER_ADDRESS = /\u0000helm-platform-peer:([a-z0-9-]+);/g;
export const peerAddressRef = (cluster: string) => `${PEER_ADDRESS_PREFIX}${cluster};`;

/** Every string leaf that holds a peer's address as `[unknown]`, as the plan shows it; never mutates its input. */
export function maskPeerAddresses(values: unknown): unknown {
    return mapLeaves(values, (leaf) => (typeof leaf === "string" && leaf.includes(PEER_ADDRESS_PREFIX) ? UNKNOWN : leaf));
}

/** The values with every peer's address filled in; fails on a peer whose address is not given. */
export function resolvePeerAddresses(values: Values, addresses: Readonly<Record<string, string>>): Values {
    const fill = (_: string, cluster: string) => {
        const address = addresses[cluster];
        if (address === undefined) {
            throw new Error(`the address of cluster ${cluster}'s Prometheus is not known here`);
        }
        return address;
    };
    return mapLeaves(values, (leaf) => (typeof leaf === "string" ? leaf.replace(PEER_ADDRESS, fill) : leaf)) as Values;
}

/**
 * Values of the environment's view cluster: Grafana gets a data source per peer, and Prometheus
 * federates their release and team series ({@link FEDERATED_SERIES}), which keep the peer's own cluster
 * label and gain {@link FEDERATED_FROM}; so dashboards and the cross-cluster drift alert see the whole
 * environment. The federation job is added to the cluster's own scrape jobs (`jobs`).
 * @see https://prometheus.io/docs/prometheus/latest/federation/
 */
export function environmentViewValues(
    peers: readonly { readonly cluster: string; readonly address: string }[],
    jobs: readonly unknown[] = [],
): Values {
    if (peers.length === 0) {
        return {};
    }
    return {
        grafana: {
            additionalDataSources: peers.map((p) => ({
                name: `Prometheus ${p.cluster}`,
                type: "prometheus",
                access: "proxy",
                url: `http://${p.address}:${PEER_PROMETHEUS_PORT}`,
            })),
        },
        prometheus: {
            prometheusSpec: {
                additionalScrapeConfigs: [
                    ...jobs,
                    {
                        job_name: "environment-federation",
                        honor_labels: true,
                        metrics_path: "/federate",
                        params: { "match[]": [...FEDERATED_SERIES] },
                        static_configs: peers.map((p) => ({
                            targets: [`${p.address}:${PEER_PROMETHEUS_PORT}`],
                            labels: { [FEDERATED_FROM]: p.cluster },
                        })),
                    },
                ],
            },
        },
    };
}
