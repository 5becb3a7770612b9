import * as authorization from "@pulumi/azure-native/authorization";
import * as resources from "@pulumi/azure-native/resources";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterSpec, EnvironmentSpec } from "../core/config/environment";
import type { PlatformModel } from "../core/platform";
import { orderByNeeds } from "../core/releases/needs";
import { environmentViewValues } from "../core/monitoring/model";
import { mergeValues, type Values } from "../core/values/merge";
import { resolveSecrets, secretRefs } from "../core/values/secrets";
import { AksCluster } from "./cluster/aksCluster";
import type { ClusterConnection, ClusterOutputs } from "./cluster/connection";
import { ExistingCluster } from "./cluster/existingCluster";
import { MonitoringStack } from "./monitoring/monitoringStack";
import { ChartRegistry } from "./registry/chartRegistry";
import { HelmRelease } from "./release/helmRelease";
import { TenantNamespace } from "./tenant/tenantNamespace";

export interface PlatformArgs {
    /** The validated platform of one environment. */
    readonly model: PlatformModel;
    /**
     * The values of `helm-platform:secrets`, as a Pulumi secret. A release whose values reference one
     * gets all its values as a secret output.
     * @default no secrets
     */
    readonly secrets?: pulumi.Input<Record<string, string>>;
}

/**
 * Everything one environment runs: resource group, chart registry, clusters (with AcrPull for their
 * kubelets), a namespace per team on every cluster the team runs on, the teams' releases, monitoring.
 */
export class Platform extends pulumi.ComponentResource {
    public readonly registry: ChartRegistry;
    public readonly clusters: Readonly<Record<string, ClusterConnection>>;

    constructor(name: string, args: PlatformArgs, opts?: pulumi.ComponentResourceOptions) {
        super("helm-platform:index:Platform", name, {}, opts);
        const { environment } = args.model;
        const tags = { "managed-by": "helm-platform", environment: environment.name };

        const group = new resources.ResourceGroup(`${name}-rg`, {
            resourceGroupName: environment.resourceGroupName,
            location: environment.location,
            tags,
        }, { parent: this, protect: environment.protect });

        this.registry = new ChartRegistry(`${name}-registry`, {
            resourceGroupName: group.name,
            spec: environment.registry,
            protect: environment.protect,
            tags,
        }, { parent: this });
        environment.registry.pushObjectIds.forEach((principalId, i) => this.registry.grantPush(`ci-${i}`, { principalId }));

        const clusters: Record<string, ClusterConnection> = {};
        for (const spec of environment.clusters) {
            const cluster = this.cluster(`${name}-${spec.name}`, spec, environment, group.name, tags);
            clusters[spec.name] = cluster;
            if (cluster.kubeletObjectId) {
                this.registry.grantPull(`${spec.name}-kubelet`, { principalId: cluster.kubeletObjectId });
            }
        }
        const monitors = this.monitoring(name, Object.values(clusters), args.model, args.secrets ?? {});
        for (const cluster of Object.values(clusters)) {
            this.deployTo(`${name}-${cluster.clusterName}`, cluster, args.model, args.secrets ?? {}, monitors.get(cluster.clusterName));
        }
        this.clusters = clusters;
        this.registerOutputs({});
    }

    private cluster(name: string, spec: ClusterSpec, environment: EnvironmentSpec, resourceGroupName: pulumi.Input<string>, tags: Record<string, string>): ClusterConnection {
        if (spec.kind === "existing") {
            return new ExistingCluster(name, { environment: environment.name, spec, kubeloginMode: environment.kubeloginMode }, { parent: this });
        }
        const deployer = environment.grantDeployerClusterAdmin ? [authorization.getClientConfigOutput({ parent: this }).objectId] : [];
        return new AksCluster(name, {
            resourceGroupName,
            environment: environment.name,
            spec,
            kubeloginMode: environment.kubeloginMode,
            clusterAdminPrincipalIds: deployer,
            protect: environment.protect,
            tags,
        }, { parent: this });
    }

