/**
 * The model → component args translation, in one place: every component the stack program creates gets
 * its args from the validated model here, with every setting the model holds passed on, so that nothing
 * the program deploys depends on a component's defaults (those are for people writing args by hand).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { AksClusterArgs } from "../components/cluster/aksCluster";
import type { ExistingClusterArgs } from "../components/cluster/existingCluster";
import type { SharedClusterArgs } from "../components/cluster/sharedCluster";
import { known, ownedBy } from "../components/known";
import type { ChartRegistryArgs } from "../components/registry/chartRegistry";
import type { TeamCiIdentityArgs } from "../components/tenant/ciIdentity";
import type { TeamArgs } from "../components/tenant/team";
import type { ClusterRelease, TeamsOnCluster } from "../components/tenant/teamsOnCluster";
import type { TenantNamespaceArgs } from "../components/tenant/tenantNamespace";
import { MANAGED_CLUSTER_DEFAULTS } from "../core/config/cluster";
import type { ClusterSpec, EnvironmentSpec, ExistingClusterSpec, ManagedClusterSpec } from "../core/model/environment";
import type { FoundationCluster } from "../core/model/stack";
import type { ReleaseSpec, StackModel, TeamSpec } from "../core/model/stackModel";
import type { OwnedSecrets } from "../core/values/secrets";

/** The Azure tags of everything the platform creates in an environment. */
export const environmentTags = (environment: EnvironmentSpec): Record<string, string> => ({
    "managed-by": "helm-platform",
    environment: environment.name,
});

/** A tenant's namespace and isolation as the model has them. */
export function tenantNamespaceArgs(
    tenant: TeamSpec,
    environment: EnvironmentSpec,
    ciPrincipalId: pulumi.Input<string> | undefined,
): TenantNamespaceArgs {
    const { enforce, warn, audit, exceptionReason } = tenant.podSecurity;
    return {
        namespace: tenant.namespace,
        ownerGroupObjectIds: tenant.ownerGroupObjectIds,
        team: tenant.team,
        environment: environment.name,
        viewerGroupObjectIds: tenant.viewerGroupObjectIds,
        podSecurity: { enforce, warn, audit, exceptionReason },
        quota: tenant.quota,
        limits: tenant.limits,
        egress: tenant.egress,
        ingressFrom: tenant.ingressFrom,
        ingressNamespace: tenant.ingressNamespace,
        monitoringNamespace: tenant.monitoringNamespace,
        metricsPorts: tenant.metricsPorts,
        exposure: tenant.exposure,
        admissionExceptions: tenant.admissionExceptions,
        ciPrincipalId,
        retainOnDelete: environment.retainTenantNamespaces,
    };
}

/**
 * A team as the model has it, on whichever cluster: its namespace, its CI identity (an existing one's
 * object ID, or the identity the platform created, `ci`), its own secrets, the environment's keyring.
 */
export function teamArgs(
    tenant: TeamSpec,
    environment: EnvironmentSpec,
    shared: {
        readonly ci: ReadonlyMap<string, { readonly principalId: pulumi.Output<string> }>;
        readonly secrets: pulumi.Input<OwnedSecrets>;
    },
): Omit<TeamArgs, "cluster" | "formerParent"> {
    const ci =
        tenant.ci?.kind === "objectId"
            ? tenant.ci.objectId
            : tenant.ci?.kind === "github"
              ? known(shared.ci.get(tenant.team), `team ${tenant.team}'s CI identity`).principalId
              : undefined;
    const { retainOnDelete, ...namespace } = tenantNamespaceArgs(tenant, environment, ci);
    return {
        ...namespace,
        retainNamespace: retainOnDelete,
        secrets: ownedBy(shared.secrets, tenant.team),
        keyring: environment.charts.keyring,
        alerts: tenant.alerts && { slackChannel: tenant.alerts.slackChannel, webhookSecret: tenant.alerts.webhookSecret },
    };
}

/** A release as the model has it: chart, version, digest, merged values and upgrade policy, and what it needs. */
export function clusterRelease(spec: ReleaseSpec): ClusterRelease {
    return {
        team: spec.team,
        app: spec.app,
        name: spec.name,
        needs: spec.needs,
        args: {
            releaseName: spec.name,
            chart: spec.chart,
            version: spec.version,
            digest: spec.digest,
            values: spec.values,
            atomic: spec.upgrade.atomic,
            timeoutSeconds: spec.upgrade.timeoutSeconds,
            maxHistory: spec.upgrade.maxHistory,
        },
        metrics: spec.metrics && { port: spec.metrics.port, path: spec.metrics.path, interval: spec.metrics.interval },
    };
}

