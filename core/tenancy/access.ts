import { roleOfDescription } from "../azure/roles";
import type { TenantSpec } from "../platform";
import { resourceKey, type PlanResource } from "../planTypes";

/** One grant: who may do what, where. `namespace: "*"` is a cluster-wide grant. */
export interface AccessEntry {
    readonly cluster: string;
    readonly namespace: string;
    readonly subject: { readonly kind: string; readonly name: string; readonly namespace?: string };
    /** The team the subject belongs to, when it is one of a team's groups or service accounts. */
    readonly team?: string;
    /** How the grant is made: `RoleBinding fintech/fintech-operate`, `Azure role assignment`. */
    readonly via: string;
    /** The role granted: `Role tenant-operator`, `ClusterRole view`, or an Azure role. */
    readonly role: string;
    readonly rules: readonly { readonly apiGroups: readonly string[]; readonly resources: readonly string[]; readonly verbs: readonly string[] }[];
}

const READ = ["get", "list", "watch"];

/** What the built-in roles allow, as the access report states them. */
const BUILT_IN_ROLE_RULES: Readonly<Record<string, AccessEntry["rules"]>> = {
    "ClusterRole view": [{ apiGroups: ["*"], resources: ["namespaced objects except Secrets, Roles and RoleBindings"], verbs: READ }],
    "ClusterRole edit": [{ apiGroups: ["*"], resources: ["namespaced objects except Roles and RoleBindings, including NetworkPolicies"], verbs: ["*"] }],
    "ClusterRole admin": [{ apiGroups: ["*"], resources: ["all namespaced objects, including Roles and RoleBindings"], verbs: ["*"] }],
    "ClusterRole cluster-admin": [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }],
    "Azure Kubernetes Service RBAC Reader": [{ apiGroups: ["*"], resources: ["namespaced objects except Secrets, Roles and RoleBindings"], verbs: READ }],
};

const TYPES = {
    provider: "pulumi:providers:kubernetes",
    namespace: "kubernetes:core/v1:Namespace",
    role: "kubernetes:rbac.authorization.k8s.io/v1:Role",
    roleBinding: "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
    clusterRoleBinding: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
    roleAssignment: "azure-native:authorization:RoleAssignment",
};

type Meta = { name?: string; namespace?: string };
type Subject = { kind: string; name: string; namespace?: string };

/**
 * Every grant the plan would create on the clusters: Kubernetes (Cluster)RoleBindings with the rules
 * of the roles they bind, and Azure role assignments made at a namespace's scope.
 */
export function accessMatrix(resources: readonly PlanResource[], tenants: readonly TenantSpec[]): AccessEntry[] {
    const clusterOf = new Map<string, string>();
    for (const p of resources.filter((r) => r.type === TYPES.provider)) {
        clusterOf.set(resourceKey(p.type, p.name), String(p.inputs["clusterIdentifier"] ?? p.name).split("/").pop() as string);
    }
    const cluster = (r: PlanResource) => (r.provider ? (clusterOf.get(r.provider) ?? r.provider) : "?");
    const meta = (r: PlanResource) => (r.inputs["metadata"] ?? {}) as Meta;
    const roles = new Map<string, AccessEntry["rules"]>();
    for (const role of resources.filter((r) => r.type === TYPES.role)) {
        roles.set(`${cluster(role)}/${meta(role).namespace}/${meta(role).name}`, role.inputs["rules"] as AccessEntry["rules"]);
    }
    const teamOf = (s: Subject, namespace: string) =>
        tenants.find((t) =>
            s.kind === "ServiceAccount"
                ? t.namespace === (s.namespace ?? namespace)
                : t.ownerGroupObjectIds.includes(s.name) || t.viewerGroupObjectIds.includes(s.name),
        )?.team;

    const entries: AccessEntry[] = [];
    for (const b of resources.filter((r) => r.type === TYPES.roleBinding || r.type === TYPES.clusterRoleBinding)) {
        const namespaced = b.type === TYPES.roleBinding;
        const namespace = namespaced ? (meta(b).namespace ?? "?") : "*";
        const ref = b.inputs["roleRef"] as { kind: string; name: string };
        const role = `${ref.kind} ${ref.name}`;
        const rules = ref.kind === "Role" ? (roles.get(`${cluster(b)}/${namespace}/${ref.name}`) ?? []) : (BUILT_IN_ROLE_RULES[role] ?? [{ apiGroups: ["?"], resources: [`rules of ${role}`], verbs: ["?"] }]);
        for (const s of (b.inputs["subjects"] as Subject[] | undefined) ?? []) {
            const subject = s.kind === "ServiceAccount" ? { kind: s.kind, name: s.name, namespace: s.namespace ?? namespace } : { kind: s.kind, name: s.name };
            entries.push({ cluster: cluster(b), namespace, subject, team: teamOf(s, namespace), via: `${namespaced ? "RoleBinding" : "ClusterRoleBinding"} ${namespaced ? `${namespace}/` : ""}${meta(b).name}`, role, rules });
        }
    }
    entries.push(...azureNamespaceGrants(resources, cluster, meta, teamOf));
    return entries.sort((a, b) => a.cluster.localeCompare(b.cluster) || a.namespace.localeCompare(b.namespace) || a.via.localeCompare(b.via) || a.subject.name.localeCompare(b.subject.name));
}

