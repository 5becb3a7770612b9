import type { ClusterSpec, EnvironmentSpec } from "../config/environment";
import { parseYamlFile } from "../config/yamlFile";
import type { Problem } from "../problems";
import type { SourceTree } from "../sourceTree";
import type { ValuesReader } from "../values/hierarchy";
import { isMap, type MergedValues, type Values } from "../values/merge";
import { MONITORING_NAMESPACE, PLATFORM_SECRET_OWNER } from "../constants";
import { ownedSecret, secretRef } from "../values/secrets";
import { KUBE_STATE_METRICS_LABELS } from "./charts";
import { kubernetesScrapeJobs } from "./scrapeJobs";

/** Where alert rules and dashboards live in the repository. */
export const MONITORING_DIR = { alerts: "monitoring/alerts", dashboards: "monitoring/dashboards" };

/** The team dashboard, delivered once per team with its namespace fixed. */
export const TEAM_DASHBOARD = "team-releases.json";

/** A team's alert destination. */
export interface TeamAlerts {
    readonly team: string;
    readonly namespace: string;
    readonly slackChannel: string;
    /** The secret of the webhook that posts to the channel, as `<owner>/<name>` (the team's own, or the platform's). */
    readonly webhookSecret: string;
}

/** Monitoring of one environment: per-cluster chart values, alert rules and dashboards, all from files. */
export interface MonitoringSpec {
    /** kube-prometheus-stack values per cluster, with provenance. */
    readonly stackValues: Readonly<Record<string, MergedValues>>;
    /** The `spec` of the platform's PrometheusRule. */
    readonly rules: { readonly groups: readonly Values[] };
    /** Dashboard file name → JSON text. */
    readonly dashboards: Readonly<Record<string, string>>;
    readonly teams: readonly TeamAlerts[];
}

/** Reads the alert rules and dashboards and merges each cluster's values. */
export function loadMonitoring(
    tree: SourceTree,
    environment: EnvironmentSpec,
    teams: readonly TeamAlerts[],
    reader: ValuesReader,
    problems: Problem[],
): MonitoringSpec {
    const stackValues: Record<string, MergedValues> = {};
    for (const cluster of environment.clusters) {
        const files = ["values/monitoring/common.yaml", `values/monitoring/${environment.name}.yaml`];
        stackValues[cluster.name] = reader.merge(files, injectedStackValues(environment, cluster, teams));
    }
    return { stackValues, rules: { groups: readRuleGroups(tree, problems) }, dashboards: readDashboards(tree, problems), teams };
}

/** Kinds tenants may write that Prometheus reads; the operator labels them with their namespace of origin. */
const MONITORING_KINDS = ["servicemonitors", "podmonitors", "probes", "prometheusrules"] as const;

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
        excludedFromEnforcement: MONITORING_KINDS.map((resource) => ({ group: "monitoring.coreos.com", resource, namespace: MONITORING_NAMESPACE })),
    };
}

/**
 * What the platform sets in kube-prometheus-stack on every cluster (the lowest layer: the values files
 * may tune anything): external labels, CRDs left to their own release, rules and monitors selected in
 * every namespace but trusted only as far as {@link tenantDistrust} allows, Kubernetes' own targets as
 * platform scrape jobs, the control-plane components AKS manages (and so does not expose) switched off,
 * the label allowlist, the dashboard sidecar, Grafana's admin password, Alertmanager routing to Slack.
 * Secrets are references, resolved only for the release.
 */
