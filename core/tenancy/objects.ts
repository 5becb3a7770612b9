import { MANAGED_BY, TEAM_NAMESPACE_LABEL } from "../base/constants";
import type { TeamSpec } from "../model/stackModel";
import { networkPolicies } from "./networkPolicies";
import {
    INSTALLER_ROLE,
    INSTALLER_RULES,
    INSTALLER_SERVICE_ACCOUNT,
    OPERATOR_ROLE,
    OPERATOR_RULES,
    RBAC_GROUP,
    roleBindings,
} from "./rbac";

/** A Kubernetes object as plain data: what the tenant component registers, kind by kind. */
export interface KubeObject {
    readonly apiVersion: string;
    readonly kind: "Namespace" | "ResourceQuota" | "LimitRange" | "NetworkPolicy" | "Role" | "RoleBinding" | "ServiceAccount";
    readonly metadata: {
        readonly name: string;
        readonly namespace?: string;
        readonly labels?: Record<string, string>;
        readonly annotations?: Record<string, string>;
    };
    readonly [field: string]: unknown;
}

/** Namespace label every admission policy of the platform selects tenant namespaces by (its one owner is constants.ts). */
export const TEAM_LABEL = TEAM_NAMESPACE_LABEL;

/**
 * Namespace annotations the admission policies read: what the team may expose. Teams cannot change
 * their namespace (it is cluster-scoped), so these stay the platform's word.
 */
export const EXPOSURE_ANNOTATIONS = {
    serviceTypes: "helm-platform/service-types",
    ingressDomains: "helm-platform/ingress-domains",
} as const;

/** Namespace annotations the admission policies read beyond exposure, comma-separated like those. */
export const ADMISSION_ANNOTATIONS = {
    /** The admission exceptions the team's allowance waives (`privileged`, `hostPath`, …). */
    exceptions: "helm-platform/admission-exceptions",
    /** The team's Entra groups, owners' and viewers': the only groups the team's RoleBindings may name. */
    groups: "helm-platform/groups",
} as const;

/** What isolating a tenant reads of it: a validated tenant, or what the tenant component makes of its args. */
export type TenantIsolation = Pick<
    TeamSpec,
    | "team"
    | "namespace"
    | "ownerGroupObjectIds"
    | "viewerGroupObjectIds"
    | "podSecurity"
    | "quota"
    | "limits"
    | "egress"
    | "ingressFrom"
    | "ingressNamespace"
    | "monitoringNamespace"
    | "metricsPorts"
    | "exposure"
    | "ci"
    | "admissionExceptions"
>;

/**
 * Every object that isolates one team on one cluster: its namespace (with Pod Security labels and what
 * the team may expose), quota, limit range, network policies, the roles of its people and of its
 * installer, and their bindings. Nothing cluster-scoped but the namespace itself.
 * @param ciPrincipal the object ID of a CI identity created with the tenant, once known
 */
export function tenantObjects(tenant: TenantIsolation, environment: string, ciPrincipal?: string): KubeObject[] {
    const labels = { "app.kubernetes.io/managed-by": MANAGED_BY, [TEAM_LABEL]: tenant.team, "helm-platform/environment": environment };
    const namespace = tenant.namespace;
    const meta = (name: string) => ({ name, namespace, labels });
    return [
        namespaceObject(tenant, labels),
        { apiVersion: "v1", kind: "ResourceQuota", metadata: meta(`${tenant.team}-quota`), spec: { hard: { ...tenant.quota } } },
        {
            apiVersion: "v1",
            kind: "LimitRange",
            metadata: meta(`${tenant.team}-limits`),
            spec: {
                limits: [{ type: "Container", default: { ...tenant.limits.default }, defaultRequest: { ...tenant.limits.defaultRequest } }],
            },
        },
        ...networkPolicies(tenant).map((p) => ({
            apiVersion: "networking.k8s.io/v1",
            kind: "NetworkPolicy" as const,
            metadata: meta(p.name),
            spec: p.spec,
        })),
        { apiVersion: `${RBAC_GROUP}/v1`, kind: "Role", metadata: meta(OPERATOR_ROLE), rules: OPERATOR_RULES.map((r) => ({ ...r })) },
        { apiVersion: `${RBAC_GROUP}/v1`, kind: "Role", metadata: meta(INSTALLER_ROLE), rules: INSTALLER_RULES.map((r) => ({ ...r })) },
        // No token Secret: Pulumi impersonates this account, it never logs in as it.
        { apiVersion: "v1", kind: "ServiceAccount", metadata: meta(INSTALLER_SERVICE_ACCOUNT), automountServiceAccountToken: false },
        ...roleBindings(tenant, ciPrincipal).map((b) => ({
            apiVersion: `${RBAC_GROUP}/v1`,
            kind: "RoleBinding" as const,
            metadata: meta(b.name),
            roleRef: b.roleRef,
            subjects: b.subjects,
        })),
    ];
}

function namespaceObject(tenant: TenantIsolation, labels: Record<string, string>): KubeObject {
    const ps = tenant.podSecurity;
    const annotations: Record<string, string> = {};
    if (ps.exceptionReason) {
        annotations["helm-platform/pod-security-exception"] = ps.exceptionReason;
    }
    if (tenant.exposure.serviceTypes.length > 0) {
        annotations[EXPOSURE_ANNOTATIONS.serviceTypes] = tenant.exposure.serviceTypes.join(",");
    }
    if (tenant.exposure.ingressDomains.length > 0) {
        annotations[EXPOSURE_ANNOTATIONS.ingressDomains] = tenant.exposure.ingressDomains.join(",");
    }
    if (tenant.admissionExceptions?.length) {
        annotations[ADMISSION_ANNOTATIONS.exceptions] = tenant.admissionExceptions.join(",");
    }
    const groups = [...new Set([...tenant.ownerGroupObjectIds, ...tenant.viewerGroupObjectIds])];
    if (groups.length > 0) {
        annotations[ADMISSION_ANNOTATIONS.groups] = groups.join(",");
    }
    return {
        apiVersion: "v1",
        kind: "Namespace",
        metadata: {
            name: tenant.namespace,
            labels: {
                ...labels,
                "pod-security.kubernetes.io/enforce": ps.enforce,
                "pod-security.kubernetes.io/enforce-version": "latest",
                "pod-security.kubernetes.io/warn": ps.warn,
                "pod-security.kubernetes.io/warn-version": "latest",
                "pod-security.kubernetes.io/audit": ps.audit,
                "pod-security.kubernetes.io/audit-version": "latest",
            },
            annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
        },
    };
}
