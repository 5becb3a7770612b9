import * as authorization from "@pulumi/azure-native/authorization";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { assignmentDescription, BUILT_IN_ROLES, roleDefinitionId } from "../../core/azure/roles";
import { TYPE } from "../../core/base/resourceTypes";
import type { TenantSpec } from "../../core/model/platform";
import { type KubeObject, tenantObjects } from "../../core/tenancy/objects";
import { CI_PRINCIPAL, installerSubject } from "../../core/tenancy/rbac";

/**
 * The tenant to isolate. The cluster comes from the options: `provider`, the cluster's Kubernetes
 * provider (never the ambient kubeconfig), and `dependsOn`, what the namespace waits for (such as the
 * cluster's admission policies).
 */
export interface TenantNamespaceArgs {
    readonly environment: string;
    /** The validated tenant: namespace, groups, Pod Security, quota, limits, network allowances. */
    readonly tenant: TenantSpec;
    /**
     * ARM ID of an AKS cluster with Azure RBAC for Kubernetes: the team's groups then also get "Azure
     * Kubernetes Service RBAC Reader" scoped to the namespace (what the Azure portal and `az aks`
     * need). Writes stay with the Kubernetes operator role: Azure's "RBAC Writer" would also let a
     * team delete its own network policies.
     */
    readonly azureRbacClusterId?: pulumi.Input<string>;
    /**
     * Object ID of the team's CI identity when the platform creates it (`deployer.github`): bound to the
     * operator role. An existing identity (`deployer.objectId`) is part of the tenant spec instead.
     */
    readonly ciPrincipalId?: pulumi.Input<string>;
    /**
     * Leave the namespace, and everything in it, on the cluster when Pulumi deletes or replaces it (a team
     * removed, a namespace renamed): Pulumi only forgets it. @default false
     */
    readonly retainOnDelete?: boolean;
}

/**
 * A team's namespace on one cluster with everything that isolates it: Pod Security labels, quota,
 * limit range, default-deny network policies with the needed allowances, and namespace-scoped roles.
 */
export class TenantNamespace extends pulumi.ComponentResource {
    public readonly namespace: k8s.core.v1.Namespace;
    public readonly namespaceName: pulumi.Output<string>;
    /** Everything a release in this namespace must wait for. */
    public readonly ready: pulumi.Resource[];
    /** The user team releases are installed as: the namespace's installer ServiceAccount. */
    public readonly installer: string;

    constructor(name: string, args: TenantNamespaceArgs, opts?: pulumi.ComponentResourceOptions) {
        super(TYPE.tenantNamespace, name, {}, opts);
        const [namespaceObject, ...namespaced] = tenantObjects(args.tenant, args.environment);
        this.namespace = new k8s.core.v1.Namespace(
            `${name}-ns`,
            { metadata: namespaceObject.metadata },
            { parent: this, dependsOn: opts?.dependsOn, retainOnDelete: args.retainOnDelete ?? false },
        );
        this.namespaceName = this.namespace.metadata.name;
        const childOpts = { parent: this, dependsOn: [this.namespace] };
        const children = namespaced.map((o) =>
            register(`${name}-${o.kind.toLowerCase()}-${o.metadata.name}`, o, childOpts, args.ciPrincipalId),
        );
        this.installer = installerSubject(args.tenant.namespace);
        const azure = args.azureRbacClusterId ? this.azureRoles(name, args.tenant, args.azureRbacClusterId, args.ciPrincipalId) : [];
        this.ready = [this.namespace, ...children, ...azure];
        this.registerOutputs({ namespace: this.namespaceName });
    }

    private azureRoles(
        name: string,
        tenant: TenantSpec,
        clusterId: pulumi.Input<string>,
        ciPrincipalId?: pulumi.Input<string>,
    ): authorization.RoleAssignment[] {
        const namespaceScope = pulumi.interpolate`${clusterId}/namespaces/${tenant.namespace}`;
        const assign = (
            id: string,
            role: keyof typeof BUILT_IN_ROLES,
            scope: pulumi.Input<string>,
            principalId: pulumi.Input<string>,
            principalType: "Group" | "ServicePrincipal",
            target: string,
        ) =>
            new authorization.RoleAssignment(
                `${name}-azure-${id}`,
                {
                    scope,
                    roleDefinitionId: pulumi.output(scope).apply((s) => roleDefinitionId(s, BUILT_IN_ROLES[role])),
                    principalId,
                    principalType,
                    description: assignmentDescription(role, target),
                },
                { parent: this },
            );
        const readers = (ids: readonly string[], label: string) =>
            ids.map((principalId, i) =>
                assign(
                    `${label}-${i}`,
                    "aksRbacReader",
                    namespaceScope,
                    principalId,
                    "Group",
                    `namespace ${tenant.namespace} for team ${tenant.team} (${label})`,
                ),
            );
        const assignments = [...readers(tenant.ownerGroupObjectIds, "owners"), ...readers(tenant.viewerGroupObjectIds, "viewers")];
        const ci = tenant.ci?.kind === "objectId" ? tenant.ci.objectId : ciPrincipalId;
        if (ci !== undefined) {
            // Lets the CI fetch the cluster's kubeconfig; what it may do inside is the operator RoleBinding's.
            assignments.push(
                assign("ci-user", "aksClusterUser", clusterId, ci, "ServicePrincipal", `the cluster for team ${tenant.team}'s CI`),
            );
        }
        return assignments;
    }
}

/** Registers one namespaced object with the Pulumi class of its kind. */
function register(
    name: string,
    o: KubeObject,
    opts: pulumi.CustomResourceOptions,
    ciPrincipalId?: pulumi.Input<string>,
): pulumi.CustomResource {
    const { apiVersion: _apiVersion, kind, ...fields } = o;
    switch (kind) {
        case "ResourceQuota":
            return new k8s.core.v1.ResourceQuota(name, fields, opts);
        case "LimitRange":
            return new k8s.core.v1.LimitRange(name, fields, opts);
        case "NetworkPolicy":
            return new k8s.networking.v1.NetworkPolicy(name, fields, opts);
        case "Role":
            return new k8s.rbac.v1.Role(name, { metadata: o.metadata, rules: o["rules"] as k8s.types.input.rbac.v1.PolicyRule[] }, opts);
        case "RoleBinding":
            return new k8s.rbac.v1.RoleBinding(
                name,
                {
                    metadata: o.metadata,
                    roleRef: o["roleRef"] as k8s.types.input.rbac.v1.RoleRef,
                    subjects: (o["subjects"] as k8s.types.input.rbac.v1.Subject[]).map((s) =>
                        s.name === CI_PRINCIPAL ? { ...s, name: ciPrincipalOf(ciPrincipalId, name) } : s,
                    ),
                },
                opts,
            );
        case "ServiceAccount":
            return new k8s.core.v1.ServiceAccount(name, fields, opts);
        case "Namespace":
            throw new Error("a tenant has exactly one namespace");
    }
}

function ciPrincipalOf(ciPrincipalId: pulumi.Input<string> | undefined, binding: string): pulumi.Input<string> {
    if (ciPrincipalId === undefined) {
        throw new Error(`${binding} binds the team's CI identity, but no ciPrincipalId was given`);
    }
    return ciPrincipalId;
}