export function injectedStackValues(environment: EnvironmentSpec, cluster: ClusterSpec, teams: readonly TeamAlerts[]): Values {
    const m = environment.monitoring;
    const off = { enabled: false };
    return {
        crds: off,
        prometheus: {
            prometheusSpec: {
                externalLabels: { cluster: cluster.name, environment: environment.name },
                serviceMonitorSelectorNilUsesHelmValues: false,
                podMonitorSelectorNilUsesHelmValues: false,
                ruleSelectorNilUsesHelmValues: false,
                ...tenantDistrust(),
                additionalScrapeConfigs: kubernetesScrapeJobs(),
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
            sidecar: { dashboards: { enabled: true, label: "grafana_dashboard", labelValue: "1", searchNamespace: "ALL" } },
        },
        alertmanager: m.slack ? { config: alertmanagerConfig(m.slack, teams) } : {},
    };
}

/**
 * Routing: a team's alerts (matched on its namespace) go to its channel and continue to the platform
 * channel; everything else to the platform channel; Watchdog nowhere.
 */
export function alertmanagerConfig(slack: { readonly channel: string; readonly webhookSecret: string }, teams: readonly TeamAlerts[]): Values {
    const receiver = (name: string, channel: string, webhook: string) => ({
        name,
        slack_configs: [{
            api_url: secretRef(webhook),
            channel,
            send_resolved: true,
            title: "[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }} ({{ .CommonLabels.cluster }})",
            text: "{{ range .Alerts }}{{ .Annotations.summary }}\n{{ end }}",
        }],
    });
    return {
        route: {
            receiver: "platform",
            group_by: ["alertname", "cluster", "namespace"],
            routes: [
                { receiver: "null", matchers: ['alertname="Watchdog"'] },
                ...teams.map((t) => ({ receiver: `team-${t.team}`, matchers: [`namespace="${t.namespace}"`], continue: true })),
                { receiver: "platform" },
            ],
        },
        receivers: [
            { name: "null" },
            receiver("platform", slack.channel, ownedSecret(PLATFORM_SECRET_OWNER, slack.webhookSecret)),
            ...teams.map((t) => receiver(`team-${t.team}`, t.slackChannel, t.webhookSecret)),
        ],
    };
}

function readRuleGroups(tree: SourceTree, problems: Problem[]): Values[] {
    return tree.list(MONITORING_DIR.alerts).flatMap((name) => {
        const file = `${MONITORING_DIR.alerts}/${name}`;
        const parsed = parseYamlFile(file, tree.read(file) ?? "");
        if (!parsed.ok) {
            problems.push(...parsed.problems);
            return [];
        }
        const groups = isMap(parsed.yaml.data) ? parsed.yaml.data["groups"] : undefined;
        if (!Array.isArray(groups)) {
            problems.push({ file, line: 1, path: "groups", message: "an alerts file holds a list of rule groups under groups:", hint: "write groups: [{name: ..., rules: [...]}], as in a PrometheusRule's spec" });
            return [];
        }
        return groups as Values[];
    });
}

function readDashboards(tree: SourceTree, problems: Problem[]): Record<string, string> {
    const dashboards: Record<string, string> = {};
    for (const name of tree.list(MONITORING_DIR.dashboards)) {
        const file = `${MONITORING_DIR.dashboards}/${name}`;
        const text = tree.read(file) ?? "";
        try {
            JSON.parse(text);
            dashboards[name] = text;
        } catch (e) {
            problems.push({ file, path: "", message: `is not valid JSON: ${(e as Error).message}`, hint: "export the dashboard from Grafana again (Share, Export, Save to file)" });
        }
    }
    return dashboards;
}

/** Port of the Service through which a cluster's Prometheus is reachable from its environment's view. */
export const PEER_PROMETHEUS_PORT = 9090;

/**
 * Values of the environment's view cluster (its first): Grafana gets a data source per other cluster,
 * and Prometheus federates their release metrics, so dashboards and the cross-cluster drift alert see
 * the whole environment. `/federate` carries each peer's external labels (cluster, environment). The
 * federation job is added to the cluster's own scrape jobs (`jobs`), which a values layer would replace.
 * @see https://prometheus.io/docs/prometheus/latest/federation/
 */
export function environmentViewValues(peers: readonly { readonly cluster: string; readonly address: string }[], jobs: readonly unknown[] = []): Values {
    if (peers.length === 0) {
        return {};
    }
    const url = (address: string) => `http://${address}:${PEER_PROMETHEUS_PORT}`;
    return {
        grafana: {
            additionalDataSources: peers.map((p) => ({ name: `Prometheus ${p.cluster}`, type: "prometheus", access: "proxy", url: url(p.address) })),
        },
        prometheus: {
            prometheusSpec: {
                additionalScrapeConfigs: [...jobs, {
                    job_name: "environment-federation",
                    honor_labels: true,
                    metrics_path: "/federate",
                    params: { "match[]": ["{__name__=~\"helm_chart_info|kube_deployment_.*|kube_pod_container_status_.*\"}"] },
                    static_configs: peers.map((p) => ({ targets: [`${p.address}:${PEER_PROMETHEUS_PORT}`], labels: { federated_from: p.cluster } })),
                }],
            },
        },
    };
}
