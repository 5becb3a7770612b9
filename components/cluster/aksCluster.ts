import * as authorization from "@pulumi/azure-native/authorization";
import * as containerservice from "@pulumi/azure-native/containerservice";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { aksName } from "../../core/azure/names";
import { assignmentDescription, BUILT_IN_ROLES, roleDefinitionId } from "../../core/azure/roles";
import { TYPE } from "../../core/base/resourceTypes";
import { MANAGED_CLUSTER_DEFAULTS } from "../../core/config/cluster";
import { PROFILES } from "../../core/config/profiles";
import {
    type CLUSTER_SKU_TIERS,
    DEFAULT_KUBELOGIN_MODE,
    type KubeloginMode,
    type MaintenanceWindow,
    type NetworkSpec,
    type NODE_OS_UPGRADE_CHANNELS,
    type NodePoolDefaults,
    type UPGRADE_CHANNELS,
} from "../../core/model/environment";
import { environmentOr } from "../defaults";
import { type ClusterConnection, type ClusterOutputs, kubeletObjectIdOf, userKubeconfig } from "./connection";
import { type ManagedClusterSettings, maintenanceWindowArgs, managedClusterArgs } from "./managedClusterArgs";

/**
 * What a cluster gets for each setting left out: the production profile's tiers, pools, upgrade
 * channels, Azure Policy and maintenance window; the platform's managed-cluster defaults (Azure CNI
 * overlay with Cilium, OIDC issuer and workload identity, a public API server, the image cleaner); and
 * the Azure CLI's login for kubelogin.
 */
export const AKS_CLUSTER_DEFAULTS = {
    ...PROFILES.production.cluster,
    ...MANAGED_CLUSTER_DEFAULTS,
    // What the cluster is told; its address ranges are AKS's (see ClusterNetworkArgs).
    network: {
        plugin: MANAGED_CLUSTER_DEFAULTS.network.plugin,
        pluginMode: MANAGED_CLUSTER_DEFAULTS.network.pluginMode,
        dataplane: MANAGED_CLUSTER_DEFAULTS.network.dataplane,
        policy: MANAGED_CLUSTER_DEFAULTS.network.policy,
    },
    kubeloginMode: DEFAULT_KUBELOGIN_MODE,
} as const;

/** A node pool; each field left out is the default pool's (`AKS_CLUSTER_DEFAULTS.systemPool` or `.userPool`). */
export interface NodePoolArgs {
    /** VM size of the nodes, such as `Standard_D4ds_v5`. @default the default pool's */
    readonly vmSize?: string;
    /** Nodes the autoscaler keeps at least (and the pool starts with). @default the default pool's */
    readonly minCount?: number;
    /** Nodes the autoscaler adds at most. @default the default pool's */
    readonly maxCount?: number;
    /** Availability zones the nodes spread over; empty: regional, no zone pinning. @default the default pool's */
    readonly zones?: readonly string[];
}

/**
 * The cluster's network plugin, policy engine and address ranges; each field left out is the default's.
 * Left out, the pod and Service ranges are AKS's own (`10.244.0.0/16`, `10.0.0.0/16`, DNS `10.0.0.10`).
 */
export interface ClusterNetworkArgs {
    /**
     * The CNI plugin: Azure CNI (with `pluginMode: overlay`, pods get addresses outside the virtual network).
     * @default AKS_CLUSTER_DEFAULTS.network.plugin
     */
    readonly plugin?: NetworkSpec["plugin"];
    /** `overlay`: pod addresses from the pod range, not from the subnet. @default AKS_CLUSTER_DEFAULTS.network.pluginMode */
    readonly pluginMode?: NetworkSpec["pluginMode"];
    /** `cilium`: eBPF dataplane (Azure CNI Powered by Cilium). @default AKS_CLUSTER_DEFAULTS.network.dataplane */
    readonly dataplane?: NetworkSpec["dataplane"];
    /**
     * The engine that enforces NetworkPolicies: tenant isolation rests on it; `none` leaves tenants open
     * to each other. @default AKS_CLUSTER_DEFAULTS.network.policy
     */
    readonly policy?: NetworkSpec["policy"];
    /**
     * The pod address range (overlay). Fixed when the cluster is created: another value replaces the cluster.
     * @default AKS's own, `10.244.0.0/16`
     */
    readonly podCidr?: string;
    /**
     * The Service address range, with {@link dnsServiceIp} inside it. Fixed when the cluster is created.
     * @default AKS's own, `10.0.0.0/16`
     */
    readonly serviceCidr?: string;
    /** The cluster DNS Service's address, inside {@link serviceCidr}; only with it. @default AKS's own, `10.0.0.10` */
    readonly dnsServiceIp?: string;
}

