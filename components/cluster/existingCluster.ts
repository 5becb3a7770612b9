import * as containerservice from "@pulumi/azure-native/containerservice";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { TYPE } from "../../core/base/resourceTypes";
import { DEFAULT_KUBELOGIN_MODE, type ExistingClusterSpec, type KubeloginMode } from "../../core/model/environment";
import { type ClusterConnection, type ClusterOutputs, kubeletObjectIdOf, userKubeconfig } from "./connection";

export interface ExistingClusterArgs {
    /** Environment name: the cluster's identity is `<environment>/<name>`. */
    readonly environment: string;
    /** The cluster: an AKS cluster by name and resource group, or a kubeconfig context, and its address ranges. */
    readonly spec: ExistingClusterSpec;
    /** How Pulumi's Kubernetes provider gets Entra ID tokens for an AKS cluster. @default "azurecli" */
    readonly kubeloginMode?: KubeloginMode;
    /**
     * For a `kubeconfigContext` cluster: the kubeconfig holding that context (a secret). Team releases
     * impersonate their installer from it; without it the platform's provider reads the ambient
     * kubeconfig and the cluster cannot take team releases.
     * @default none: the ambient kubeconfig
     */
    readonly kubeconfig?: pulumi.Input<string>;
}

/**
 * A cluster this stack deploys to but does not manage: an existing AKS cluster (looked up by name
 * and resource group, with the same kubelogin credentials as a managed one) or a context of the
 * kubeconfig on the machine running Pulumi, chosen explicitly in the stack configuration.
 */
export class ExistingCluster extends pulumi.ComponentResource implements ClusterConnection {
    public readonly clusterName: string;
    public readonly provider: k8s.Provider;
    public readonly clusterIdentifier: string;
    public readonly access: ClusterConnection["access"];
    public readonly kubeletObjectId?: pulumi.Output<string>;
    /** What the stack exports of the cluster. */
    public readonly outputs: ClusterOutputs;

    constructor(name: string, args: ExistingClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super(TYPE.existingCluster, name, {}, opts);
        const { spec, environment } = args;
        this.clusterName = spec.name;
        const clusterIdentifier = `${environment}/${spec.name}`;
        this.clusterIdentifier = clusterIdentifier;
        if (spec.aks) {
            const found = containerservice.getManagedClusterOutput(
                { resourceGroupName: spec.aks.resourceGroupName, resourceName: spec.aks.name },
                { parent: this },
            );
            this.kubeletObjectId = kubeletObjectIdOf(
                this,
                spec.aks.name,
                found.apply((c) => c.identityProfile),
            );
            const kubeconfig = userKubeconfig(
                this,
                spec.aks.resourceGroupName,
                spec.aks.name,
                args.kubeloginMode ?? DEFAULT_KUBELOGIN_MODE,
            );
            this.provider = new k8s.Provider(
                `${name}-k8s`,
                { kubeconfig, clusterIdentifier, enableServerSideApply: true },
                { parent: this },
            );
            this.access = { kubeconfig };
            this.outputs = {
                name: spec.aks.name,
                fqdn: found.fqdn,
                oidcIssuerUrl: found.apply((c) => c.oidcIssuerProfile?.issuerURL),
                kubeconfig,
                foundation: pulumi.output({ name: spec.aks.name, resourceGroupName: spec.aks.resourceGroupName }),
            };
        } else {
            const kubeconfig = args.kubeconfig === undefined ? undefined : pulumi.secret(args.kubeconfig);
            this.provider = new k8s.Provider(
                `${name}-k8s`,
                { kubeconfig, context: spec.kubeconfigContext, clusterIdentifier, enableServerSideApply: true },
                { parent: this },
            );
            this.access = kubeconfig ? { kubeconfig, context: spec.kubeconfigContext } : undefined;
            this.outputs = {
                name: spec.kubeconfigContext as string,
                foundation: pulumi.output({ name: spec.kubeconfigContext as string }),
            };
        }
        this.registerOutputs({ ...this.outputs, kubeletObjectId: this.kubeletObjectId });
    }
}
