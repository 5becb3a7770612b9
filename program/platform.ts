/**
 * The environment as the stack program builds it from the validated model: which components one stack
 * creates, in what order and under which parents. Their args come from the model through `props.ts`.
 */
import * as authorization from "@pulumi/azure-native/authorization";
import * as resources from "@pulumi/azure-native/resources";
import * as pulumi from "@pulumi/pulumi";
import { AksCluster } from "../components/cluster/aksCluster";
import type { ClusterConnection, ClusterOutputs } from "../components/cluster/connection";
import { ExistingCluster } from "../components/cluster/existingCluster";
import { SharedCluster } from "../components/cluster/sharedCluster";
import { known, ownedBy } from "../components/known";
import { monitorClusters } from "../components/monitoring/environmentMonitoring";
import type { MonitoringStack } from "../components/monitoring/monitoringStack";
import { ChartRegistry, publishGrant } from "../components/registry/chartRegistry";
import { AdmissionPolicies } from "../components/tenant/admissionPolicies";
import { TeamCiIdentity } from "../components/tenant/ciIdentity";
import { deployTeams } from "../components/tenant/teamsOnCluster";
import { PLATFORM_CHART_OWNER } from "../core/base/chartPaths";
import { PLATFORM_SECRET_OWNER } from "../core/base/constants";
import { TYPE } from "../core/base/resourceTypes";
import type { ClusterSpec, EnvironmentSpec } from "../core/model/environment";
import { FOUNDATION_CLUSTERS_OUTPUT, type FoundationCluster } from "../core/model/stack";
import type { StackModel, TeamSpec } from "../core/model/stackModel";
import type { OwnedSecrets } from "../core/values/secrets";
import {
    aksClusterArgs,
    chartRegistryArgs,
    environmentTags,
    existingClusterArgs,
    sharedClusterArgs,
    teamCiIdentityArgs,
    teamsOnCluster,
} from "./props";