/** The weekly maintenance window; each field left out is the default window's. */
export interface MaintenanceWindowArgs {
    /** The day the window opens. @default AKS_CLUSTER_DEFAULTS.maintenance.dayOfWeek */
    readonly dayOfWeek?: MaintenanceWindow["dayOfWeek"];
    /** `HH:MM`, in `utcOffset`. @default AKS_CLUSTER_DEFAULTS.maintenance.startTime */
    readonly startTime?: string;
    /** How long the window stays open: AKS requires at least 4 hours. @default AKS_CLUSTER_DEFAULTS.maintenance.durationHours */
    readonly durationHours?: number;
    /** `+HH:MM` or `-HH:MM`. @default AKS_CLUSTER_DEFAULTS.maintenance.utcOffset */
    readonly utcOffset?: string;
}

/**
 * The cluster to create: its resource group and region; every other setting has a default (see
 * {@link AKS_CLUSTER_DEFAULTS}).
 */
export interface AksClusterArgs {
    /** The resource group the cluster and its control-plane identity live in. */
    readonly resourceGroupName: pulumi.Input<string>;
    /** The cluster's region, such as `westeurope`. */
    readonly location: pulumi.Input<string>;
    /** The cluster's short name: the AKS cluster is `aks-<environment>-<name>`. @default the component's name */
    readonly name?: string;
    /** Environment name, used in resource names, tags and the cluster's identity. @default the Pulumi stack's name */
    readonly environment?: string;
    /** `1.33` (AKS picks the latest patch) or `1.33.2`. @default AKS's default version */
    readonly kubernetesVersion?: string;
    /** `Free` has no uptime SLA; `Standard` is the financially backed SLA production needs. @default AKS_CLUSTER_DEFAULTS.skuTier */
    readonly skuTier?: (typeof CLUSTER_SKU_TIERS)[number];
    /** The system pool (CoreDNS, konnectivity, metrics-server), tainted `CriticalAddonsOnly`. @default AKS_CLUSTER_DEFAULTS.systemPool */
    readonly systemPool?: NodePoolArgs;
    /** The pool applications run on. @default AKS_CLUSTER_DEFAULTS.userPool */
    readonly userPool?: NodePoolArgs;
    /**
     * How AKS upgrades Kubernetes; on a channel other than `none`, Pulumi leaves the versions AKS moves to
     * alone. @default AKS_CLUSTER_DEFAULTS.upgradeChannel
     * @see https://learn.microsoft.com/azure/aks/auto-upgrade-cluster
     */
    readonly upgradeChannel?: (typeof UPGRADE_CHANNELS)[number];
    /** How AKS upgrades the nodes' OS images. @default AKS_CLUSTER_DEFAULTS.nodeOsUpgradeChannel */
    readonly nodeOsUpgradeChannel?: (typeof NODE_OS_UPGRADE_CHANNELS)[number];
    /**
     * Network plugin, dataplane and policy engine.
     * @default AKS_CLUSTER_DEFAULTS.network
     * @see https://learn.microsoft.com/azure/aks/azure-cni-overlay
     */
    readonly network?: ClusterNetworkArgs;
    /** The OIDC issuer workload identity federates with. @default AKS_CLUSTER_DEFAULTS.oidcIssuer */
    readonly oidcIssuer?: boolean;
    /** Entra workload identity for pods. @default AKS_CLUSTER_DEFAULTS.workloadIdentity */
    readonly workloadIdentity?: boolean;
    /** An API server with a private address only. @default AKS_CLUSTER_DEFAULTS.privateCluster */
    readonly privateCluster?: boolean;
    /** The only address ranges the public API server accepts. @default AKS_CLUSTER_DEFAULTS.authorizedIpRanges (any address) */
    readonly authorizedIpRanges?: readonly string[];
    /** Azure Policy add-on (Gatekeeper) with the built-in AKS policies. @default AKS_CLUSTER_DEFAULTS.azurePolicy */
    readonly azurePolicy?: boolean;
    /** Removes unused images from the nodes every 48 hours. @default AKS_CLUSTER_DEFAULTS.imageCleaner */
    readonly imageCleaner?: boolean;
    /**
     * The weekly window in which AKS may upgrade the cluster and its node images (at least 4 hours).
     * @default AKS_CLUSTER_DEFAULTS.maintenance
     * @see https://learn.microsoft.com/azure/aks/planned-maintenance
     */
    readonly maintenance?: MaintenanceWindowArgs;
    /** Entra ID groups that administer the cluster (`aadProfile.adminGroupObjectIDs`). @default [] */
    readonly adminGroupObjectIds?: readonly pulumi.Input<string>[];
    /** Log Analytics workspace for Container Insights and Defender. @default none: both off */
    readonly logAnalyticsWorkspaceId?: pulumi.Input<string>;
    /**
     * How Pulumi's Kubernetes provider gets Entra ID tokens; local accounts are disabled, so there is
     * no admin kubeconfig to fall back to.
     * @default AKS_CLUSTER_DEFAULTS.kubeloginMode
     */
    readonly kubeloginMode?: KubeloginMode;
    /**
     * Principals given "Azure Kubernetes Service RBAC Cluster Admin" on the cluster, typically the
     * identity running `pulumi up`, which must create namespaces and RBAC.
     * @default []
     */
    readonly clusterAdminPrincipalIds?: readonly pulumi.Input<string>[];
    /** Pulumi `protect` on the cluster and its identity. @default false */
    readonly protect?: boolean;
    /** Azure tags on the cluster and its identity, besides `environment` and `cluster`. @default none */
    readonly tags?: Readonly<Record<string, string>>;
}