/** Every team of the model on one cluster, with the releases it runs there. */
export function teamsOnCluster(model: StackModel, cluster: string, shared: Parameters<typeof teamArgs>[2]): TeamsOnCluster {
    return {
        teams: new Map(model.teams.map((t) => [t.team, teamArgs(t, model.environment, shared)])),
        releases: model.releases.filter((r) => r.cluster === cluster).map(clusterRelease),
        scrape: model.environment.monitoring.enabled,
        dashboards: model.monitoring?.dashboards,
    };
}

/** A cluster this stack creates, every setting as the model resolved it. */
export function aksClusterArgs(
    spec: ManagedClusterSpec,
    environment: EnvironmentSpec,
    shared: {
        readonly resourceGroupName: pulumi.Input<string>;
        readonly clusterAdminPrincipalIds: readonly pulumi.Input<string>[];
        readonly tags: Readonly<Record<string, string>>;
    },
): AksClusterArgs {
    return {
        resourceGroupName: shared.resourceGroupName,
        location: spec.location,
        name: spec.name,
        environment: environment.name,
        kubernetesVersion: spec.kubernetesVersion,
        skuTier: spec.skuTier,
        systemPool: spec.systemPool,
        userPool: spec.userPool,
        upgradeChannel: spec.upgradeChannel,
        nodeOsUpgradeChannel: spec.nodeOsUpgradeChannel,
        // Ranges other than AKS's own are sent; AKS's own are left out, so clusters made with them keep their inputs.
        network: {
            plugin: spec.network.plugin,
            pluginMode: spec.network.pluginMode,
            dataplane: spec.network.dataplane,
            policy: spec.network.policy,
            ...(spec.network.podCidr !== MANAGED_CLUSTER_DEFAULTS.network.podCidr ? { podCidr: spec.network.podCidr } : {}),
            ...(spec.network.serviceCidr !== MANAGED_CLUSTER_DEFAULTS.network.serviceCidr ||
            spec.network.dnsServiceIp !== MANAGED_CLUSTER_DEFAULTS.network.dnsServiceIp
                ? { serviceCidr: spec.network.serviceCidr, dnsServiceIp: spec.network.dnsServiceIp }
                : {}),
        },
        oidcIssuer: spec.oidcIssuer,
        workloadIdentity: spec.workloadIdentity,
        privateCluster: spec.privateCluster,
        authorizedIpRanges: spec.authorizedIpRanges,
        azurePolicy: spec.azurePolicy,
        imageCleaner: spec.imageCleaner,
        maintenance: spec.maintenance,
        adminGroupObjectIds: spec.adminGroupObjectIds,
        logAnalyticsWorkspaceId: spec.logAnalyticsWorkspaceId,
        kubeloginMode: environment.kubeloginMode,
        clusterAdminPrincipalIds: shared.clusterAdminPrincipalIds,
        protect: environment.protect,
        tags: shared.tags,
    };
}

/** A cluster the stack deploys to but does not manage. */
export function existingClusterArgs(
    spec: ExistingClusterSpec,
    environment: EnvironmentSpec,
    kubeconfig: pulumi.Input<string> | undefined,
): ExistingClusterArgs {
    return { environment: environment.name, spec, kubeloginMode: environment.kubeloginMode, kubeconfig };
}

/** A cluster of the environment as a shard reaches it, from what the foundation exports. */
export function sharedClusterArgs(
    spec: ClusterSpec,
    environment: EnvironmentSpec,
    foundation: pulumi.Input<FoundationCluster>,
    kubeconfig: pulumi.Input<string> | undefined,
): SharedClusterArgs {
    return { environment: environment.name, spec, foundation, kubeloginMode: environment.kubeloginMode, kubeconfig };
}

/** The environment's chart registry. */
export function chartRegistryArgs(
    environment: EnvironmentSpec,
    resourceGroupName: pulumi.Input<string>,
    tags: Readonly<Record<string, string>>,
): ChartRegistryArgs {
    const r = environment.registry;
    return {
        resourceGroupName,
        registryName: r.name,
        location: r.location,
        sku: r.sku,
        replicaLocations: r.replicaLocations,
        publicNetworkAccess: r.publicNetworkAccess,
        retentionDays: r.retentionDays,
        privateEndpoint: r.privateEndpoint,
        protect: environment.protect,
        tags,
    };
}

/** The CI identity the platform creates for a team that asks for a GitHub one. */
export function teamCiIdentityArgs(
    tenant: TeamSpec & { readonly ci: { readonly kind: "github"; readonly subject: string } },
    environment: EnvironmentSpec,
): TeamCiIdentityArgs {
    return {
        resourceGroupName: environment.resourceGroupName,
        location: environment.location,
        identityName: `id-${environment.name}-${tenant.team}-ci`,
        subject: tenant.ci.subject,
        tags: { ...environmentTags(environment), team: tenant.team },
    };
}
