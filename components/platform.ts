import * as authorization from "@pulumi/azure-native/authorization";
import * as resources from "@pulumi/azure-native/resources";
import * as pulumi from "@pulumi/pulumi";
import { PLATFORM_CHART_OWNER } from "../core/base/chartPaths";
import { PLATFORM_SECRET_OWNER } from "../core/base/constants";
import type { ClusterSpec, EnvironmentSpec } from "../core/model/environment";
import type { MonitoringSpec, PlatformChart } from "../core/model/monitoring";
import type { PlatformModel, TenantSpec } from "../core/model/platform";
import { MONITORING_CHARTS } from "../core/monitoring/charts";
import { resolvePeerAddresses } from "../core/monitoring/stackValues";
import { orderByNeeds } from "../core/releases/needs";
import type { Values } from "../core/values/merge";
import type { OwnedSecrets } from "../core/values/secrets";
import { AksCluster } from "./cluster/aksCluster";
import type { ClusterConnection, ClusterOutputs } from "./cluster/connection";
import { ExistingCluster } from "./cluster/existingCluster";
import { MonitoringStack } from "./monitoring/monitoringStack";
import { ChartRegistry } from "./registry/chartRegistry";
import type { HelmRelease } from "./release/helmRelease";
import { releaseValues } from "./release/releaseValues";
import { AdmissionPolicies } from "./tenant/admissionPolicies";
import { TeamCiIdentity } from "./tenant/ciIdentity";
import { Team } from "./tenant/team";

export interface PlatformArgs {
    /** The validated platform of one environment. */
    readonly model: PlatformModel;
    /**
     * The values of `helm-platform:secrets`, `{ <owner>: { <name>: <value> } }`, as a Pulumi secret. Each
     * team's releases get only their team's; the monitoring stack only the platform's.
     * @default no secrets
     */
    readonly secrets?: pulumi.Input<OwnedSecrets>;
    /**
     * The kubeconfig holding the context of each `existing.kubeconfigContext` cluster, by cluster name (a
     * secret): team releases impersonate their installer from it.
     * @default none: such clusters use the ambient kubeconfig and cannot take team releases
     */
    readonly kubeconfigs?: Readonly<Record<string, pulumi.Input<string>>>;
}

/**
 * Everything one environment runs: resource group, chart registry, clusters (with AcrPull for their
 * kubelets), the platform's admission policies and monitoring on every cluster, and every team on
 * every cluster it runs on, with its own CI identity where it asks for one.
 */
export class Platform extends pulumi.ComponentResource {
    public readonly registry: ChartRegistry;
    public readonly clusters: Readonly<Record<string, ClusterConnection>>;

    constructor(name: string, args: PlatformArgs, opts?: pulumi.ComponentResourceOptions) {
        super("helm-platform:index:Platform", name, {}, opts);
        const { environment } = args.model;
        const tags = { "managed-by": "helm-platform", environment: environment.name };
        const secrets = args.secrets ?? {};

        const group = new resources.ResourceGroup(
            `${name}-rg`,
            {
                resourceGroupName: environment.resourceGroupName,
                location: environment.location,
                tags,
            },
            { parent: this, protect: environment.protect },
        );

        this.registry = new ChartRegistry(
            `${name}-registry`,
            {
                resourceGroupName: group.name,
                spec: environment.registry,
                protect: environment.protect,
                tags,
            },
            { parent: this },
        );
        this.publishers(environment, args.model.tenants);

        const clusters: Record<string, ClusterConnection> = {};
        for (const spec of environment.clusters) {
            const cluster = this.cluster(`${name}-${spec.name}`, spec, environment, group.name, tags, args.kubeconfigs?.[spec.name]);
            clusters[spec.name] = cluster;
            if (cluster.kubeletObjectId) {
                this.registry.grantPull(`${spec.name}-kubelet`, { principalId: cluster.kubeletObjectId });
            }
        }
        const ci = this.ciIdentities(name, args.model.tenants, environment, group.name, tags);
        const monitors = this.monitoring(name, Object.values(clusters), args.model, ownedBy(secrets, PLATFORM_SECRET_OWNER));
        for (const cluster of Object.values(clusters)) {
            this.deployTo(`${name}-${cluster.clusterName}`, cluster, args.model, {
                secrets,
                ci,
                monitoring: monitors.get(cluster.clusterName),
            });
        }
        this.clusters = clusters;
        this.registerOutputs({ clusters: this.clusterOutputs(), registry: this.registry.loginServer });
    }

