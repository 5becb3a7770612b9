import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { MANAGED_BY, MONITORING_NAMESPACE, PROMETHEUS_POD_LABELS } from "../../core/base/constants";
import { kubernetesKindOf, TYPE } from "../../core/base/resourceTypes";
import type { PlatformChart } from "../../core/model/monitoring";
import { MONITORING_CHARTS } from "../../core/monitoring/charts";
import { TEAM_DASHBOARD } from "../../core/monitoring/model";
import { HELM_EXPORTER_VALUES } from "../../core/monitoring/releases";
import { PEER_PROMETHEUS_PORT } from "../../core/monitoring/stackValues";
import type { Values } from "../../core/values/merge";
import { HelmRelease } from "../release/helmRelease";

/** The cluster comes from the options: `provider`, the cluster's (platform) Kubernetes provider. */
export interface MonitoringStackArgs {
    /** kube-prometheus-stack values (merged; a secret when they hold the webhook or Grafana password). */
    readonly stackValues: pulumi.Input<Values>;
    /** `spec` of the platform's PrometheusRule. */
    readonly rules: { readonly groups: readonly Values[] };
    /** Dashboard file name → JSON text, provisioned through the Grafana sidecar (the team dashboard is each team's own). */
    readonly dashboards: Readonly<Record<string, string>>;
    /**
     * Expose this cluster's Prometheus on an internal load balancer, for the environment's view cluster
     * (which must reach the cluster's virtual network), admitting only `sourceRanges`: the view cluster's
     * virtual network. @default not exposed
     */
    readonly exposeToEnvironment?: { readonly sourceRanges: readonly string[] };
    /**
     * Where each monitoring chart comes from: its public repository, or the environment's registry
     * (mirrored, pinned to a digest).
     * @default each chart from its public repository, at the version the platform pins
     */
    readonly charts?: { readonly [K in keyof typeof MONITORING_CHARTS]?: PlatformChart };
}

const platformRelease = (chart: PlatformChart) => ({
    releaseName: chart.releaseName,
    chart: chart.chart,
    repository: chart.repository,
    version: chart.version,
    digest: chart.digest,
});

/**
 * Prometheus, Alertmanager, Grafana and helm-exporter on one cluster. The operator's CRDs are a release
 * of their own that everything else waits for: Helm never upgrades CRDs from a chart's `crds/`.
 */
export class MonitoringStack extends pulumi.ComponentResource {
    /** The CRD release: anything creating ServiceMonitors or PrometheusRules must wait for it. */
    public readonly crds: HelmRelease;
    /** The kube-prometheus-stack release: Prometheus, Alertmanager and Grafana. */
    public readonly stack: HelmRelease;
    /** Internal address of this cluster's Prometheus, when exposed to the environment view. */
    public readonly peerAddress?: pulumi.Output<string>;

    constructor(name: string, args: MonitoringStackArgs, opts?: pulumi.ComponentResourceOptions) {
        super(TYPE.monitoringStack, name, {}, opts);
        const namespace = new k8s.core.v1.Namespace(
            `${name}-ns`,
            {
                metadata: {
                    name: MONITORING_NAMESPACE,
                    // node-exporter needs the host's network and PID namespaces.
                    labels: { "app.kubernetes.io/managed-by": MANAGED_BY, "pod-security.kubernetes.io/enforce": "privileged" },
                },
            },
            { parent: this, dependsOn: opts?.dependsOn },
        );
        const inNamespace = { namespace: namespace.metadata.name };
        this.crds = new HelmRelease(
            `${name}-crds`,
            { ...inNamespace, ...platformRelease(args.charts?.crds ?? MONITORING_CHARTS.crds), values: {} },
            { parent: this, dependsOn: [namespace] },
        );
        this.stack = new HelmRelease(
            `${name}-stack`,
            { ...inNamespace, ...platformRelease(args.charts?.stack ?? MONITORING_CHARTS.stack), values: args.stackValues, skipCrds: true },
            { parent: this, dependsOn: [this.crds.release] },
        );
        const exporter = new HelmRelease(
            `${name}-helm-exporter`,
            {
                ...inNamespace,
                ...platformRelease(args.charts?.helmExporter ?? MONITORING_CHARTS.helmExporter),
                values: { ...HELM_EXPORTER_VALUES },
            },
            { parent: this, dependsOn: [this.crds.release] },
        );
        this.monitorsAndRules(name, exporter, args.rules);
        this.peerAddress = args.exposeToEnvironment ? this.exposeToEnvironment(name, args.exposeToEnvironment.sourceRanges) : undefined;
        for (const [file, json] of Object.entries(args.dashboards).filter(([file]) => file !== TEAM_DASHBOARD)) {
            this.dashboard(`${name}-dashboard-${file.replace(/\.json$/, "")}`, file, json, inNamespace);
        }
        this.registerOutputs({ crds: this.crds.status, stack: this.stack.status, peerAddress: this.peerAddress });
    }

