import { z } from "zod";
import {
    AVAILABILITY_ZONES,
    CLUSTER_SKU_TIERS,
    type ClusterSpec,
    DAYS_OF_WEEK,
    NETWORK_DATAPLANES,
    NETWORK_PLUGIN_MODES,
    NETWORK_PLUGINS,
    NETWORK_POLICIES,
    type NetworkSpec,
    NODE_OS_UPGRADE_CHANNELS,
    type NodePoolDefaults,
    type Profile,
    UPGRADE_CHANNELS,
} from "../model/environment";
import { cidrSchema } from "./cidr";
import { nameSchema } from "./names";

export const regionSchema = z.string().regex(/^[a-z][a-z0-9]+$/, { message: "must be an Azure region name such as westeurope" });

/**
 * Regions without availability zones. Listing the regions that lack zones (rather than those that
 * have them) means a region that gains zones never gets a false error.
 * @see https://learn.microsoft.com/azure/reliability/availability-zones-region-support
 */
export const REGIONS_WITHOUT_ZONES: ReadonlySet<string> = new Set([
    "westus",
    "northcentralus",
    "westcentralus",
    "canadaeast",
    "ukwest",
    "francesouth",
    "germanynorth",
    "norwaywest",
    "switzerlandwest",
    "swedensouth",
    "uaecentral",
    "southindia",
    "westindia",
    "jioindiacentral",
    "jioindiawest",
    "australiasoutheast",
    "australiacentral",
    "australiacentral2",
    "koreasouth",
    "brazilsoutheast",
    "southafricawest",
    "eastasia2",
]);

const poolSchema = z.strictObject({
    vmSize: z.string().min(1).optional(),
    minCount: z.int().min(1).max(1000).optional(),
    maxCount: z.int().min(1).max(1000).optional(),
    zones: z.array(z.enum(AVAILABILITY_ZONES)).optional(),
});

export const clusterSchema = z.strictObject({
    /** Short, stable name; resource names derive from it, never from the list position. */
    name: nameSchema(16),
    /** Required for clusters this stack creates. */
    location: regionSchema.optional(),
    /** Deploy tenants and releases to a cluster this stack does not manage. */
    existing: z
        .strictObject({
            /** An existing AKS cluster, by name and resource group. */
            aksName: z.string().min(1).optional(),
            resourceGroupName: z.string().min(1).optional(),
            /** Or a context of the kubeconfig on the machine running Pulumi. */
            kubeconfigContext: z.string().min(1).optional(),
            /** The cluster's pod and Service address ranges, which no tenant egress may reach. @default AKS's defaults */
            podCidr: cidrSchema.optional(),
            serviceCidr: cidrSchema.optional(),
            /** Its virtual network's address spaces, which no tenant egress may reach. @default ["10.224.0.0/12"] (AKS's managed network) */
            vnetCidrs: z.array(cidrSchema).min(1).optional(),
        })
        .optional(),
    /** `1.33` (AKS picks the latest patch) or `1.33.2`. Omitted: the AKS default version. */
    kubernetesVersion: z
        .string()
        .regex(/^\d+\.\d+(\.\d+)?$/, { message: "must be MAJOR.MINOR or MAJOR.MINOR.PATCH, such as 1.33 or 1.33.2" })
        .optional(),
    skuTier: z.enum(CLUSTER_SKU_TIERS).optional(),
    systemPool: poolSchema.optional(),
    userPool: poolSchema.optional(),
    upgradeChannel: z.enum(UPGRADE_CHANNELS).optional(),
    nodeOsUpgradeChannel: z.enum(NODE_OS_UPGRADE_CHANNELS).optional(),
    network: z
        .strictObject({
            plugin: z.enum(NETWORK_PLUGINS).optional(),
            pluginMode: z.enum(NETWORK_PLUGIN_MODES).optional(),
            dataplane: z.enum(NETWORK_DATAPLANES).optional(),
            policy: z.enum(NETWORK_POLICIES).optional(),
            /** Pod address range (overlay); no tenant egress may reach it. @default "10.244.0.0/16" */
            podCidr: cidrSchema.optional(),
            /** Service address range. @default "10.0.0.0/16" */
            serviceCidr: cidrSchema.optional(),
            /** Address of the cluster DNS Service, inside `serviceCidr`. @default "10.0.0.10" */
            dnsServiceIp: z.string().optional(),
            /**
             * The address spaces of the nodes' virtual network (node subnet, internal load balancers, private
             * endpoints), which no tenant egress may reach. @default ["10.224.0.0/12"] (the network AKS manages)
             */
            vnetCidrs: z.array(cidrSchema).min(1).optional(),
        })
        .optional(),
    oidcIssuer: z.boolean().optional(),
    workloadIdentity: z.boolean().optional(),
    /** API server reachable only from the cluster's virtual network. */
    privateCluster: z.boolean().optional(),
    /** CIDRs allowed to reach a public API server; empty means unrestricted. */
    authorizedIpRanges: z.array(cidrSchema).optional(),
    azurePolicy: z.boolean().optional(),
    imageCleaner: z.boolean().optional(),
    maintenance: z
        .strictObject({
            dayOfWeek: z.enum(DAYS_OF_WEEK).optional(),
            startTime: z
                .string()
                .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: "must be HH:MM" })
                .optional(),
            durationHours: z.int().min(4).max(24).optional(),
            utcOffset: z
                .string()
                .regex(/^[+-]\d{2}:\d{2}$/, { message: "must be +HH:MM or -HH:MM" })
                .optional(),
        })
        .optional(),
});