    /**
     * The monitoring stack of every cluster. With the environment view, the other clusters expose their
     * Prometheus internally and the first cluster's Grafana and Prometheus read them all.
     */
    private monitoring(name: string, clusters: readonly ClusterConnection[], model: PlatformModel, secrets: pulumi.Input<Record<string, string>>): Map<string, MonitoringStack> {
        const monitors = new Map<string, MonitoringStack>();
        const spec = model.monitoring;
        if (!spec || clusters.length === 0) {
            return monitors;
        }
        const view = model.environment.monitoring.view === "environment" && clusters.length > 1;
        const stack = (cluster: ClusterConnection, values: pulumi.Input<Values>, expose: boolean) =>
            new MonitoringStack(`${name}-${cluster.clusterName}-monitoring`, {
                provider: cluster.provider,
                environment: model.environment.name,
                cluster: cluster.clusterName,
                stackValues: releaseValues(values, secrets),
                rules: spec.rules,
                dashboards: spec.dashboards,
                teams: spec.teams,
                exposeToEnvironment: expose,
            }, { parent: this });
        const [first, ...others] = clusters;
        for (const cluster of others) {
            monitors.set(cluster.clusterName, stack(cluster, spec.stackValues[cluster.clusterName].values, view));
        }
        const peers = view ? others.map((c) => pulumi.all([c.clusterName, (monitors.get(c.clusterName) as MonitoringStack).peerAddress as pulumi.Output<string>])) : [];
        const firstValues = pulumi.all(peers).apply((list) =>
            mergeValues([
                { source: "files", values: spec.stackValues[first.clusterName].values },
                { source: "environment view", values: environmentViewValues(list.map(([cluster, address]) => ({ cluster, address }))) },
            ]).values,
        );
        monitors.set(first.clusterName, stack(first, view ? firstValues : spec.stackValues[first.clusterName].values, false));
        return monitors;
    }

    /** The tenants' namespaces and releases on one cluster. */
    private deployTo(name: string, cluster: ClusterConnection, model: PlatformModel, secrets: pulumi.Input<Record<string, string>>, monitoring: MonitoringStack | undefined): void {
        const { environment } = model;
        const namespaces = new Map<string, TenantNamespace>();
        for (const tenant of model.tenants) {
            namespaces.set(tenant.team, new TenantNamespace(`${name}-${tenant.team}`, {
                provider: cluster.provider,
                environment: environment.name,
                tenant,
                azureRbacClusterId: cluster.azureRbacClusterId,
            }, { parent: this }));
        }
        const deployed = new Map<string, HelmRelease>();
        for (const release of orderByNeeds(model.releases.filter((r) => r.cluster === cluster.clusterName))) {
            const tenant = namespaces.get(release.team) as TenantNamespace;
            deployed.set(release.name, new HelmRelease(`${name}-${release.name}`, {
                provider: cluster.provider,
                releaseName: release.name,
                namespace: tenant.namespaceName,
                chart: release.chart,
                version: release.version,
                values: releaseValues(release.values, secrets),
                atomic: release.upgrade.atomic,
                timeoutSeconds: release.upgrade.timeoutSeconds,
                maxHistory: release.upgrade.maxHistory,
                keyring: environment.charts.keyring,
                // Its namespace, quota, policies and RBAC, then whatever it declares it needs.
                dependsOn: [...tenant.ready, ...release.needs.map((n) => (deployed.get(n) as HelmRelease).release)],
            }, { parent: this }));
            if (release.metrics && monitoring) {
                this.serviceMonitor(`${name}-${release.name}-monitor`, release, cluster, [monitoring.crds.release, (deployed.get(release.name) as HelmRelease).release]);
            }
        }
    }

    /** A team's opt-in to scraping: a ServiceMonitor in its namespace selecting its release's Services. */
    private serviceMonitor(name: string, release: PlatformModel["releases"][number], cluster: ClusterConnection, after: pulumi.Resource[]): void {
        const metrics = release.metrics as NonNullable<typeof release.metrics>;
        new k8s.apiextensions.CustomResource(name, {
            apiVersion: "monitoring.coreos.com/v1",
            kind: "ServiceMonitor",
            metadata: { name: release.name, namespace: release.namespace },
            spec: {
                selector: { matchLabels: { "app.kubernetes.io/instance": release.name } },
                endpoints: [{ port: metrics.port, path: metrics.path, interval: metrics.interval }],
            },
        }, { parent: this, provider: cluster.provider, dependsOn: after });
    }

    /** Per-cluster outputs for the stack. */
    clusterOutputs(): Record<string, ClusterOutputs> {
        return Object.fromEntries(Object.entries(this.clusters).map(([name, c]) => [name, c.outputs]));
    }
}

/**
 * The values a release gets: plain when they reference no secret, otherwise filled in and secret as a
 * whole. Values still being computed (an Output) are treated as secret: they may hold one.
 */
function releaseValues(values: pulumi.Input<Values>, secrets: pulumi.Input<Record<string, string>>): pulumi.Input<Values> {
    if (!pulumi.Output.isInstance(values) && secretRefs(values).length === 0) {
        return values;
    }
    return pulumi.secret(pulumi.all([values, secrets]).apply(([v, s]) => resolveSecrets(v as Values, s)));
}
