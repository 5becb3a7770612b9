import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

export interface TenantNamespaceArgs {
    /** Provider of the cluster the namespace lives on; never the ambient kubeconfig. */
    readonly provider: k8s.Provider;
    readonly team: string;
    readonly environment: string;
    readonly namespace: string;
    /** Entra ID groups bound to the `edit` ClusterRole inside the namespace. */
    readonly ownerGroupObjectIds: readonly string[];
    /** Entra ID groups bound to the `view` ClusterRole inside the namespace. */
    readonly viewerGroupObjectIds: readonly string[];
}

export const MANAGED_BY = "helm-platform";

/**
 * A team's namespace on one cluster, with its groups bound to namespace-scoped roles. Bindings are
 * RoleBindings (never ClusterRoleBindings), so a team's rights stop at its namespace.
 */
export class TenantNamespace extends pulumi.ComponentResource {
    public readonly namespace: k8s.core.v1.Namespace;
    public readonly namespaceName: pulumi.Output<string>;
    /** Everything a release in this namespace must wait for. */
    public readonly ready: pulumi.Resource[];

    constructor(name: string, args: TenantNamespaceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("helm-platform:tenant:TenantNamespace", name, {}, opts);
        const childOpts = { parent: this, provider: args.provider };
        const labels = {
            "app.kubernetes.io/managed-by": MANAGED_BY,
            "helm-platform/team": args.team,
            "helm-platform/environment": args.environment,
        };
        this.namespace = new k8s.core.v1.Namespace(`${name}-ns`, {
            metadata: { name: args.namespace, labels },
        }, childOpts);
        this.namespaceName = this.namespace.metadata.name;

        const bind = (role: "edit" | "view", groups: readonly string[]) =>
            groups.length === 0
                ? []
                : [new k8s.rbac.v1.RoleBinding(`${name}-${role}`, {
                    metadata: { name: `${args.team}-${role}`, namespace: this.namespaceName, labels },
                    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role },
                    // With Entra ID integration, a group subject is the group's object ID.
                    subjects: groups.map((id) => ({ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: id })),
                }, childOpts)];
        this.ready = [this.namespace, ...bind("edit", args.ownerGroupObjectIds), ...bind("view", args.viewerGroupObjectIds)];
        this.registerOutputs({ namespace: this.namespaceName });
    }
}