export type ClusterInput = z.output<typeof clusterSchema>;

/** Settings that only make sense for a cluster this stack creates. */
export const MANAGED_ONLY = [
    "location",
    "kubernetesVersion",
    "skuTier",
    "systemPool",
    "userPool",
    "upgradeChannel",
    "nodeOsUpgradeChannel",
    "network",
    "oidcIssuer",
    "workloadIdentity",
    "privateCluster",
    "authorizedIpRanges",
    "azurePolicy",
    "imageCleaner",
    "maintenance",
] as const;

/**
 * The virtual network AKS creates for a cluster that brings none: the node subnet is `10.224.0.0/16`.
 * @see https://learn.microsoft.com/azure/aks/concepts-network-legacy-cni
 */
export const AKS_MANAGED_VNET = "10.224.0.0/12";

/**
 * AKS's own defaults for Azure CNI overlay, written out so that tenant egress can be checked against
 * them and a cluster never changes range because a default moved.
 * @see https://learn.microsoft.com/azure/aks/azure-cni-overlay
 */
const DEFAULT_NETWORK: NetworkSpec = {
    plugin: "azure",
    pluginMode: "overlay",
    dataplane: "cilium",
    policy: "cilium",
    podCidr: "10.244.0.0/16",
    serviceCidr: "10.0.0.0/16",
    dnsServiceIp: "10.0.0.10",
    vnetCidrs: [AKS_MANAGED_VNET],
};

/**
 * What a managed cluster gets when neither its settings nor its profile say otherwise: Entra workload
 * identity on, a public API server (narrowed by `authorizedIpRanges` when given), stale images cleaned.
 * The one owner of these defaults, for the stack files and the `AksCluster` component alike.
 */
export const MANAGED_CLUSTER_DEFAULTS = {
    network: DEFAULT_NETWORK,
    oidcIssuer: true,
    workloadIdentity: true,
    privateCluster: false,
    authorizedIpRanges: [] as readonly string[],
    imageCleaner: true,
} as const;

export function resolveCluster(
    c: ClusterInput,
    profile: Profile,
    shared: { readonly adminGroupObjectIds: readonly string[]; readonly logAnalyticsWorkspaceId?: string },
): ClusterSpec {
    if (c.existing) {
        const { aksName, resourceGroupName, kubeconfigContext } = c.existing;
        return {
            kind: "existing",
            name: c.name,
            aks: aksName && resourceGroupName ? { name: aksName, resourceGroupName } : undefined,
            kubeconfigContext,
            network: {
                podCidr: c.existing.podCidr ?? DEFAULT_NETWORK.podCidr,
                serviceCidr: c.existing.serviceCidr ?? DEFAULT_NETWORK.serviceCidr,
                vnetCidrs: c.existing.vnetCidrs ?? DEFAULT_NETWORK.vnetCidrs,
            },
        };
    }
    const pool = (given: ClusterInput["systemPool"], defaults: NodePoolDefaults): NodePoolDefaults => ({
        vmSize: given?.vmSize ?? defaults.vmSize,
        minCount: given?.minCount ?? defaults.minCount,
        maxCount: given?.maxCount ?? defaults.maxCount,
        zones: given?.zones ?? defaults.zones,
    });
    return {
        kind: "managed",
        name: c.name,
        location: c.location as string,
        kubernetesVersion: c.kubernetesVersion,
        skuTier: c.skuTier ?? profile.cluster.skuTier,
        systemPool: pool(c.systemPool, profile.cluster.systemPool),
        userPool: pool(c.userPool, profile.cluster.userPool),
        upgradeChannel: c.upgradeChannel ?? profile.cluster.upgradeChannel,
        nodeOsUpgradeChannel: c.nodeOsUpgradeChannel ?? profile.cluster.nodeOsUpgradeChannel,
        network: { ...MANAGED_CLUSTER_DEFAULTS.network, ...c.network },
        oidcIssuer: c.oidcIssuer ?? MANAGED_CLUSTER_DEFAULTS.oidcIssuer,
        workloadIdentity: c.workloadIdentity ?? MANAGED_CLUSTER_DEFAULTS.workloadIdentity,
        privateCluster: c.privateCluster ?? MANAGED_CLUSTER_DEFAULTS.privateCluster,
        authorizedIpRanges: c.authorizedIpRanges ?? MANAGED_CLUSTER_DEFAULTS.authorizedIpRanges,
        azurePolicy: c.azurePolicy ?? profile.cluster.azurePolicy,
        imageCleaner: c.imageCleaner ?? MANAGED_CLUSTER_DEFAULTS.imageCleaner,
        maintenance: { ...profile.cluster.maintenance, ...c.maintenance },
        adminGroupObjectIds: shared.adminGroupObjectIds,
        logAnalyticsWorkspaceId: shared.logAnalyticsWorkspaceId,
    };
}
