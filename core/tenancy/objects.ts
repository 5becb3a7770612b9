import type { TenantSpec } from "../platform";

/** A Kubernetes object as plain data: what the tenant component registers, kind by kind. */
export interface KubeObject {
    readonly apiVersion: string;
    readonly kind: "Namespace" | "ResourceQuota" | "LimitRange" | "NetworkPolicy" | "Role" | "RoleBinding" | "ServiceAccount";
    readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string>; readonly annotations?: Record<string, string> };
    readonly [field: string]: unknown;
}

export const MANAGED_BY = "helm-platform";
const RBAC = "rbac.authorization.k8s.io";

/**
 * Every object that isolates one team on one cluster: its namespace (with Pod Security labels), quota,
 * limit range, network policies and role bindings. Nothing cluster-scoped but the namespace itself.
 */
export function tenantObjects(tenant: TenantSpec, environment: string): KubeObject[] {
    const labels = { "app.kubernetes.io/managed-by": MANAGED_BY, "helm-platform/team": tenant.team, "helm-platform/environment": environment };
    const namespace = tenant.namespace;
    const meta = (name: string) => ({ name, namespace, labels });
    return [
        namespaceObject(tenant, labels),
        { apiVersion: "v1", kind: "ResourceQuota", metadata: meta(`${tenant.team}-quota`), spec: { hard: { ...tenant.quota } } },
        {
            apiVersion: "v1",
            kind: "LimitRange",
            metadata: meta(`${tenant.team}-limits`),
            spec: { limits: [{ type: "Container", default: { ...tenant.limits.default }, defaultRequest: { ...tenant.limits.defaultRequest } }] },
        },
        ...networkPolicies(tenant).map((p) => ({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy" as const, metadata: meta(p.name), spec: p.spec })),
        { apiVersion: `${RBAC}/v1`, kind: "Role", metadata: meta(OPERATOR_ROLE), rules: OPERATOR_RULES.map((r) => ({ ...r })) },
        ...roleBindings(tenant).map((b) => ({ apiVersion: `${RBAC}/v1`, kind: "RoleBinding" as const, metadata: meta(b.name), roleRef: b.roleRef, subjects: b.subjects })),
        ...(tenant.deployerServiceAccount ? [{ apiVersion: "v1", kind: "ServiceAccount" as const, metadata: meta(deployerName(tenant)) }] : []),
    ];
}

const deployerName = (tenant: TenantSpec) => `${tenant.team}-deployer`;

/** The namespaced role of a team's owners and CI. */
export const OPERATOR_ROLE = "tenant-operator";

const WRITE = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"];
const READ = ["get", "list", "watch"];

/**
 * What a team may do in its own namespace: everything needed to deploy and operate workloads with
 * Helm (Helm stores releases in Secrets), but only read its network policies, quota and limits. The
 * built-in `edit` role would let a team delete its own default-deny policy.
 */
export const OPERATOR_RULES: readonly { apiGroups: string[]; resources: string[]; verbs: string[] }[] = [
    { apiGroups: [""], resources: ["pods", "services", "configmaps", "secrets", "persistentvolumeclaims", "serviceaccounts"], verbs: WRITE },
    { apiGroups: [""], resources: ["pods/log", "events", "endpoints", "resourcequotas", "limitranges"], verbs: READ },
    { apiGroups: ["apps"], resources: ["deployments", "statefulsets", "daemonsets", "replicasets", "deployments/scale", "statefulsets/scale"], verbs: WRITE },
    { apiGroups: ["batch"], resources: ["jobs", "cronjobs"], verbs: WRITE },
    { apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"], verbs: WRITE },
    { apiGroups: ["policy"], resources: ["poddisruptionbudgets"], verbs: WRITE },
    { apiGroups: ["networking.k8s.io"], resources: ["ingresses"], verbs: WRITE },
    { apiGroups: ["networking.k8s.io"], resources: ["networkpolicies"], verbs: READ },
    { apiGroups: ["monitoring.coreos.com"], resources: ["servicemonitors", "podmonitors", "prometheusrules"], verbs: WRITE },
];

function namespaceObject(tenant: TenantSpec, labels: Record<string, string>): KubeObject {
    const ps = tenant.podSecurity;
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
            annotations: ps.exceptionReason ? { "helm-platform/pod-security-exception": ps.exceptionReason } : undefined,
        },
    };
}

const byName = (ns: string) => ({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": ns } } });

/**
 * Default deny in both directions, then the allowances every tenant needs, then the team's own.
 * Policies are additive in Kubernetes: each allowance is its own object, named for what it allows.
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export function networkPolicies(tenant: TenantSpec): { name: string; spec: Record<string, unknown> }[] {
    const all = { podSelector: {} };
    const policies: { name: string; spec: Record<string, unknown> }[] = [
        { name: "default-deny", spec: { ...all, policyTypes: ["Ingress", "Egress"] } },
        { name: "allow-same-namespace", spec: { ...all, policyTypes: ["Ingress", "Egress"], ingress: [{ from: [{ podSelector: {} }] }], egress: [{ to: [{ podSelector: {} }] }] } },
        {
            name: "allow-dns",
            spec: {
                ...all,
                policyTypes: ["Egress"],
                egress: [{
                    to: [{ ...byName("kube-system"), podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
                    ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }],
                }],
            },
        },
    ];
    if (tenant.monitoringNamespace) {
        policies.push({ name: "allow-monitoring-scrape", spec: { ...all, policyTypes: ["Ingress"], ingress: [{ from: [byName(tenant.monitoringNamespace)] }] } });
    }
    if (tenant.ingressNamespace) {
        policies.push({ name: "allow-ingress-controller", spec: { ...all, policyTypes: ["Ingress"], ingress: [{ from: [byName(tenant.ingressNamespace)] }] } });
    }
    tenant.egress.forEach((rule, i) => {
        const peer = rule.cidr ? { ipBlock: { cidr: rule.cidr } } : byName(rule.namespace as string);
        policies.push({
            name: `allow-egress-${i + 1}`,
            spec: { ...all, policyTypes: ["Egress"], egress: [{ to: [peer], ports: rule.ports.map((p) => ({ protocol: p.protocol, port: p.port })) }] },
        });
    });
    return policies;
}

/**
 * The team's owners (and CI ServiceAccount) bound to the namespace's operator role, viewers to the
 * built-in `view` role: RoleBindings only, never cluster-wide.
 */
export function roleBindings(tenant: TenantSpec): { name: string; roleRef: Record<string, string>; subjects: Record<string, string>[] }[] {
    const operator = { apiGroup: RBAC, kind: "Role", name: OPERATOR_ROLE };
    const groups = (ids: readonly string[]) => ids.map((id) => ({ apiGroup: RBAC, kind: "Group", name: id }));
    const bindings = [];
    if (tenant.ownerGroupObjectIds.length > 0) {
        bindings.push({ name: `${tenant.team}-operate`, roleRef: operator, subjects: groups(tenant.ownerGroupObjectIds) });
    }
    if (tenant.viewerGroupObjectIds.length > 0) {
        bindings.push({ name: `${tenant.team}-view`, roleRef: { apiGroup: RBAC, kind: "ClusterRole", name: "view" }, subjects: groups(tenant.viewerGroupObjectIds) });
    }
    if (tenant.deployerServiceAccount) {
        bindings.push({ name: `${tenant.team}-deployer-operate`, roleRef: operator, subjects: [{ kind: "ServiceAccount", name: deployerName(tenant), namespace: tenant.namespace }] });
    }
    return bindings;
}
