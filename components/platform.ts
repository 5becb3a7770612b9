import * as authorization from "@pulumi/azure-native/authorization";
import * as resources from "@pulumi/azure-native/resources";
import * as pulumi from "@pulumi/pulumi";
import { PLATFORM_SECRET_OWNER } from "../core/base/constants";
import { TYPE } from "../core/base/resourceTypes";
import type { ClusterSpec, EnvironmentSpec } from "../core/model/environment";
import type { PlatformModel, TenantSpec } from "../core/model/platform";
import { FOUNDATION_CLUSTERS_OUTPUT, type FoundationCluster } from "../core/model/stack";
import { TEAM_DASHBOARD } from "../core/monitoring/model";
import { resolvePeerAddresses } from "../core/monitoring/stackValues";
import { orderByNeeds } from "../core/releases/needs";
import type { Values } from "../core/values/merge";
import type { OwnedSecrets } from "../core/values/secrets";
import { AksCluster } from "./cluster/aksCluster";
import type { ClusterConnection, ClusterOutputs } from "./cluster/connection";
import { ExistingCluster } from "./cluster/existingCluster";
import { SharedCluster } from "./cluster/sharedCluster";
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
 * Everything one environment runs, or the part of it that one stack holds (`model.stack.kind`):
 * - `single`: resource group, chart registry, clusters (with AcrPull for their kubelets), the platform's
 *   admission policies and monitoring on every cluster, and every team on every cluster it runs on, with
 *   its own CI identity where it asks for one;
 * - `foundation`: all of that but the teams: adding, changing or removing a team never changes it;
 * - `shard`: the shard's teams, on clusters it reaches through the foundation's stack outputs.
 * A shard's resources keep the parent chain they have in the single layout, so their URNs differ only by
 * the stack.
 */
export class Platform extends pulumi.ComponentResource {
    /** The environment's chart registry; a shard has none of its own. */
    public readonly registry?: ChartRegistry;
    public readonly clusters: Readonly<Record<string, ClusterConnection>>;
    private readonly shard: boolean;

    constructor(name: string, args: PlatformArgs, opts?: pulumi.ComponentResourceOptions) {
        super(TYPE.platform, name, {}, opts);
        const { environment, stack } = args.model;
        this.shard = stack.kind === "shard";
        const secrets = args.secrets ?? {};
        let clusters: Record<string, ClusterConnection>;
        let monitors = new Map<string, MonitoringStack>();
        let policies = new Map<string, AdmissionPolicies>();
        // What team-side Azure resources wait for when the resource group is created in this stack.
        let group: resources.ResourceGroup | undefined;
        if (stack.kind === "shard") {
            clusters = this.sharedClusters(name, environment, args.kubeconfigs);
        } else {
            const tagged = tags(environment);
            group = new resources.ResourceGroup(
                `${name}-rg`,
                { resourceGroupName: environment.resourceGroupName, location: environment.location, tags: tagged },
                { parent: this, protect: environment.protect },
            );
            this.registry = new ChartRegistry(
                `${name}-registry`,
                { resourceGroupName: group.name, spec: environment.registry, protect: environment.protect, tags: tagged },
                { parent: this },
            );
            environment.registry.pushObjectIds.forEach((principalId, i) => {
                this.registry?.grantPush(`ci-${i}`, { principalId });
            });
            clusters = {};
            for (const spec of environment.clusters) {
                const cluster = this.cluster(`${name}-${spec.name}`, spec, environment, group.name, tagged, args.kubeconfigs?.[spec.name]);
                clusters[spec.name] = cluster;
                if (cluster.kubeletObjectId) {
                    this.registry.grantPull(`${spec.name}-kubelet`, { principalId: cluster.kubeletObjectId });
                }
            }
            monitors = this.monitoring(name, Object.values(clusters), args.model, ownedBy(secrets, PLATFORM_SECRET_OWNER));
            policies = new Map(
                Object.values(clusters).map((c) => [
                    c.clusterName,
                    new AdmissionPolicies(`${name}-${c.clusterName}-admission`, { parent: this, provider: c.provider }),
                ]),
            );
        }
        if (stack.kind !== "foundation") {
            const ci = this.ciIdentities(name, args.model.tenants, environment, group);
            for (const cluster of Object.values(clusters)) {
                this.deployTo(`${name}-${cluster.clusterName}`, cluster, args.model, {
                    secrets,
                    ci,
                    monitoring: monitors.get(cluster.clusterName),
                    policies: policies.get(cluster.clusterName),
                });
            }
        }
        this.clusters = clusters;
        this.registerOutputs({ clusters: this.clusterOutputs(), registry: this.registry?.loginServer });
    }