    /**
     * Who may publish where: the platform's publishers under `helm-charts/platform/`, each team's (its
     * allowance's `chartPublishers`) under `helm-charts/<team>/`; and the deploying identity may pull
     * every chart it installs.
     */
    private publishers(environment: EnvironmentSpec, tenants: readonly TenantSpec[]): void {
        environment.registry.platformPublishers.forEach((principalId, i) => {
            this.registry.grantPublish(
                `${PLATFORM_CHART_OWNER}-${i}`,
                { principalId },
                PLATFORM_CHART_OWNER,
                `the platform's publisher ${i}`,
            );
        });
        for (const tenant of tenants) {
            (tenant.chartPublishers ?? []).forEach((principalId, i) => {
                this.registry.grantPublish(`${tenant.team}-${i}`, { principalId }, tenant.team, `team ${tenant.team}'s publisher ${i}`);
            });
        }
        const deployer = authorization.getClientConfigOutput({ parent: this }).objectId;
        this.registry.grantPull("deployer", { principalId: deployer }, "the deploying identity");
    }

    private cluster(
        name: string,
        spec: ClusterSpec,
        environment: EnvironmentSpec,
        resourceGroupName: pulumi.Input<string>,
        tags: Record<string, string>,
        kubeconfig?: pulumi.Input<string>,
    ): ClusterConnection {
        if (spec.kind === "existing") {
            return new ExistingCluster(
                name,
                { environment: environment.name, spec, kubeloginMode: environment.kubeloginMode, kubeconfig },
                { parent: this },
            );
        }
        const deployer = environment.grantDeployerClusterAdmin ? [authorization.getClientConfigOutput({ parent: this }).objectId] : [];
        return new AksCluster(
            name,
            {
                resourceGroupName,
                environment: environment.name,
                spec,
                kubeloginMode: environment.kubeloginMode,
                clusterAdminPrincipalIds: deployer,
                protect: environment.protect,
                tags,
            },
            { parent: this },
        );
    }

    /** A GitHub OIDC identity for every team that asks the platform for one, shared by all clusters. */
    private ciIdentities(
        name: string,
        tenants: readonly TenantSpec[],
        environment: EnvironmentSpec,
        resourceGroupName: pulumi.Input<string>,
        tags: Record<string, string>,
    ): Map<string, TeamCiIdentity> {
        const identities = new Map<string, TeamCiIdentity>();
        for (const tenant of tenants) {
            if (tenant.ci?.kind === "github") {
                identities.set(
                    tenant.team,
                    new TeamCiIdentity(
                        `${name}-${tenant.team}-ci`,
                        {
                            resourceGroupName,
                            location: environment.location,
                            identityName: `id-${environment.name}-${tenant.team}-ci`,
                            subject: tenant.ci.subject,
                            tags: { ...tags, team: tenant.team },
                        },
                        { parent: this },
                    ),
                );
            }
        }
        return identities;
    }

    /**
     * The monitoring stack of every cluster. With the environment view, the peers expose their
     * Prometheus internally, and the view cluster's values get their addresses once they are known.
     */
    private monitoring(
        name: string,
        clusters: readonly ClusterConnection[],
        model: PlatformModel,
        secrets: pulumi.Input<OwnedSecrets>,
    ): Map<string, MonitoringStack> {
        const monitors = new Map<string, MonitoringStack>();
        const spec = model.monitoring;
        if (!spec) {
            return monitors;
        }
        const view = spec.view;
        const stack = (cluster: ClusterConnection, values: pulumi.Input<Values>) =>
            new MonitoringStack(
                `${name}-${cluster.clusterName}-monitoring`,
                {
                    environment: model.environment.name,
                    cluster: cluster.clusterName,
                    stackValues: releaseValues(values, secrets),
                    rules: spec.rules,
                    dashboards: spec.dashboards,
                    teams: spec.teams,
                    exposeToEnvironment: view?.peers.includes(cluster.clusterName) ?? false,
                    charts: monitoringCharts(spec, cluster.clusterName),
                },
                { parent: this, provider: cluster.provider },
            );
        // Peers first: the view needs their addresses.
        for (const cluster of clusters.filter((c) => c.clusterName !== view?.cluster)) {
            monitors.set(
                cluster.clusterName,
                stack(cluster, known(spec.stackValues[cluster.clusterName], `values of ${cluster.clusterName}`).values),
            );
        }
        const viewCluster = clusters.find((c) => c.clusterName === view?.cluster);
        if (view && viewCluster) {
            const addresses = pulumi.all(
                Object.fromEntries(
                    view.peers.map((peer) => [peer, known(monitors.get(peer)?.peerAddress, `address of ${peer}'s Prometheus`)]),
                ),
            );
            const values = known(spec.stackValues[view.cluster], `values of ${view.cluster}`).values;
            monitors.set(
                view.cluster,
                stack(
                    viewCluster,
                    addresses.apply((known) => resolvePeerAddresses(values, known)),
                ),
            );
        }
        return monitors;
    }

