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

const poolSchema = z
    .strictObject({
        vmSize: z.string().min(1).optional().describe("The nodes' VM size, such as `Standard_D4ds_v5`."),
        minCount: z.int().min(1).max(1000).optional().describe("Fewest nodes the autoscaler keeps."),
        maxCount: z.int().min(1).max(1000).optional().describe("Most nodes the autoscaler adds; at least `minCount`."),
        zones: z.array(z.enum(AVAILABILITY_ZONES)).optional().describe("Availability zones; none in regions without zones, none twice."),
    })
    .describe("A node pool; each field omitted is the profile's.");

export const clusterSchema = z.strictObject({
    name: nameSchema(16).describe(
        "Short and stable: part of every resource name (`aks-<environment>-<name>`), never the list position, so reordering or adding clusters replaces nothing.",
    ),
    location: regionSchema.optional().describe("Azure region; required for clusters this stack creates."),
    existing: z
        .strictObject({
            aksName: z.string().min(1).optional().describe("An existing AKS cluster's name (with `resourceGroupName`)."),
            resourceGroupName: z.string().min(1).optional().describe("The existing AKS cluster's resource group."),
            kubeconfigContext: z
                .string()
                .min(1)
                .optional()
                .describe(
                    "Or a context of the kubeconfig on the machine running Pulumi (`$KUBECONFIG` or `~/.kube/config`), which team providers impersonate from.",
                ),
            podCidr: cidrSchema
                .optional()
                .describe("The cluster's pod address range, which no tenant egress may reach. Omitted: AKS's default."),
            serviceCidr: cidrSchema
                .optional()
                .describe("The cluster's Service address range, which no tenant egress may reach. Omitted: AKS's default."),
            vnetCidrs: z
                .array(cidrSchema)
                .min(1)
                .optional()
                .describe(
                    "Its virtual network's address spaces, which no tenant egress may reach. Omitted: `[10.224.0.0/12]` (AKS's managed network).",
                ),
        })
        .optional()
        .describe(
            "Deploy tenants and releases to a cluster this stack does not create: `{aksName, resourceGroupName}` (an existing AKS: its user " +
                "credentials through kubelogin, AcrPull for its kubelet) or `{kubeconfigContext}`; only `name` may accompany it.",
        ),
    kubernetesVersion: z
        .string()
        .regex(/^\d+\.\d+(\.\d+)?$/, { message: "must be MAJOR.MINOR or MAJOR.MINOR.PATCH, such as 1.33 or 1.33.2" })
        .optional()
        .describe("`1.33` (AKS picks the latest patch) or `1.33.2`. Omitted: the AKS default version."),
    skuTier: z.enum(CLUSTER_SKU_TIERS).optional().describe("AKS pricing tier (`Standard`: the uptime SLA). Omitted: the profile's."),
    systemPool: poolSchema.optional().describe("The system pool, tainted `CriticalAddonsOnly`. Omitted: the profile's."),
    userPool: poolSchema.optional().describe("The autoscaled user pool the teams' workloads run on. Omitted: the profile's."),
    upgradeChannel: z
        .enum(UPGRADE_CHANNELS)
        .optional()
        .describe("Cluster auto-upgrade channel; `node-image` needs `nodeOsUpgradeChannel: NodeImage`. Omitted: the profile's."),
    nodeOsUpgradeChannel: z.enum(NODE_OS_UPGRADE_CHANNELS).optional().describe("Node OS auto-upgrade channel. Omitted: the profile's."),
    network: z
        .strictObject({
            plugin: z.enum(NETWORK_PLUGINS).optional().describe("Omitted: `azure` (Azure CNI)."),
            pluginMode: z.enum(NETWORK_PLUGIN_MODES).optional().describe("Omitted: `overlay`; overlay only with Azure CNI."),
            dataplane: z.enum(NETWORK_DATAPLANES).optional().describe("Omitted: `cilium`; the Cilium dataplane needs Azure CNI."),
            policy: z
                .enum(NETWORK_POLICIES)
                .optional()
                .describe(
                    "The network policy engine, required (tenant isolation relies on NetworkPolicy); `azure` needs Azure CNI, `cilium` the Cilium dataplane. Omitted: `cilium`.",
                ),
            podCidr: cidrSchema
                .optional()
                .describe("Pod address range (overlay); no tenant egress may reach it. Omitted: `10.244.0.0/16`."),
            serviceCidr: cidrSchema.optional().describe("Service address range; no tenant egress may reach it. Omitted: `10.0.0.0/16`."),
            dnsServiceIp: z.string().optional().describe("Address of the cluster DNS Service, inside `serviceCidr`. Omitted: `10.0.0.10`."),
            vnetCidrs: z
                .array(cidrSchema)
                .min(1)
                .optional()
                .describe(
                    "The address spaces of the nodes' virtual network (node subnet, internal load balancers, private endpoints), which no " +
                        "tenant egress may reach. Omitted: `[10.224.0.0/12]` (the network AKS manages).",
                ),
        })
        .optional()
        .describe("Any field may be changed; combinations are checked. The defaults are AKS's own for Azure CNI overlay, written out."),
    oidcIssuer: z.boolean().optional().describe("The OIDC issuer; workload identity needs it. Omitted: `true`."),
    workloadIdentity: z.boolean().optional().describe("Workload identity. Omitted: `true`."),
    privateCluster: z.boolean().optional().describe("API server reachable only from the cluster's virtual network. Omitted: `false`."),
    authorizedIpRanges: z
        .array(cidrSchema)
        .optional()
        .describe("CIDRs allowed to reach a public API server; empty means unrestricted; not with `privateCluster`."),
    azurePolicy: z.boolean().optional().describe("The Azure Policy add-on. Omitted: the profile's."),
    imageCleaner: z.boolean().optional().describe("Image cleaner (removes unused images from nodes). Omitted: `true`."),
    maintenance: z
        .strictObject({
            dayOfWeek: z.enum(DAYS_OF_WEEK).optional(),
            startTime: z
                .string()
                .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: "must be HH:MM" })
                .optional()
                .describe("`HH:MM`."),
            durationHours: z.int().min(4).max(24).optional(),
            utcOffset: z
                .string()
                .regex(/^[+-]\d{2}:\d{2}$/, { message: "must be +HH:MM or -HH:MM" })
                .optional()
                .describe("`+HH:MM` or `-HH:MM`."),
        })
        .optional()
        .describe("The weekly window for both upgrade schedules (cluster and node image); each field omitted is the profile's."),
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
