import * as resources from "@pulumi/azure-native/resources";
import * as pulumi from "@pulumi/pulumi";
import type { PlatformModel } from "../core/platform";
import { AksCluster } from "./cluster/aksCluster";
import { MonitoringStack } from "./monitoring/monitoringStack";
import { ChartRegistry } from "./registry/chartRegistry";
import { HelmRelease } from "./release/helmRelease";
import { TenantNamespace } from "./tenant/tenantNamespace";

export interface PlatformArgs {
    /** The validated platform of one environment. */
    readonly model: PlatformModel;
}

/** What the stack exports for one cluster. */
export interface ClusterOutputs {
    readonly fqdn: pulumi.Output<string>;
    readonly oidcIssuerUrl: pulumi.Output<string | undefined>;
    /** Secret. */
    readonly kubeconfig: pulumi.Output<string>;
}

/**
 * Everything one environment runs: resource group, chart registry, clusters (with AcrPull for their
 * kubelets), a namespace per team on every cluster the team runs on, the teams' releases, monitoring.
 */
export class Platform extends pulumi.ComponentResource {
    public readonly registry: ChartRegistry;
    public readonly clusters: Readonly<Record<string, AksCluster>>;

    constructor(name: string, args: PlatformArgs, opts?: pulumi.ComponentResourceOptions) {
        super("helm-platform:index:Platform", name, {}, opts);
        const { environment, tenants, releases } = args.model;
        const tags = { "managed-by": "helm-platform", environment: environment.name };

        const group = new resources.ResourceGroup(`${name}-rg`, {
            resourceGroupName: environment.resourceGroupName,
            location: environment.location,
            tags,
        }, { parent: this });

        this.registry = new ChartRegistry(`${name}-registry`, {
            resourceGroupName: group.name,
            spec: environment.registry,
            tags,
        }, { parent: this });

        const clusters: Record<string, AksCluster> = {};
        for (const spec of environment.clusters) {
            const clusterName = `${name}-${spec.name}`;
            const cluster = new AksCluster(clusterName, {
                resourceGroupName: group.name,
                environment: environment.name,
                spec,
                kubeloginMode: environment.kubeloginMode,
                tags,
            }, { parent: this });
            clusters[spec.name] = cluster;
            this.registry.grantPull(`${spec.name}-kubelet`, { principalId: cluster.kubeletObjectId });

            if (environment.monitoring.enabled) {
                new MonitoringStack(`${clusterName}-monitoring`, {
                    provider: cluster.provider,
                    environment: environment.name,
                    cluster: spec.name,
                }, { parent: this });
            }

            const namespaces = new Map<string, TenantNamespace>();
            for (const tenant of tenants) {
                namespaces.set(tenant.team, new TenantNamespace(`${clusterName}-${tenant.team}`, {
                    provider: cluster.provider,
                    team: tenant.team,
                    environment: environment.name,
                    namespace: tenant.namespace,
                    ownerGroupObjectIds: tenant.ownerGroupObjectIds,
                    viewerGroupObjectIds: tenant.viewerGroupObjectIds,
                }, { parent: this }));
            }

            for (const release of releases.filter((r) => r.cluster === spec.name)) {
                const tenant = namespaces.get(release.team) as TenantNamespace;
                new HelmRelease(`${clusterName}-${release.name}`, {
                    provider: cluster.provider,
                    releaseName: release.name,
                    namespace: tenant.namespaceName,
                    chart: release.chart,
                    version: release.version,
                    values: release.values,
                    dependsOn: tenant.ready,
                }, { parent: this });
            }
        }
        this.clusters = clusters;
        this.registerOutputs({});
    }

    /** Per-cluster outputs for the stack. */
    clusterOutputs(): Record<string, ClusterOutputs> {
        const out: Record<string, ClusterOutputs> = {};
        for (const [name, c] of Object.entries(this.clusters)) {
            out[name] = { fqdn: c.fqdn, oidcIssuerUrl: c.oidcIssuerUrl, kubeconfig: c.kubeconfig };
        }
        return out;
    }
}