    /**
     * One cluster: its admission policies, then every team that runs in the environment, each with its
     * namespace and its releases in need order (a release may need another team's).
     */
    private deployTo(
        name: string,
        cluster: ClusterConnection,
        model: PlatformModel,
        shared: { secrets: pulumi.Input<OwnedSecrets>; ci: ReadonlyMap<string, TeamCiIdentity>; monitoring?: MonitoringStack },
    ): void {
        const { environment } = model;
        const policies = new AdmissionPolicies(`${name}-admission`, { parent: this, provider: cluster.provider });
        const teams = new Map<string, Team>();
        for (const tenant of model.tenants) {
            teams.set(
                tenant.team,
                new Team(
                    `${name}-${tenant.team}`,
                    {
                        cluster,
                        environment: environment.name,
                        tenant,
                        azureRbacClusterId: cluster.azureRbacClusterId,
                        ciPrincipalId: shared.ci.get(tenant.team)?.principalId,
                        secrets: ownedBy(shared.secrets, tenant.team),
                        keyring: environment.charts.keyring,
                        retainNamespace: environment.retainTenantNamespaces,
                        formerParent: this,
                    },
                    // Pods are checked from the namespace's first moment.
                    { parent: this, dependsOn: policies.ready },
                ),
            );
        }
        const deployed = new Map<string, HelmRelease>();
        for (const release of orderByNeeds(model.releases.filter((r) => r.cluster === cluster.clusterName))) {
            const team = known(teams.get(release.team), `team ${release.team}`);
            const needs = release.needs.map((n) => known(deployed.get(n), `release ${n}, which ${release.name} needs`).release);
            // A release that is scraped may render its own ServiceMonitor: the CRDs come first.
            const crds = release.metrics && shared.monitoring ? [shared.monitoring.crds.release] : [];
            const helmRelease = team.release(release, [...needs, ...crds]);
            deployed.set(release.name, helmRelease);
            if (release.metrics && shared.monitoring) {
                team.serviceMonitor(release, [shared.monitoring.crds.release, helmRelease.release]);
            }
        }
    }

    /** Per-cluster outputs for the stack. */
    clusterOutputs(): Record<string, ClusterOutputs> {
        return Object.fromEntries(Object.entries(this.clusters).map(([name, c]) => [name, c.outputs]));
    }
}

/** Only `owner`'s secrets, still secret: what a team's releases, or the monitoring stack, may resolve. */
function ownedBy(secrets: pulumi.Input<OwnedSecrets>, owner: string): pulumi.Output<OwnedSecrets> {
    return pulumi.secret(pulumi.output(secrets).apply((all) => ({ [owner]: (all as OwnedSecrets)[owner] ?? {} })));
}

/** Each monitoring chart of one cluster as the model has it: its source, version and digest. */
function monitoringCharts(spec: MonitoringSpec, cluster: string): Record<keyof typeof MONITORING_CHARTS, PlatformChart> {
    const of = (c: PlatformChart) =>
        known(
            spec.releases.find((r) => r.cluster === cluster && r.releaseName === c.releaseName),
            `${c.releaseName} on ${cluster}`,
        );
    return { crds: of(MONITORING_CHARTS.crds), stack: of(MONITORING_CHARTS.stack), helmExporter: of(MONITORING_CHARTS.helmExporter) };
}

/** Something the validated model guarantees; its absence is a bug in the platform, reported as one. */
function known<T>(value: T | undefined, what: string): T {
    if (value === undefined) {
        throw new Error(`helm-platform: ${what} is missing, though the validated model promises it`);
    }
    return value;
}