/** Each field of `defaults`, unless `given` has it: for the args that take single fields of a group. */
function filled<T extends object>(given: Partial<T> | undefined, defaults: T): T {
    return Object.fromEntries(Object.entries(defaults).map(([key, value]) => [key, given?.[key as keyof T] ?? value])) as T;
}

/** The ranges given (AKS's own otherwise); the DNS address only with the Service range it sits in. */
function addressRanges(network: ClusterNetworkArgs | undefined): Partial<ManagedClusterSettings["network"]> {
    return {
        ...(network?.podCidr ? { podCidr: network.podCidr } : {}),
        ...(network?.serviceCidr ? { serviceCidr: network.serviceCidr, dnsServiceIp: network.dnsServiceIp } : {}),
    };
}

/** The cluster's settings with every default applied: here, and nowhere else. */
export function clusterSettings(name: string, args: AksClusterArgs): ManagedClusterSettings {
    const d = AKS_CLUSTER_DEFAULTS;
    return {
        name: args.name ?? name,
        location: args.location,
        kubernetesVersion: args.kubernetesVersion,
        skuTier: args.skuTier ?? d.skuTier,
        systemPool: filled<NodePoolDefaults>(args.systemPool, d.systemPool),
        userPool: filled<NodePoolDefaults>(args.userPool, d.userPool),
        upgradeChannel: args.upgradeChannel ?? d.upgradeChannel,
        nodeOsUpgradeChannel: args.nodeOsUpgradeChannel ?? d.nodeOsUpgradeChannel,
        network: { ...filled(args.network ?? {}, d.network), ...addressRanges(args.network) },
        oidcIssuer: args.oidcIssuer ?? d.oidcIssuer,
        workloadIdentity: args.workloadIdentity ?? d.workloadIdentity,
        privateCluster: args.privateCluster ?? d.privateCluster,
        authorizedIpRanges: args.authorizedIpRanges ?? d.authorizedIpRanges,
        azurePolicy: args.azurePolicy ?? d.azurePolicy,
        imageCleaner: args.imageCleaner ?? d.imageCleaner,
        maintenance: filled<MaintenanceWindow>(args.maintenance, d.maintenance),
        adminGroupObjectIds: args.adminGroupObjectIds ?? [],
        logAnalyticsWorkspaceId: args.logAnalyticsWorkspaceId,
    };
}

/**
 * An AKS cluster with Entra ID and Azure RBAC, no local accounts, OIDC issuer and workload identity,
 * Azure CNI overlay with a network policy engine, a tainted system pool and an autoscaled user pool, a
 * planned maintenance window, and a Kubernetes provider that authenticates with `kubelogin`.
 */
export class AksCluster extends pulumi.ComponentResource implements ClusterConnection {
    public readonly clusterName: string;
    public readonly provider: k8s.Provider;
    public readonly clusterIdentifier: string;
    public readonly access: ClusterConnection["access"];
    /** The AKS cluster itself. */
    public readonly cluster: containerservice.ManagedCluster;
    public readonly kubeletObjectId: pulumi.Output<string>;
    public readonly azureRbacClusterId: pulumi.Output<string>;
    /** What the stack exports of the cluster. */
    public readonly outputs: ClusterOutputs;

