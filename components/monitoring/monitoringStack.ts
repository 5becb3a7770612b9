import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { MONITORING_NAMESPACE } from "../../core/platform";
import { ALLOWED_EXTERNAL_REPOSITORIES, HelmRelease } from "../release/helmRelease";
import { MANAGED_BY } from "../tenant/tenantNamespace";

/** Pinned platform charts, from the upstream repository the platform explicitly allows. */
export const MONITORING_CHART = {
    repository: ALLOWED_EXTERNAL_REPOSITORIES[0],
    chart: "kube-prometheus-stack",
    version: "79.5.0",
} as const;


export interface MonitoringStackArgs {
    readonly provider: k8s.Provider;
    readonly environment: string;
    readonly cluster: string;
}

/** Prometheus, Alertmanager and Grafana on one cluster, labelled with its cluster and environment. */
export class MonitoringStack extends pulumi.ComponentResource {
    public readonly release: HelmRelease;

    constructor(name: string, args: MonitoringStackArgs, opts?: pulumi.ComponentResourceOptions) {
        super("helm-platform:monitoring:MonitoringStack", name, {}, opts);
        const namespace = new k8s.core.v1.Namespace(`${name}-ns`, {
            metadata: { name: MONITORING_NAMESPACE, labels: { "app.kubernetes.io/managed-by": MANAGED_BY } },
        }, { parent: this, provider: args.provider });
        this.release = new HelmRelease(`${name}-kps`, {
            provider: args.provider,
            releaseName: "kube-prometheus-stack",
            namespace: namespace.metadata.name,
            chart: MONITORING_CHART.chart,
            repository: MONITORING_CHART.repository,
            version: MONITORING_CHART.version,
            values: {
                prometheus: {
                    prometheusSpec: {
                        // Lets one Grafana tell clusters and environments apart.
                        externalLabels: { cluster: args.cluster, environment: args.environment },
                    },
                },
            },
            dependsOn: [namespace],
        }, { parent: this });
        this.registerOutputs({});
    }
}