export interface PlatformArgs {
    /** The validated platform of one environment. */
    readonly model: StackModel;
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
 * With `environment.bootstrap` (the first `up`), no team and no chart: the registry must hold the charts first.
 * A shard's resources keep the parent chain they have in the single layout, so their URNs differ only by
 * the stack.
 */
export class Platform extends pulumi.ComponentResource {
    /** The environment's chart registry; a shard has none of its own. */
    public readonly registry?: ChartRegistry;
    public readonly clusters: Readonly<Record<string, ClusterConnection>>;
    private readonly shard: boolean;
    private foundationReference?: pulumi.StackReference;

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
            // Bootstrapping, the foundation may not exist yet: a shard then holds nothing.
            clusters = environment.bootstrap ? {} : this.sharedClusters(name, environment, args.kubeconfigs);
        } else {
            const tagged = environmentTags(environment);
            group = new resources.ResourceGroup(
                `${name}-rg`,
                { resourceGroupName: environment.resourceGroupName, location: environment.location, tags: tagged },
                { parent: this, protect: environment.protect },
            );
            this.registry = new ChartRegistry(`${name}-registry`, chartRegistryArgs(environment, group.name, tagged), { parent: this });
            this.platformPublishers(environment, this.registry);
            clusters = {};
            for (const spec of environment.clusters) {
                const cluster = this.cluster(`${name}-${spec.name}`, spec, environment, group.name, tagged, args.kubeconfigs?.[spec.name]);
                clusters[spec.name] = cluster;
                if (cluster.kubeletObjectId) {
                    this.registry.grantPull(`${spec.name}-kubelet`, { principalId: cluster.kubeletObjectId });
                }
            }
            // Bootstrapping, the registry holds no chart yet: nothing installs one.
            if (!environment.bootstrap) {
                monitors = monitorClusters(
                    this,
                    name,
                    Object.values(clusters),
                    args.model.monitoring,
                    ownedBy(secrets, PLATFORM_SECRET_OWNER),
                );
            }
            policies = new Map(
                Object.values(clusters).map((c) => [
                    c.clusterName,
                    new AdmissionPolicies(`${name}-${c.clusterName}-admission`, { parent: this, provider: c.provider }),
                ]),
            );
        }
        if (stack.kind !== "foundation" && !environment.bootstrap) {
            const registryId =
                this.registry?.registry.id ??
                this.foundation(name, environment)
                    .requireOutput("registry")
                    .apply((r) => (r as { id: string }).id);
            this.teamPublishers(name, args.model.teams, registryId);
            const ci = this.ciIdentities(name, args.model.teams, environment, group);
            for (const cluster of Object.values(clusters)) {
                deployTeams(this, name, cluster, teamsOnCluster(args.model, cluster.clusterName, { ci, secrets }), {
                    monitoring: monitors.get(cluster.clusterName),
                    policies: policies.get(cluster.clusterName),
                    aliases: this.movedIn(),
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
        const exported = this.foundation(name, environment).requireOutput(FOUNDATION_CLUSTERS_OUTPUT) as pulumi.Output<
            Record<string, FoundationCluster>
        >;
        return Object.fromEntries(
            environment.clusters.map((spec) => [
                spec.name,
                new SharedCluster(
                    `${name}-${spec.name}`,
                    sharedClusterArgs(
                        spec,
                        environment,
                        exported.apply((clusters) => known(clusters[spec.name], `the foundation's outputs of cluster ${spec.name}`)),
                        kubeconfigs?.[spec.name],
                    ),
                    { parent: this },
                ),
            ]),
        );
    }

    /**
     * The platform's publishers under `helm-charts/platform/`; and the deploying identity may pull every
     * chart it installs.
     */
    private platformPublishers(environment: EnvironmentSpec, registry: ChartRegistry): void {
        environment.registry.platformPublishers.forEach((principalId, i) => {
            registry.grantPublish(`${PLATFORM_CHART_OWNER}-${i}`, { principalId }, PLATFORM_CHART_OWNER, `the platform's publisher ${i}`);
        });
        const deployer = authorization.getClientConfigOutput({ parent: this }).objectId;
        registry.grantPull("deployer", { principalId: deployer }, "the deploying identity");
    }

    /**
     * Each team's publishers (its allowance's `chartPublishers`) under `helm-charts/<team>/`: the team's side
     * of the registry, so it lives with the team (in its shard when sharded).
     */
    private teamPublishers(name: string, tenants: readonly TeamSpec[], registryId: pulumi.Input<string>): void {
        for (const tenant of tenants) {
            (tenant.chartPublishers ?? []).forEach((principalId, i) => {
                publishGrant(
                    `${name}-${tenant.team}-publisher-${i}`,
                    { registryId, grantee: { principalId }, owner: tenant.team, who: `team ${tenant.team}'s publisher ${i}` },
                    { parent: this, aliases: this.movedIn() },
                );
            });
        }
    }

    /** The foundation's stack outputs, for a shard: one stack reference, read where needed. */
    private foundation(name: string, environment: EnvironmentSpec): pulumi.StackReference {
        this.foundationReference ??= new pulumi.StackReference(
            `${name}-foundation`,
            { name: `${pulumi.getOrganization()}/${pulumi.getProject()}/${environment.name}` },
            { parent: this },
        );
        return this.foundationReference;
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
            return new ExistingCluster(name, existingClusterArgs(spec, environment, kubeconfig), { parent: this });
        }
        const deployer = environment.grantDeployerClusterAdmin ? [authorization.getClientConfigOutput({ parent: this }).objectId] : [];
        return new AksCluster(name, aksClusterArgs(spec, environment, { resourceGroupName, clusterAdminPrincipalIds: deployer, tags }), {
            parent: this,
        });
    }

    /**
     * A GitHub OIDC identity for every team that asks the platform for one, shared by all clusters: the
     * team's side of the environment, so it lives with the team (in its shard when sharded).
     */
    private ciIdentities(
        name: string,
        tenants: readonly TeamSpec[],
        environment: EnvironmentSpec,
        group: resources.ResourceGroup | undefined,
    ): Map<string, TeamCiIdentity> {
        const identities = new Map<string, TeamCiIdentity>();
        for (const tenant of tenants) {
            const ci = tenant.ci;
            if (ci?.kind === "github") {
                identities.set(
                    tenant.team,
                    new TeamCiIdentity(
                        `${name}-${tenant.team}-ci`,
                        teamCiIdentityArgs({ ...tenant, ci }, environment),
                        // The group's name is the environment's; where this stack creates it, it comes first.
                        { parent: this, dependsOn: group ? [group] : [], aliases: this.movedIn() },
                    ),
                );
            }
        }
        return identities;
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
