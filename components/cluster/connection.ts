import * as containerservice from "@pulumi/azure-native/containerservice";
import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { toNonInteractiveKubeconfig } from "../../core/azure/kubeconfig";
import type { KubeloginMode } from "../../core/model/environment";
import type { FoundationCluster } from "../../core/model/stack";

/** What the platform needs from a cluster, whether this stack created it or not. */
export interface ClusterConnection {
    /** The cluster's name in the stack configuration. */
    readonly clusterName: string;
    /** Provider for what the platform itself deploys into the cluster: namespaces, policies, monitoring. */
    readonly provider: k8s.Provider;
    /** Stable identity of the cluster for every provider that reaches it (`<env>/<cluster>`). */
    readonly clusterIdentifier: string;
    /**
     * The kubeconfig the platform's provider uses (a secret), and the context in it: what tenant
     * providers impersonate their installer from. Undefined when the provider reads an ambient kubeconfig.
     */
    readonly access?: { readonly kubeconfig: pulumi.Output<string>; readonly context?: string };
    /** Object ID of the kubelet identity, when known to Azure (AKS clusters only). */
    readonly kubeletObjectId?: pulumi.Output<string>;
    /** ARM ID of the cluster when it authorizes Kubernetes access with Azure RBAC (clusters this stack creates). */
    readonly azureRbacClusterId?: pulumi.Output<string>;
    /** What the stack exports of the cluster. */
    readonly outputs: ClusterOutputs;
}

/** What the stack exports for one cluster. */
export interface ClusterOutputs {
    /** The AKS cluster's name, or the kubeconfig context of a cluster reached that way. */
    readonly name: pulumi.Input<string>;
    /** The API server's host name (its private one for a private cluster). */
    readonly fqdn?: pulumi.Output<string>;
    /** The cluster's OIDC issuer, which workload identity federates with. */
    readonly oidcIssuerUrl?: pulumi.Output<string | undefined>;
    /** The user kubeconfig, for kubelogin (a secret). */
    readonly kubeconfig?: pulumi.Output<string>;
    /** What a shard reads of the cluster (see {@link FoundationCluster}): its resource group and ARM ID. */
    readonly foundation?: pulumi.Output<FoundationCluster>;
}

/**
 * The user kubeconfig of an AKS cluster (admin credentials are disabled with local accounts), rewritten
 * for non-interactive `kubelogin`, as a secret.
 */
export function userKubeconfig(
    parent: pulumi.Resource,
    resourceGroupName: pulumi.Input<string>,
    clusterName: pulumi.Input<string>,
    mode: KubeloginMode,
): pulumi.Output<string> {
    const credentials = containerservice.listManagedClusterUserCredentialsOutput(
        { resourceGroupName, resourceName: clusterName },
        { parent },
    );
    return pulumi.secret(
        pulumi.all([credentials.kubeconfigs, clusterName]).apply(([configs, name]) => {
            const value = configs[0]?.value;
            if (!value) {
                throw new pulumi.ResourceError(`cluster ${name} returned no user kubeconfig`, parent);
            }
            return toNonInteractiveKubeconfig(Buffer.from(value, "base64").toString("utf8"), mode);
        }),
    );
}

/** The kubelet identity's object ID from a cluster's identity profile; fails clearly when absent. */
export function kubeletObjectIdOf(
    parent: pulumi.Resource,
    clusterName: string,
    identityProfile: pulumi.Output<{ [key: string]: { objectId?: string } } | undefined>,
): pulumi.Output<string> {
    return identityProfile.apply((profile) => {
        const objectId = profile?.["kubeletidentity"]?.objectId;
        if (!objectId) {
            throw new pulumi.ResourceError(`cluster ${clusterName} reported no kubelet identity`, parent);
        }
        return objectId;
    });
}