    constructor(name: string, args: AksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super(TYPE.aksCluster, name, {}, opts);
        const spec = clusterSettings(name, args);
        const environment = environmentOr(args.environment);
        this.clusterName = spec.name;
        const clusterName = aksName(environment, spec.name);
        const tags = { ...args.tags, environment, cluster: spec.name };
        const protect = args.protect ?? false;

        // A user-assigned control-plane identity survives cluster re-creation and can be granted
        // rights (for example on a custom VNet) before the cluster exists.
        const identity = new managedidentity.UserAssignedIdentity(
            `${name}-identity`,
            {
                resourceGroupName: args.resourceGroupName,
                resourceName: `id-${clusterName}`,
                location: spec.location,
                tags,
            },
            { parent: this, protect },
        );

        this.cluster = new containerservice.ManagedCluster(
            `${name}-aks`,
            managedClusterArgs(spec, clusterName, identity.id, args.resourceGroupName, tags),
            { parent: this, protect, ignoreChanges: ignoredClusterChanges(spec) },
        );

        this.maintenanceWindows(name, args.resourceGroupName, spec);

        const admins = (args.clusterAdminPrincipalIds ?? []).map(
            (principalId, i) =>
                new authorization.RoleAssignment(
                    `${name}-cluster-admin-${i}`,
                    {
                        scope: this.cluster.id,
                        roleDefinitionId: this.cluster.id.apply((scope) => roleDefinitionId(scope, BUILT_IN_ROLES.aksRbacClusterAdmin)),
                        principalId,
                        description: assignmentDescription("aksRbacClusterAdmin", `${clusterName} for the deploying identity`),
                    },
                    { parent: this },
                ),
        );

        this.kubeletObjectId = kubeletObjectIdOf(this, clusterName, this.cluster.identityProfile);
        // aadProfile.enableAzureRBAC is always on for clusters this component creates.
        this.azureRbacClusterId = this.cluster.id;
        const kubeconfig = userKubeconfig(
            this,
            args.resourceGroupName,
            this.cluster.name,
            args.kubeloginMode ?? AKS_CLUSTER_DEFAULTS.kubeloginMode,
        );
        this.access = { kubeconfig };
        // Stable identity: rotating credentials must not make Pulumi think the cluster changed.
        this.clusterIdentifier = `${environment}/${spec.name}`;
        this.provider = new k8s.Provider(
            `${name}-k8s`,
            {
                kubeconfig,
                clusterIdentifier: this.clusterIdentifier,
                enableServerSideApply: true,
            },
            {
                parent: this,
                // Everything on the cluster waits until the deploying identity may act there: Azure RBAC
                // grants take effect only after the assignment exists.
                dependsOn: admins,
            },
        );

        this.outputs = {
            // Set by this program (resourceName), so known before the cluster exists.
            name: clusterName,
            fqdn: spec.privateCluster ? this.cluster.privateFQDN : this.cluster.fqdn,
            oidcIssuerUrl: this.cluster.oidcIssuerProfile.apply((p) => p?.issuerURL),
            kubeconfig,
            foundation: pulumi.output({ name: clusterName, resourceGroupName: args.resourceGroupName, id: this.cluster.id }),
        };
        this.registerOutputs({ ...this.outputs, kubeletObjectId: this.kubeletObjectId });
    }

    /** The planned maintenance window on both AKS-managed schedules: cluster upgrades and node OS images. */
    private maintenanceWindows(name: string, resourceGroupName: pulumi.Input<string>, spec: ManagedClusterSettings): void {
        for (const [configName, suffix] of [
            ["aksManagedAutoUpgradeSchedule", "upgrades"],
            ["aksManagedNodeOSUpgradeSchedule", "node-os"],
        ] as const) {
            new containerservice.MaintenanceConfiguration(
                `${name}-maintenance-${suffix}`,
                { resourceGroupName, resourceName: this.cluster.name, configName, maintenanceWindow: maintenanceWindowArgs(spec) },
                { parent: this },
            );
        }
    }
}

/**
 * What Pulumi leaves to others on the cluster: node counts to the autoscaler, and, when AKS upgrades the
 * cluster on a channel, the Kubernetes versions it moves to (else the next `pulumi up` would try to
 * go back to the version in the stack file).
 */
export function ignoredClusterChanges(spec: Pick<ManagedClusterSettings, "upgradeChannel">): string[] {
    const upgraded = spec.upgradeChannel !== "none" ? ["kubernetesVersion", "agentPoolProfiles[*].orchestratorVersion"] : [];
    return ["agentPoolProfiles[*].count", ...upgraded];
}
