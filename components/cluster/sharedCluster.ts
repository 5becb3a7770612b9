import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { TYPE } from "../../core/base/resourceTypes";
import { type ClusterSpec, DEFAULT_KUBELOGIN_MODE, type KubeloginMode } from "../../core/model/environment";
import type { FoundationCluster } from "../../core/model/stack";
import { type ClusterConnection, type ClusterOutputs, userKubeconfig } from "./connection";

export interface SharedClusterArgs {
    readonly environment: string;
    readonly spec: ClusterSpec;
    /** What the environment's foundation stack exports for the cluster (from a stack reference). */
    readonly foundation: pulumi.Input<FoundationCluster>;
    /** @default "azurecli" */
    readonly kubeloginMode?: KubeloginMode;
    /** For a `kubeconfigContext` cluster: the kubeconfig holding that context (a secret). */
    readonly kubeconfig?: pulumi.Input<string>;
}

/**
 * A cluster of the environment as a tenant shard reaches it: the foundation stack created it (or looked it
 * up) and exports its name, resource group and ARM ID; the shard reads its own user credentials with the
 * deploying identity, so no credential travels between stacks or sits in the shard's state twice.
 */
export class SharedCluster extends pulumi.ComponentResource implements ClusterConnection {
    public readonly clusterName: string;
    public readonly provider: k8s.Provider;
    public readonly clusterIdentifier: string;
    public readonly access: ClusterConnection["access"];
    public readonly azureRbacClusterId?: pulumi.Output<string>;
    public readonly outputs: ClusterOutputs;

    constructor(name: string, args: SharedClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super(TYPE.sharedCluster, name, {}, opts);
        const { spec } = args;
        this.clusterName = spec.name;
        this.clusterIdentifier = `${args.environment}/${spec.name}`;
        const foundation = pulumi.output(args.foundation);
        const context = spec.kind === "existing" ? spec.kubeconfigContext : undefined;
        let kubeconfig: pulumi.Output<string> | undefined;
        if (context === undefined) {
            kubeconfig = userKubeconfig(
                this,
                foundation.apply((f) => f.resourceGroupName ?? ""),
                foundation.apply((f) => f.name),
                args.kubeloginMode ?? DEFAULT_KUBELOGIN_MODE,
            );
        } else if (args.kubeconfig !== undefined) {
            kubeconfig = pulumi.secret(args.kubeconfig);
        }
        this.provider = new k8s.Provider(
            `${name}-k8s`,
            { kubeconfig, context, clusterIdentifier: this.clusterIdentifier, enableServerSideApply: true },
            { parent: this },
        );
        this.access = kubeconfig ? { kubeconfig, context } : undefined;
        if (spec.kind === "managed") {
            // Clusters the foundation creates authorize Kubernetes access with Azure RBAC.
            this.azureRbacClusterId = foundation.apply((f) => f.id ?? "");
        }
        this.outputs = { name: foundation.apply((f) => f.name) };
        this.registerOutputs({ name: this.outputs.name });
    }
}
