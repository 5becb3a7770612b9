import * as containerservice from "@pulumi/azure-native/containerservice";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { toNonInteractiveKubeconfig, type KubeloginMode } from "../../core/azure/kubeconfig";
import type { ClusterSpec } from "../../core/config/environment";

export interface AksClusterArgs {
    readonly resourceGroupName: pulumi.Input<string>;
    /** Environment name, used in resource names and tags. */
    readonly environment: string;
    /** The validated cluster settings (profile defaults already applied). */
    readonly spec: ClusterSpec;
    /**
     * How Pulumi's Kubernetes provider gets Entra ID tokens; local accounts are disabled, so there is
     * no admin kubeconfig to fall back to.
     * @default "azurecli"
     */
    readonly kubeloginMode?: KubeloginMode;
    readonly tags?: Readonly<Record<string, string>>;
}

/**
 * An AKS cluster with Entra ID and Azure RBAC, no local accounts, OIDC issuer and workload identity,
 * Azure CNI overlay with Cilium network policy, a tainted system pool and an autoscaled user pool,
 * and a Kubernetes provider that authenticates with `kubelogin`.
 */
export class AksCluster extends pulumi.ComponentResource {
    /** Kubernetes provider for everything deployed into this cluster. */
    public readonly provider: k8s.Provider;
    public readonly cluster: containerservice.ManagedCluster;
    /** Object ID of the kubelet identity (the one that pulls images and charts). */
    public readonly kubeletObjectId: pulumi.Output<string>;
    public readonly fqdn: pulumi.Output<string>;
    public readonly oidcIssuerUrl: pulumi.Output<string | undefined>;
    /** User kubeconfig, converted for non-interactive use. Secret. */
    public readonly kubeconfig: pulumi.Output<string>;

    constructor(name: string, args: AksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("helm-platform:cluster:AksCluster", name, {}, opts);
        const { spec, environment } = args;
        const clusterName = `aks-${environment}-${spec.name}`;
        const tags = { ...args.tags, environment, cluster: spec.name };

        // A user-assigned control-plane identity survives cluster re-creation and can be granted
        // rights (for example on a custom VNet) before the cluster exists.
        const identity = new managedidentity.UserAssignedIdentity(`${name}-identity`, {
            resourceGroupName: args.resourceGroupName,
            resourceName: `id-${clusterName}`,
            location: spec.location,
            tags,
        }, { parent: this });

        this.cluster = new containerservice.ManagedCluster(`${name}-aks`, {
            resourceGroupName: args.resourceGroupName,
            resourceName: clusterName,
            location: spec.location,
            dnsPrefix: clusterName,
            kubernetesVersion: spec.kubernetesVersion,
            sku: { name: "Base", tier: spec.skuTier },
            identity: { type: "UserAssigned", userAssignedIdentities: [identity.id] },
            aadProfile: { managed: true, enableAzureRBAC: true, adminGroupObjectIDs: [...spec.adminGroupObjectIds] },
            disableLocalAccounts: true,
            enableRBAC: true,
            oidcIssuerProfile: { enabled: true },
            securityProfile: { workloadIdentity: { enabled: true }, imageCleaner: { enabled: true, intervalHours: 48 } },
            networkProfile: {
                networkPlugin: "azure",
                networkPluginMode: "overlay",
                networkDataplane: "cilium",
                networkPolicy: "cilium",
                loadBalancerSku: "standard",
            },
            apiServerAccessProfile: spec.authorizedIpRanges.length > 0 ? { authorizedIPRanges: [...spec.authorizedIpRanges] } : undefined,
            autoUpgradeProfile: { upgradeChannel: spec.upgradeChannel, nodeOSUpgradeChannel: spec.nodeOsUpgradeChannel },
            agentPoolProfiles: [
                {
                    name: "system",
                    mode: "System",
                    vmSize: spec.systemPool.vmSize,
                    osType: "Linux",
                    osSKU: "AzureLinux",
                    enableAutoScaling: true,
                    count: spec.systemPool.minCount,
                    minCount: spec.systemPool.minCount,
                    maxCount: spec.systemPool.maxCount,
                    availabilityZones: [...spec.systemPool.zones],
                    // Keeps application pods off the nodes that run CoreDNS, metrics-server and friends.
                    nodeTaints: ["CriticalAddonsOnly=true:NoSchedule"],
                    type: "VirtualMachineScaleSets",
                },
                {
                    name: "user",
                    mode: "User",
                    vmSize: spec.userPool.vmSize,
                    osType: "Linux",
                    osSKU: "AzureLinux",
                    enableAutoScaling: true,
                    count: spec.userPool.minCount,
                    minCount: spec.userPool.minCount,
                    maxCount: spec.userPool.maxCount,
                    availabilityZones: [...spec.userPool.zones],
                    type: "VirtualMachineScaleSets",
                },
            ],
            tags,
        }, { parent: this, ignoreChanges: ["agentPoolProfiles[*].count"] });

        this.kubeletObjectId = this.cluster.identityProfile.apply((p) => {
            const objectId = p?.["kubeletidentity"]?.objectId;
            if (!objectId) {
                throw new pulumi.ResourceError(`cluster ${clusterName} reported no kubelet identity`, this);
            }
            return objectId;
        });
        this.fqdn = this.cluster.fqdn;
        this.oidcIssuerUrl = this.cluster.oidcIssuerProfile.apply((p) => p?.issuerURL);

        const credentials = containerservice.listManagedClusterUserCredentialsOutput({
            resourceGroupName: args.resourceGroupName,
            resourceName: this.cluster.name,
        }, { parent: this });
        const mode = args.kubeloginMode ?? "azurecli";
        this.kubeconfig = pulumi.secret(credentials.kubeconfigs.apply((configs) => {
            const value = configs[0]?.value;
            if (!value) {
                throw new pulumi.ResourceError(`cluster ${clusterName} returned no user kubeconfig`, this);
            }
            return toNonInteractiveKubeconfig(Buffer.from(value, "base64").toString("utf8"), mode);
        }));

        this.provider = new k8s.Provider(`${name}-k8s`, {
            kubeconfig: this.kubeconfig,
            // Stable identity: rotating credentials must not make Pulumi think the cluster changed.
            clusterIdentifier: `${environment}/${spec.name}`,
            enableServerSideApply: true,
        }, { parent: this });

        this.registerOutputs({ fqdn: this.fqdn, oidcIssuerUrl: this.oidcIssuerUrl, kubeletObjectId: this.kubeletObjectId });
    }
}
