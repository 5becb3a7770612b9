import * as ipaddr from "ipaddr.js";
import { z } from "zod";
import type { KeyPath } from "../base/keyPath";
import {
    AVAILABILITY_ZONES,
    CLUSTER_SKU_TIERS,
    type ClusterSpec,
    DAYS_OF_WEEK,
    type ExistingClusterSpec,
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
import { cidrSchema, overlaps, parseCidr } from "./cidr";
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
const MANAGED_ONLY = [
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
};

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
        network: { ...DEFAULT_NETWORK, ...c.network },
        oidcIssuer: c.oidcIssuer ?? true,
        workloadIdentity: c.workloadIdentity ?? true,
        privateCluster: c.privateCluster ?? false,
        authorizedIpRanges: c.authorizedIpRanges ?? [],
        azurePolicy: c.azurePolicy ?? profile.cluster.azurePolicy,
        imageCleaner: c.imageCleaner ?? true,
        maintenance: { ...profile.cluster.maintenance, ...c.maintenance },
        adminGroupObjectIds: shared.adminGroupObjectIds,
        logAnalyticsWorkspaceId: shared.logAnalyticsWorkspaceId,
    };
}

export interface CrossProblem {
    readonly path: KeyPath;
    readonly message: string;
    readonly hint: string;
}

/** Rules between fields of one cluster entry, checked on the resolved spec so defaults count too. */
export function checkCluster(input: ClusterInput, spec: ClusterSpec, at: KeyPath): CrossProblem[] {
    if (spec.kind === "existing") {
        return checkExisting(input, spec, at);
    }
    const problems: CrossProblem[] = [];
    const add = (key: string, message: string, hint: string) => problems.push({ path: [...at, key], message, hint });
    if (input.location === undefined) {
        add(
            "location",
            "required key is missing (expected an Azure region)",
            "add the region, or set existing: to use a cluster this stack does not create",
        );
    }
    if (spec.workloadIdentity && !spec.oidcIssuer) {
        add("workloadIdentity", "workload identity needs the OIDC issuer", "set oidcIssuer: true or workloadIdentity: false");
    }
    const n = spec.network;
    if (n.policy === "azure" && n.plugin !== "azure") {
        add(
            "network",
            `the Azure network policy engine needs Azure CNI, the plugin is "${n.plugin}"`,
            "set network.plugin: azure or choose another policy engine",
        );
    }
    if (n.policy === "cilium" && n.dataplane !== "cilium") {
        add("network", "the Cilium network policy engine needs the Cilium dataplane", "set network.dataplane: cilium");
    }
    if (n.dataplane === "cilium" && n.plugin !== "azure") {
        add("network", "the Cilium dataplane needs Azure CNI", "set network.plugin: azure");
    }
    if (n.pluginMode === "overlay" && n.plugin !== "azure") {
        add("network", "overlay mode exists only for Azure CNI", "set network.plugin: azure or network.pluginMode: none");
    }
    const pods = parseCidr(n.podCidr);
    const services = parseCidr(n.serviceCidr);
    if ("cidr" in pods && "cidr" in services && overlaps(pods.cidr, services.cidr)) {
        add("network", `the pod range ${n.podCidr} overlaps the Service range ${n.serviceCidr}`, "choose ranges that do not overlap");
    }
    const dns = ipaddr.isValid(n.dnsServiceIp) ? ipaddr.parse(n.dnsServiceIp) : undefined;
    if (
        !dns ||
        ("cidr" in services && (dns.kind() !== services.cidr.address.kind() || !dns.match(services.cidr.address, services.cidr.prefix)))
    ) {
        add(
            "network",
            `the DNS Service address "${n.dnsServiceIp}" is not inside the Service range ${n.serviceCidr}`,
            "set network.dnsServiceIp to an address of serviceCidr, such as its .10",
        );
    }
    if (n.policy === "none") {
        add(
            "network",
            "no network policy engine: tenant isolation by NetworkPolicy would silently do nothing",
            "choose cilium, azure or calico",
        );
    }
    if (spec.upgradeChannel === "node-image" && spec.nodeOsUpgradeChannel !== "NodeImage") {
        add(
            "nodeOsUpgradeChannel",
            `upgradeChannel node-image forces node OS upgrades to NodeImage, not ${spec.nodeOsUpgradeChannel}`,
            "set nodeOsUpgradeChannel: NodeImage",
        );
    }
    if (spec.privateCluster && spec.authorizedIpRanges.length > 0) {
        add(
            "authorizedIpRanges",
            "authorized IP ranges apply to a public API server; this cluster is private",
            "remove authorizedIpRanges or privateCluster",
        );
    }
    for (const poolName of ["systemPool", "userPool"] as const) {
        const pool = spec[poolName];
        if (pool.minCount > pool.maxCount) {
            problems.push({
                path: [...at, poolName, "minCount"],
                message: `minCount ${pool.minCount} is greater than maxCount ${pool.maxCount}`,
                hint: "make minCount <= maxCount",
            });
        }
        if (pool.zones.length > 0 && REGIONS_WITHOUT_ZONES.has(spec.location)) {
            problems.push({
                path: [...at, poolName, "zones"],
                message: `${spec.location} has no availability zones`,
                hint: "set zones: [] for this pool or choose a zonal region",
            });
        }
        if (new Set(pool.zones).size !== pool.zones.length) {
            problems.push({
                path: [...at, poolName, "zones"],
                message: `zones repeat: ${pool.zones.join(", ")}`,
                hint: "list each zone once",
            });
        }
    }
    return problems;
}

function checkExisting(input: ClusterInput, spec: ExistingClusterSpec, at: KeyPath): CrossProblem[] {
    const problems: CrossProblem[] = [];
    const existing = input.existing ?? {};
    const aks = existing.aksName !== undefined || existing.resourceGroupName !== undefined;
    if (aks === (existing.kubeconfigContext !== undefined) || (aks && !spec.aks)) {
        problems.push({
            path: [...at, "existing"],
            message: "must name either an AKS cluster (aksName and resourceGroupName) or a kubeconfigContext",
            hint: "set aksName and resourceGroupName, or kubeconfigContext alone",
        });
    }
    for (const key of MANAGED_ONLY) {
        if (input[key] !== undefined) {
            problems.push({
                path: [...at, key],
                message: "only applies to clusters this stack creates",
                hint: "remove it, or remove existing:",
            });
        }
    }
    return problems;
}