    /** helm-exporter's ServiceMonitor and the platform's PrometheusRule, after the CRDs. */
    private monitorsAndRules(name: string, exporter: HelmRelease, rules: MonitoringStackArgs["rules"]): void {
        new k8s.apiextensions.CustomResource(
            `${name}-helm-exporter-monitor`,
            {
                ...kubernetesKindOf(TYPE.serviceMonitor),
                metadata: { name: "helm-exporter", namespace: MONITORING_NAMESPACE },
                spec: {
                    selector: { matchLabels: { "app.kubernetes.io/instance": MONITORING_CHARTS.helmExporter.releaseName } },
                    // Keep the exporter's `namespace` label (the release's), not the exporter pod's.
                    endpoints: [{ port: "http", interval: "30s", honorLabels: true }],
                },
            },
            { parent: this, dependsOn: [this.crds.release, exporter.release] },
        );
        new k8s.apiextensions.CustomResource(
            `${name}-rules`,
            {
                ...kubernetesKindOf(TYPE.prometheusRule),
                metadata: {
                    name: "helm-platform",
                    namespace: MONITORING_NAMESPACE,
                    labels: { "app.kubernetes.io/managed-by": MANAGED_BY },
                },
                spec: rules,
            },
            { parent: this, dependsOn: [this.crds.release] },
        );
    }

    /**
     * This cluster's Prometheus on an internal load balancer, for the view; its address once Azure gives
     * one. Azure's network security group admits the whole virtual network unless told otherwise, so the
     * Service also asks it to deny everything but `loadBalancerSourceRanges`.
     * @see https://github.com/kubernetes-sigs/cloud-provider-azure/blob/master/pkg/provider/loadbalancer/accesscontrol.go (DenyAllExceptSourceRanges)
     */
    private exposeToEnvironment(name: string, sourceRanges: readonly string[]): pulumi.Output<string> {
        const service = new k8s.core.v1.Service(
            `${name}-peer`,
            {
                metadata: {
                    name: "prometheus-environment-view",
                    namespace: MONITORING_NAMESPACE,
                    // Reachable from the view cluster's network only, never from the internet.
                    annotations: {
                        "service.beta.kubernetes.io/azure-load-balancer-internal": "true",
                        "service.beta.kubernetes.io/azure-deny-all-except-load-balancer-source-ranges": "true",
                    },
                },
                spec: {
                    type: "LoadBalancer",
                    loadBalancerSourceRanges: [...sourceRanges],
                    selector: { ...PROMETHEUS_POD_LABELS },
                    ports: [{ name: "web", port: PEER_PROMETHEUS_PORT, targetPort: 9090 }],
                },
            },
            { parent: this, dependsOn: [this.stack.release] },
        );
        return service.status.loadBalancer.ingress.apply((ingress) => ingress?.[0]?.ip ?? ingress?.[0]?.hostname);
    }

    /** A dashboard as a ConfigMap the Grafana sidecar picks up by its label. */
    private dashboard(name: string, file: string, json: string, target: { namespace: pulumi.Input<string> }): void {
        new k8s.core.v1.ConfigMap(name, dashboardConfigMap(file, json, target.namespace), { parent: this });
    }
}

/** A dashboard as the ConfigMap Grafana's sidecar loads (in the monitoring namespace, by its label). */
export function dashboardConfigMap(file: string, json: string, namespace: pulumi.Input<string>): k8s.core.v1.ConfigMapArgs {
    return {
        metadata: { name: `dashboard-${file.replace(/\.json$/, "")}`, namespace, labels: { grafana_dashboard: "1" } },
        data: { [file]: json },
    };
}
