import * as authorization from "@pulumi/azure-native/authorization";
import * as containerservice from "@pulumi/azure-native/containerservice";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { aksName } from "../../core/azure/names";
import { assignmentDescription, BUILT_IN_ROLES, roleDefinitionId } from "../../core/azure/roles";
import { TYPE } from "../../core/base/resourceTypes";
import { DEFAULT_KUBELOGIN_MODE, type KubeloginMode, type ManagedClusterSpec } from "../../core/model/environment";
import { type ClusterConnection, type ClusterOutputs, kubeletObjectIdOf, userKubeconfig } from "./connection";
import { maintenanceWindowArgs, managedClusterArgs } from "./managedClusterArgs";

export interface AksClusterArgs {
    readonly resourceGroupName: pulumi.Input<string>;
    /** Environment name, used in resource names and tags. */
    readonly environment: string;
    /** The validated cluster settings (profile defaults already applied). */
    readonly spec: ManagedClusterSpec;
    /**
     * How Pulumi's Kubernetes provider gets Entra ID tokens; local accounts are disabled, so there is
     * no admin kubeconfig to fall back to.
     * @default "azurecli"
     */
    readonly kubeloginMode?: KubeloginMode;
    /**
     * Principals given "Azure Kubernetes Service RBAC Cluster Admin" on the cluster, typically the
     * identity running `pulumi up`, which must create namespaces and RBAC.
     * @default []
     */
    readonly clusterAdminPrincipalIds?: pulumi.Input<string>[];
    /** Pulumi `protect` on the cluster and its identity. @default false */
    readonly protect?: boolean;
    readonly tags?: Readonly<Record<string, string>>;
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
    public readonly cluster: containerservice.ManagedCluster;
    public readonly kubeletObjectId: pulumi.Output<string>;
    public readonly azureRbacClusterId: pulumi.Output<string>;
    public readonly outputs: ClusterOutputs;

    constructor(name: string, args: AksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super(TYPE.aksCluster, name, {}, opts);
        const { spec, environment } = args;
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

        for (const [configName, suffix] of [
            ["aksManagedAutoUpgradeSchedule", "upgrades"],
            ["aksManagedNodeOSUpgradeSchedule", "node-os"],
        ] as const) {
            new containerservice.MaintenanceConfiguration(
                `${name}-maintenance-${suffix}`,
                {
                    resourceGroupName: args.resourceGroupName,
                    resourceName: this.cluster.name,
                    configName,
                    maintenanceWindow: maintenanceWindowArgs(spec),
                },
                { parent: this },
            );
        }

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
        const kubeconfig = userKubeconfig(this, args.resourceGroupName, this.cluster.name, args.kubeloginMode ?? DEFAULT_KUBELOGIN_MODE);
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
}

/**
 * What Pulumi leaves to others on the cluster: node counts to the autoscaler, and, when AKS upgrades the
 * cluster on a channel, the Kubernetes versions it moves to (else the next `pulumi up` would try to
 * go back to the version in the stack file).
 */
export function ignoredClusterChanges(spec: ManagedClusterSpec): string[] {
    const upgraded = spec.upgradeChannel !== "none" ? ["kubernetesVersion", "agentPoolProfiles[*].orchestratorVersion"] : [];
    return ["agentPoolProfiles[*].count", ...upgraded];
}