    /** A shard's clusters: what the foundation exports of each, read through a stack reference. */
    private sharedClusters(
        name: string,
        environment: EnvironmentSpec,
        kubeconfigs: PlatformArgs["kubeconfigs"],
    ): Record<string, ClusterConnection> {
        const foundation = new pulumi.StackReference(
            `${name}-foundation`,
            { name: `${pulumi.getOrganization()}/${pulumi.getProject()}/${environment.name}` },
            { parent: this },
        );
        const exported = foundation.requireOutput(FOUNDATION_CLUSTERS_OUTPUT) as pulumi.Output<Record<string, FoundationCluster>>;
        return Object.fromEntries(
            environment.clusters.map((spec) => [
                spec.name,
                new SharedCluster(
                    `${name}-${spec.name}`,
                    {
                        environment: environment.name,
                        spec,
                        foundation: exported.apply((clusters) =>
                            known(clusters[spec.name], `the foundation's outputs of cluster ${spec.name}`),
                        ),
                        kubeloginMode: environment.kubeloginMode,
                        kubeconfig: kubeconfigs?.[spec.name],
                    },
                    { parent: this },
                ),
            ]),
        );
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

    /**
     * A GitHub OIDC identity for every team that asks the platform for one, shared by all clusters: the
     * team's side of the environment, so it lives with the team (in its shard when sharded).
     */
    private ciIdentities(
        name: string,
        tenants: readonly TenantSpec[],
        environment: EnvironmentSpec,
        group: resources.ResourceGroup | undefined,
    ): Map<string, TeamCiIdentity> {
        const identities = new Map<string, TeamCiIdentity>();
        for (const tenant of tenants) {
            if (tenant.ci?.kind === "github") {
                identities.set(
                    tenant.team,
                    new TeamCiIdentity(
                        `${name}-${tenant.team}-ci`,
                        {
                            resourceGroupName: environment.resourceGroupName,
                            location: environment.location,
                            identityName: `id-${environment.name}-${tenant.team}-ci`,
                            subject: tenant.ci.subject,
                            tags: { ...tags(environment), team: tenant.team },
                        },
                        // The group's name is the environment's; where this stack creates it, it comes first.
                        { parent: this, dependsOn: group ? [group] : [], aliases: this.movedIn() },
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
                    exposeToEnvironment: view?.peers.includes(cluster.clusterName) ? { sourceRanges: view.sourceRanges } : undefined,
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
        shared: {
            secrets: pulumi.Input<OwnedSecrets>;
            ci: ReadonlyMap<string, TeamCiIdentity>;
            monitoring?: MonitoringStack;
            /** The cluster's admission policies, when this stack holds them (not in a shard: the foundation's come first). */
            policies?: AdmissionPolicies;
        },
    ): void {
        const { environment } = model;
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
                    { parent: this, dependsOn: shared.policies?.ready ?? [], aliases: this.movedIn() },
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
            // In a shard the CRDs are the foundation's, deployed before any shard.
            if (release.metrics && environment.monitoring.enabled) {
                team.serviceMonitor(release, [...crds, helmRelease.release]);
            }
        }
        if (model.monitoring) {
            const crds = shared.monitoring ? [shared.monitoring.crds.release] : [];
            const monitor = `${name}-monitoring`;
            for (const [teamName, team] of teams) {
                team.monitoring(
                    {
                        dashboardTemplate: model.monitoring.dashboards[TEAM_DASHBOARD],
                        formerDashboard: {
                            name: `${monitor}-dashboard-team-${teamName}`,
                            parent: pulumi.createUrn(monitor, TYPE.monitoringStack, this),
                        },
                    },
                    crds,
                );
            }
        }
    }

    /**
     * In a shard, what `pulumi state move` brought from another stack sits at the stack's root (the move
     * re-parents what it moves without its parent): the alias takes it under this component with no
     * replacement, and its children follow.
     */
    private movedIn(): pulumi.Alias[] | undefined {
        return this.shard ? [{ parent: pulumi.rootStackResource }] : undefined;
    }

    /** Per-cluster outputs for the stack (what a shard reads of the foundation, among them). */
    clusterOutputs(): Record<string, ClusterOutputs> {
        return Object.fromEntries(Object.entries(this.clusters).map(([name, c]) => [name, c.outputs]));
    }
}

const tags = (environment: EnvironmentSpec) => ({ "managed-by": "helm-platform", environment: environment.name });

/** Only `owner`'s secrets, still secret: what a team's releases, or the monitoring stack, may resolve. */
function ownedBy(secrets: pulumi.Input<OwnedSecrets>, owner: string): pulumi.Output<OwnedSecrets> {
    return pulumi.secret(pulumi.output(secrets).apply((all) => ({ [owner]: (all as OwnedSecrets)[owner] ?? {} })));
}

/** Something the validated model guarantees; its absence is a bug in the platform, reported as one. */
function known<T>(value: T | undefined, what: string): T {
    if (value === undefined) {
        throw new Error(`helm-platform: ${what} is missing, though the validated model promises it`);
    }
    return value;
}
