import { MONITORING_NAMESPACE } from "../../core/base/constants";
import type { StackModel } from "../../core/model/stackModel";
import { PEER_PROMETHEUS_PORT, resolvePeerAddresses } from "../../core/monitoring/stackValues";
import type { Values } from "../../core/values/merge";
import { type ClusterState, helmExporterPage, kubeStateMetricsPage } from "./clusterMetrics";
import { freePort, PrometheusServer, prometheusRelabeling, TextServer } from "./prometheus";

/** Each cluster's real Prometheus, configured from the cluster's kube-prometheus-stack values. */
export interface EnvironmentPrometheus {
    readonly servers: ReadonlyMap<string, PrometheusServer>;
    /** How many releases (team and platform) each cluster runs. */
    readonly own: ReadonlyMap<string, number>;
    stop(): Promise<void>;
}

type PrometheusSpec = { externalLabels: Record<string, string>; scrapeClasses: Values[]; additionalScrapeConfigs: Values[] };
const prometheusSpecOf = (model: StackModel, cluster: string) =>
    ((model.monitoring?.stackValues[cluster]?.values.prometheus ?? {}) as { prometheusSpec: PrometheusSpec }).prometheusSpec;

/** Everything the cluster runs, team and platform releases, with its tenants' namespaces. */
function stateOf(model: StackModel, cluster: string): ClusterState {
    const team = model.releases
        .filter((r) => r.cluster === cluster)
        .map((r) => ({ name: r.name, namespace: r.namespace, chart: r.chart, version: r.version }));
    const platform = (model.monitoring?.releases ?? [])
        .filter((r) => r.cluster === cluster)
        .map((r) => ({ name: r.releaseName, namespace: r.namespace, chart: r.chart, version: r.version }));
    return { releases: [...team, ...platform], teams: model.teams.map((t) => ({ team: t.team, namespace: t.namespace })) };
}

/**
 * A scrape job as the operator renders one for the platform's ServiceMonitors of an exporter in the
 * monitoring namespace (honorLabels on, as both exporters' monitors set it): the target labels the
 * operator always sets, then the default scrape class's relabelings and metric relabelings as the
 * cluster's values define them.
 */
function monitorJob(exporter: string, target: string, path: string, spec: PrometheusSpec): Values {
    const scrapeClass = spec.scrapeClasses.find((c) => c["default"] === true) ?? {};
    const relabel = (key: string) => ((scrapeClass[key] as Values[] | undefined) ?? []).map(prometheusRelabeling);
    return {
        job_name: `serviceMonitor/${MONITORING_NAMESPACE}/${exporter}/0`,
        honor_labels: true,
        metrics_path: path,
        static_configs: [
            {
                targets: [target],
                labels: {
                    namespace: MONITORING_NAMESPACE,
                    service: exporter,
                    endpoint: "http",
                    job: exporter,
                    pod: `${exporter}-0`,
                    container: exporter,
                },
            },
        ],
        relabel_configs: relabel("relabelings"),
        metric_relabel_configs: relabel("metricRelabelings"),
    };
}

/**
 * The cluster's own scrape jobs that can run here (Kubernetes service discovery cannot): the view's
 * federation, its peers' addresses filled in as the monitoring component does, at the ports their
 * servers listen on here instead of {@link PEER_PROMETHEUS_PORT}.
 */
function federationJobs(spec: PrometheusSpec, servers: ReadonlyMap<string, string>): Values[] {
    const hosts = Object.fromEntries([...servers].map(([cluster, address]) => [cluster, address.split(":")[0] as string]));
    const ports = new Map([...servers].map(([cluster, address]) => [cluster, address.split(":")[1] as string]));
    return spec.additionalScrapeConfigs
        .filter((job) => !("kubernetes_sd_configs" in job))
        .map((job) => {
            const resolved = resolvePeerAddresses(job, hosts);
            const statics = (resolved["static_configs"] as { targets: string[]; labels: { federated_from: string } }[]).map((s) => ({
                ...s,
                targets: s.targets.map((t) => t.replace(`:${PEER_PROMETHEUS_PORT}`, `:${ports.get(s.labels.federated_from)}`)),
            }));
            return { ...resolved, static_configs: statics };
        });
}

/**
 * Starts the real Prometheus of every cluster of the environment: each scrapes its exporters (served
 * here from what the cluster runs) through the platform's scrape class, with the cluster's external
 * labels; the view cluster also runs the federation job of its values, pointed at its peers' servers.
 * Returns once every server has stored its own series (at least two samples each) and the view its peers'.
 */
export async function startEnvironmentPrometheus(model: StackModel): Promise<EnvironmentPrometheus> {
    const clusters = model.environment.clusters.map((c) => c.name);
    const pages = new Map<string, () => string>();
    for (const cluster of clusters) {
        const state = stateOf(model, cluster);
        pages.set(`/${cluster}/helm-exporter/metrics`, () => helmExporterPage(state));
        pages.set(`/${cluster}/kube-state-metrics/metrics`, () => kubeStateMetricsPage(state));
    }
    const exporters = await TextServer.start(pages);
    // Every server's address is fixed first, so that all start at once and the view's federation can name its peers.
    const addresses = new Map<string, string>();
    for (const cluster of clusters) {
        addresses.set(cluster, `127.0.0.1:${await freePort()}`);
    }
    const own = new Map(clusters.map((c) => [c, stateOf(model, c).releases.length]));
    const started = await Promise.all(
        clusters.map(async (cluster) => {
            const spec = prometheusSpecOf(model, cluster);
            const server = await PrometheusServer.start(
                {
                    global: { scrape_interval: "1s", external_labels: spec.externalLabels },
                    scrape_configs: [
                        monitorJob("helm-exporter", exporters.address, `/${cluster}/helm-exporter/metrics`, spec),
                        monitorJob("kube-state-metrics", exporters.address, `/${cluster}/kube-state-metrics/metrics`, spec),
                        ...federationJobs(spec, addresses),
                    ],
                },
                addresses.get(cluster),
            );
            // Two samples of every series of its own (rates need two), and on the view of every peer's too.
            const expected =
                cluster === model.monitoring?.view?.cluster ? clusters.reduce((n, c) => n + (own.get(c) ?? 0), 0) : own.get(cluster);
            await server.until(
                async () =>
                    (await server.query("count(count_over_time(kube_pod_container_status_restarts_total[1m]) >= 2)"))[0]?.value ===
                    expected,
                "two samples of every pod",
            );
            await server.until(
                async () => (await server.query("count(count_over_time(helm_chart_info[1m]) >= 2)"))[0]?.value === expected,
                "two samples of every release",
            );
            return [cluster, server] as const;
        }),
    );
    const servers = new Map(started);
    return {
        servers,
        own,
        stop: async () => {
            await Promise.all([...servers.values()].map((s) => s.stop()));
            await exporters.stop();
        },
    };
}
