import type * as containerservice from "@pulumi/azure-native/containerservice";
import type * as inputs from "@pulumi/azure-native/types/input";
import type * as pulumi from "@pulumi/pulumi";
import type { ManagedClusterSpec, NetworkSpec, NodePoolDefaults } from "../../core/model/environment";

/** A managed cluster with every default applied: what the `ManagedCluster` inputs are made from. */
export interface ManagedClusterSettings
    extends Omit<ManagedClusterSpec, "kind" | "location" | "network" | "adminGroupObjectIds" | "logAnalyticsWorkspaceId"> {
    readonly location: pulumi.Input<string>;
    /**
     * What AKS is told of the network. The pod and Service ranges only when they are not AKS's own
     * defaults: a cluster created without them keeps its inputs as they were.
     */
    readonly network: Pick<NetworkSpec, "plugin" | "pluginMode" | "dataplane" | "policy"> &
        Partial<Pick<NetworkSpec, "podCidr" | "serviceCidr" | "dnsServiceIp">>;
    readonly adminGroupObjectIds: readonly pulumi.Input<string>[];
    readonly logAnalyticsWorkspaceId?: pulumi.Input<string>;
}

/**
 * The `ManagedCluster` inputs of a cluster's settings. Every security-relevant choice is explicit here
 * rather than left to an API default that may change between API versions.
 * @see https://learn.microsoft.com/azure/architecture/reference-architectures/containers/aks/baseline-aks
 */
export function managedClusterArgs(
    spec: ManagedClusterSettings,
    clusterName: string,
    identityId: pulumi.Input<string>,
    resourceGroupName: pulumi.Input<string>,
    tags: Record<string, string>,
): containerservice.ManagedClusterArgs {
    const workspace = spec.logAnalyticsWorkspaceId;
    return {
        resourceGroupName,
        resourceName: clusterName,
        location: spec.location,
        dnsPrefix: clusterName,
        kubernetesVersion: spec.kubernetesVersion,
        sku: { name: "Base", tier: spec.skuTier },
        identity: { type: "UserAssigned", userAssignedIdentities: [identityId] },
        aadProfile: { managed: true, enableAzureRBAC: true, adminGroupObjectIDs: [...spec.adminGroupObjectIds] },
        // No static admin credentials: every access is an Entra ID identity.
        disableLocalAccounts: true,
        enableRBAC: true,
        oidcIssuerProfile: { enabled: spec.oidcIssuer },
        securityProfile: {
            workloadIdentity: { enabled: spec.workloadIdentity },
            imageCleaner: { enabled: spec.imageCleaner, intervalHours: 48 },
            defender: workspace ? { logAnalyticsWorkspaceResourceId: workspace, securityMonitoring: { enabled: true } } : undefined,
        },
        addonProfiles: {
            azurepolicy: { enabled: spec.azurePolicy },
            ...(workspace
                ? { omsagent: { enabled: true, config: { logAnalyticsWorkspaceResourceID: workspace, useAADAuth: "true" } } }
                : {}),
        },
        networkProfile: {
            networkPlugin: spec.network.plugin,
            networkPluginMode: spec.network.pluginMode === "overlay" ? "overlay" : undefined,
            networkDataplane: spec.network.dataplane,
            networkPolicy: spec.network.policy,
            loadBalancerSku: "standard",
            // Set when the stack file chose other ranges than AKS's (which cannot change on a running cluster).
            ...(spec.network.podCidr ? { podCidr: spec.network.podCidr } : {}),
            ...(spec.network.serviceCidr ? { serviceCidr: spec.network.serviceCidr, dnsServiceIP: spec.network.dnsServiceIp } : {}),
        },
        apiServerAccessProfile: {
            enablePrivateCluster: spec.privateCluster,
            authorizedIPRanges: spec.authorizedIpRanges.length > 0 ? [...spec.authorizedIpRanges] : undefined,
        },
        autoUpgradeProfile: { upgradeChannel: spec.upgradeChannel, nodeOSUpgradeChannel: spec.nodeOsUpgradeChannel },
        agentPoolProfiles: [
            // Keeps application pods off the nodes that run CoreDNS, konnectivity and metrics-server.
            pool("system", "System", spec.systemPool, ["CriticalAddonsOnly=true:NoSchedule"]),
            pool("user", "User", spec.userPool, []),
        ],
        tags,
    };
}

function pool(
    name: string,
    mode: "System" | "User",
    spec: NodePoolDefaults,
    nodeTaints: string[],
): inputs.containerservice.ManagedClusterAgentPoolProfileArgs {
    return {
        name,
        mode,
        vmSize: spec.vmSize,
        osType: "Linux",
        osSKU: "AzureLinux",
        type: "VirtualMachineScaleSets",
        enableAutoScaling: true,
        count: spec.minCount,
        minCount: spec.minCount,
        maxCount: spec.maxCount,
        availabilityZones: [...spec.zones],
        nodeTaints,
        upgradeSettings: { maxSurge: "33%" },
    };
}

/**
 * The planned maintenance window, applied to both AKS-managed schedules (cluster upgrades and node OS
 * images), so no upgrade starts outside it.
 * @see https://learn.microsoft.com/azure/aks/planned-maintenance
 */
export function maintenanceWindowArgs(spec: Pick<ManagedClusterSettings, "maintenance">): inputs.containerservice.MaintenanceWindowArgs {
    const { dayOfWeek, startTime, durationHours, utcOffset } = spec.maintenance;
    return { schedule: { weekly: { dayOfWeek, intervalWeeks: 1 } }, startTime, durationHours, utcOffset };
}
