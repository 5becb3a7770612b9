import * as authorization from "@pulumi/azure-native/authorization";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { assignmentDescription, BUILT_IN_ROLES, roleDefinitionId } from "../../core/azure/roles";
import { TYPE } from "../../core/base/resourceTypes";
import { PROFILES } from "../../core/config/profiles";
import { PLATFORM_LIMITS, PLATFORM_QUOTA } from "../../core/config/tenancy";
import type { AdmissionException } from "../../core/model/allowances";
import type { ExposedServiceType, LimitsSpec, PodSecurityLevel, QuotaSpec } from "../../core/model/environment";
import type { EgressAllowance, IngressAllowance } from "../../core/model/stackModel";
import { type KubeObject, type TenantIsolation, tenantObjects } from "../../core/tenancy/objects";
import { CI_PRINCIPAL, installerSubject } from "../../core/tenancy/rbac";
import { environmentOr } from "../defaults";

/** Pod Security Admission levels of a namespace. */
export interface PodSecurityArgs {
    /**
     * Pods that break this level are rejected. `restricted` by default: no privileged or root containers,
     * no host namespaces or paths, capabilities dropped, a seccomp profile. @default TENANT_DEFAULTS.podSecurity.enforce
     */
    readonly enforce?: PodSecurityLevel;
    /** The deploying client is warned of pods that break this level. @default TENANT_DEFAULTS.podSecurity.warn */
    readonly warn?: PodSecurityLevel;
    /** The audit log records pods that break this level. @default TENANT_DEFAULTS.podSecurity.audit */
    readonly audit?: PodSecurityLevel;
    /**
     * Why the namespace runs at a weaker level than the platform's, recorded on it (annotation
     * `helm-platform/pod-security-exception`) for whoever reviews it. @default none
     */
    readonly exceptionReason?: string;
}

/** What a team may expose beyond ClusterIP Services inside the cluster; the admission policies enforce it. */
export interface ExposureArgs {
    /** Service types beyond ClusterIP the team may create. @default [] (ClusterIP only) */
    readonly serviceTypes?: readonly ExposedServiceType[];
    /** Domains (and their subdomains) the team's Ingresses may serve. @default [] (no Ingress host) */
    readonly ingressDomains?: readonly string[];
}

/**
 * The platform's safe defaults of a tenant namespace: Pod Security `restricted` at every level (the
 * production profile's), and the platform's quota and container limits.
 */
export const TENANT_DEFAULTS = {
    podSecurity: PROFILES.production.podSecurity,
    quota: PLATFORM_QUOTA,
    limits: PLATFORM_LIMITS,
} as const;

/**
 * A team's namespace and what isolates it. Only the namespace and the groups that own it have no
 * default; everything else defaults to the platform's safe choice: nothing exposed, no traffic in or
 * out beyond the namespace itself and DNS, Pod Security `restricted`. The cluster comes from the
 * options: `provider`, the cluster's Kubernetes provider (never the ambient kubeconfig), and
 * `dependsOn`, what the namespace waits for (such as the cluster's admission policies).
 */
export interface TenantNamespaceArgs {
    /** The namespace's name: a DNS-1123 label. */
    readonly namespace: string;
    /**
     * Entra ID object IDs of the groups that run the namespace: bound to its operator role (deploy and
     * operate workloads, Secrets included; only read its network policies, quota and limits; no RBAC).
     */
    readonly ownerGroupObjectIds: readonly string[];
    /**
     * The team's name: its namespace label `helm-platform/team` (what the platform's admission policies
     * select tenant namespaces by) and the names of its quota, limit range and role bindings.
     * @default the namespace's name
     */
    readonly team?: string;
    /** The environment, recorded in the label `helm-platform/environment`. @default the Pulumi stack's name */
    readonly environment?: string;
    /** Entra ID object IDs of the groups that may read the namespace (the built-in `view` role). @default [] */
    readonly viewerGroupObjectIds?: readonly string[];
    /**
     * Pod Security Admission levels; each one left out is the platform's.
     * @default TENANT_DEFAULTS.podSecurity
     * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/
     */
    readonly podSecurity?: PodSecurityArgs;
    /** ResourceQuota `hard`, by resource name; replaces the platform's as a whole. @default TENANT_DEFAULTS.quota */
    readonly quota?: QuotaSpec;
    /** LimitRange defaults of containers that declare none; replaces the platform's as a whole. @default TENANT_DEFAULTS.limits */
    readonly limits?: LimitsSpec;
    /**
     * Traffic the team's pods may send beyond their namespace and DNS: to CIDRs, or to another tenant's
     * namespace (which must admit it with its own `ingressFrom`). @default [] (nothing else)
     */
    readonly egress?: readonly EgressAllowance[];
    /** Other tenants whose pods may reach this namespace's pods, on the given ports. @default [] (none) */
    readonly ingressFrom?: readonly IngressAllowance[];
    /** Namespace of the ingress controller allowed to reach the team's pods. @default none */
    readonly ingressNamespace?: string;
    /** Namespace of the Prometheus allowed to scrape the team's pods, on `metricsPorts` only. @default none */
    readonly monitoringNamespace?: string;
    /** Container port names Prometheus may scrape (with `monitoringNamespace`). @default [] */
    readonly metricsPorts?: readonly string[];
    /** What the team may expose. @default nothing: ClusterIP Services, no Ingress host */
    readonly exposure?: ExposureArgs;
    /** Admission policies waived in this namespace (`privileged`, `hostPath`, …). @default [] (none) */
    readonly admissionExceptions?: readonly AdmissionException[];
    /**
     * Object ID of the team's CI identity (an Entra service principal), bound to the operator role: known
     * now, or only once the identity is deployed. @default no CI binding
     */
    readonly ciPrincipalId?: pulumi.Input<string>;
    /**
     * ARM ID of an AKS cluster with Azure RBAC for Kubernetes: the team's groups then also get "Azure
     * Kubernetes Service RBAC Reader" scoped to the namespace (what the Azure portal and `az aks`
     * need), and its CI "Azure Kubernetes Service Cluster User" on the cluster. Writes stay with the
     * Kubernetes operator role: Azure's "RBAC Writer" would also let a team delete its own network
     * policies. @default no Azure role
     */
    readonly azureRbacClusterId?: pulumi.Input<string>;
    /**
     * Leave the namespace, and everything in it, on the cluster when Pulumi deletes or replaces it (a team
     * removed, a namespace renamed): Pulumi only forgets it. @default false
     */
    readonly retainOnDelete?: boolean;
}