/**
 * Azure role assignments that a tenant component makes at its namespace's scope. The scope itself is
 * only known once the cluster exists, so the namespace is the one of the Namespace in the same component.
 */
function azureNamespaceGrants(
    resources: readonly PlanResource[],
    cluster: (r: PlanResource) => string,
    meta: (r: PlanResource) => Meta,
    teamOf: (s: Subject, namespace: string) => string | undefined,
): AccessEntry[] {
    const namespaceOfParent = new Map<string, PlanResource>();
    for (const ns of resources.filter((r) => r.type === TYPES.namespace && r.parent)) {
        namespaceOfParent.set(ns.parent as string, ns);
    }
    return resources.flatMap((a) => {
        const ns = a.type === TYPES.roleAssignment && a.parent ? namespaceOfParent.get(a.parent) : undefined;
        if (!ns) {
            return [];
        }
        const namespace = meta(ns).name ?? "?";
        const role = roleOfDescription(String(a.inputs["description"])) ?? "Azure role";
        const subject = { kind: String(a.inputs["principalType"] ?? "Group"), name: String(a.inputs["principalId"]) };
        return [{ cluster: cluster(ns), namespace, subject, team: teamOf(subject, namespace), via: "Azure role assignment", role, rules: BUILT_IN_ROLE_RULES[role] ?? [] }];
    });
}

/** The compact table the plan summary shows: per cluster and namespace, who holds which role. */
export function formatAccess(entries: readonly AccessEntry[]): string[] {
    const rows = new Map<string, Map<string, string[]>>();
    for (const e of entries) {
        const where = `${e.cluster}/${e.namespace}`;
        const byRole = rows.get(where) ?? new Map<string, string[]>();
        const who = e.subject.kind === "ServiceAccount" ? `sa:${e.subject.name}` : `${e.team ?? "?"}:${e.subject.kind.toLowerCase()}`;
        const role = e.via === "Azure role assignment" ? `azure ${e.role.replace("Azure Kubernetes Service RBAC ", "").toLowerCase()}` : e.role.split(" ")[1];
        byRole.set(role, [...(byRole.get(role) ?? []), who]);
        rows.set(where, byRole);
    }
    const width = Math.max(0, ...[...rows.keys()].map((k) => k.length));
    return [...rows.entries()].map(([where, byRole]) =>
        `  ${where.padEnd(width)}  ${[...byRole.entries()].map(([role, who]) => `${role}: ${summarise(who)}`).join("; ")}`,
    );
}

function summarise(who: string[]): string {
    const counts = new Map<string, number>();
    who.forEach((w) => counts.set(w, (counts.get(w) ?? 0) + 1));
    return [...counts.entries()].map(([w, n]) => (n > 1 ? `${w} x${n}` : w)).join(", ");
}