/** The team a tenant namespace belongs to: its `team`, or the namespace's name. */
export const teamOf = (args: Pick<TenantNamespaceArgs, "team" | "namespace">): string => args.team ?? args.namespace;

/**
 * The tenant as the isolating objects read it: every default applied, here and nowhere else. A CI
 * principal's binding names the placeholder, which {@link register} replaces with the principal.
 */
export function tenantIsolation(args: TenantNamespaceArgs): TenantIsolation {
    const ps = args.podSecurity ?? {};
    const safe = TENANT_DEFAULTS.podSecurity;
    return {
        team: teamOf(args),
        namespace: args.namespace,
        ownerGroupObjectIds: args.ownerGroupObjectIds,
        viewerGroupObjectIds: args.viewerGroupObjectIds ?? [],
        podSecurity: {
            enforce: ps.enforce ?? safe.enforce,
            warn: ps.warn ?? safe.warn,
            audit: ps.audit ?? safe.audit,
            exceptionReason: ps.exceptionReason,
        },
        quota: args.quota ?? TENANT_DEFAULTS.quota,
        limits: args.limits ?? TENANT_DEFAULTS.limits,
        egress: args.egress ?? [],
        ingressFrom: args.ingressFrom ?? [],
        ingressNamespace: args.ingressNamespace,
        monitoringNamespace: args.monitoringNamespace,
        metricsPorts: args.metricsPorts ?? [],
        exposure: { serviceTypes: args.exposure?.serviceTypes ?? [], ingressDomains: args.exposure?.ingressDomains ?? [] },
        ci: args.ciPrincipalId === undefined ? undefined : { kind: "objectId", objectId: CI_PRINCIPAL },
        admissionExceptions: args.admissionExceptions ?? [],
    };
}

/**
 * A team's namespace on one cluster with everything that isolates it: Pod Security labels, quota,
 * limit range, default-deny network policies with the needed allowances, and namespace-scoped roles.
 */
export class TenantNamespace extends pulumi.ComponentResource {
    /** The namespace. */
    public readonly namespace: k8s.core.v1.Namespace;
    /** The namespace's name, once it exists: what a release installs into. */
    public readonly namespaceName: pulumi.Output<string>;
    /** Everything a release in this namespace must wait for. */
    public readonly ready: pulumi.Resource[];
    /** The user team releases are installed as: the namespace's installer ServiceAccount. */
    public readonly installer: string;

    constructor(name: string, args: TenantNamespaceArgs, opts?: pulumi.ComponentResourceOptions) {
        super(TYPE.tenantNamespace, name, {}, opts);
        const tenant = tenantIsolation(args);
        const [namespaceObject, ...namespaced] = tenantObjects(tenant, environmentOr(args.environment));
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
        this.installer = installerSubject(tenant.namespace);
        const azure = args.azureRbacClusterId ? this.azureRoles(name, tenant, args.azureRbacClusterId, args.ciPrincipalId) : [];
        this.ready = [this.namespace, ...children, ...azure];
        this.registerOutputs({ namespace: this.namespaceName });
    }

    private azureRoles(
        name: string,
        tenant: TenantIsolation,
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
        if (ciPrincipalId !== undefined) {
            // Lets the CI fetch the cluster's kubeconfig; what it may do inside is the operator RoleBinding's.
            assignments.push(
                assign(
                    "ci-user",
                    "aksClusterUser",
                    clusterId,
                    ciPrincipalId,
                    "ServicePrincipal",
                    `the cluster for team ${tenant.team}'s CI`,
                ),
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
