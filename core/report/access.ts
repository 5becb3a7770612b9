import { roleOfDescription } from "../azure/roles";
import { TYPE } from "../base/resourceTypes";
import type { TeamSpec } from "../model/stackModel";
import { ADMISSION_POLICIES, admissionObjects } from "../tenancy/admission";
import { TEAM_LABEL } from "../tenancy/objects";
import type { PolicyRule } from "../tenancy/rbac";
import { escapes, type GrantProof, grantProof } from "./grantPaths";
import { clusterIdentifierOf, type Plan, type PlanResource, resourceKey } from "./planTypes";
import { type PublisherEntry, publishersOf } from "./publishers";

/** One grant: who may do what, where. `namespace: "*"` is a cluster-wide grant. */
export interface AccessEntry {
    readonly cluster: string;
    readonly namespace: string;
    readonly subject: { readonly kind: string; readonly name: string; readonly namespace?: string };
    /** The team the subject belongs to, when it is one of a team's groups, identities or service accounts. */
    readonly team?: string;
    /** How the grant is made: `RoleBinding fintech/fintech-operate`, `Azure role assignment`. */
    readonly via: string;
    /** The role granted: `Role tenant-operator`, `ClusterRole view`, or an Azure role. */
    readonly role: string;
    readonly rules: readonly PolicyRule[];
}

/** Who installs one team release, and whether that identity can reach beyond its namespace. */
export interface InstallerEntry {
    readonly cluster: string;
    readonly namespace: string;
    readonly release: string;
    /** The Kubernetes user the release's provider acts as, or the platform's own identity. */
    readonly subject: string;
    /** The namespaces the subject holds grants in (`*`: cluster-wide). */
    readonly grantedIn: readonly string[];
    /** Whether the subject can create or change anything cluster-scoped: true for the platform's identity. */
    readonly clusterScoped: boolean;
}

/**
 * `out/<stack>/access.json`: every grant the planned objects make, who installs each team release, and
 * what a chart installed as a namespace's installer could grant (every request RBAC and the planned
 * admission policies would admit).
 */
export interface AccessReport {
    readonly grants: readonly AccessEntry[];
    readonly installers: readonly InstallerEntry[];
    readonly couldGrant: GrantProof;
    /** Who may write charts to the registry, and under which paths. */
    readonly publishers?: readonly PublisherEntry[];
}

const READ = ["get", "list", "watch"];

/** What the built-in roles allow, as the access report states them. */
const BUILT_IN_ROLE_RULES: Readonly<Record<string, AccessEntry["rules"]>> = {
    "ClusterRole view": [{ apiGroups: ["*"], resources: ["namespaced objects except Secrets, Roles and RoleBindings"], verbs: READ }],
    "ClusterRole edit": [
        { apiGroups: ["*"], resources: ["namespaced objects except Roles and RoleBindings, including NetworkPolicies"], verbs: ["*"] },
    ],
    "ClusterRole admin": [{ apiGroups: ["*"], resources: ["all namespaced objects, including Roles and RoleBindings"], verbs: ["*"] }],
    "ClusterRole cluster-admin": [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }],
    "Azure Kubernetes Service RBAC Reader": [
        { apiGroups: ["*"], resources: ["namespaced objects except Secrets, Roles and RoleBindings"], verbs: READ },
    ],
};

/** Azure roles that let an identity fetch a kubeconfig but grant nothing inside Kubernetes. */
const NO_KUBERNETES_RIGHTS = new Set(["Azure Kubernetes Service Cluster User Role"]);

const TYPES = {
    namespace: TYPE.namespace,
    role: TYPE.role,
    roleBinding: TYPE.roleBinding,
    clusterRoleBinding: TYPE.clusterRoleBinding,
    roleAssignment: TYPE.roleAssignment,
    release: TYPE.release,
};

type Meta = { name?: string; namespace?: string; labels?: Record<string, string> };
type Subject = { kind: string; name: string; namespace?: string };

/** The identity that holds everything the platform's own providers do. */
export const PLATFORM_IDENTITY = "the deploying identity (cluster admin)";

/** Reads the plan's resources: which cluster each belongs to, and their metadata. */
function planIndex(resources: readonly PlanResource[]) {
    const byKey = new Map(resources.map((r) => [resourceKey(r.type, r.name), r]));
    const cluster = (r: PlanResource) => {
        const provider = r.provider ? byKey.get(r.provider) : undefined;
        return provider ? ((clusterIdentifierOf(byKey, r) ?? provider.name).split("/").pop() as string) : (r.provider ?? "?");
    };
    return {
        byKey,
        cluster,
        meta: (r: PlanResource) => (r.inputs["metadata"] ?? {}) as Meta,
    };
}

/**
 * Every grant the plan would create on the clusters (Kubernetes (Cluster)RoleBindings with the rules of
 * the roles they bind, Azure role assignments made at a namespace's scope), who installs each team
 * release (the installer its provider impersonates, or the platform's own identity), and who may
 * publish charts under which registry paths.
 */
export function accessReport(
    plan: Pick<Plan, "resources" | "releases" | "inventory">,
    tenants: readonly TeamSpec[],
    { foundationPolicies = false }: { readonly foundationPolicies?: boolean } = {},
): AccessReport {
    const { resources } = plan;
    const grants = accessMatrix(resources, tenants);
    // A shard holds no policy: its foundation deploys the platform's on every cluster before it.
    const clusterPolicies = foundationPolicies ? ADMISSION_POLICIES.map(admissionObjects) : [];
    const couldGrant = grantProof(resources, tenants, grants, planIndex(resources).cluster, { clusterPolicies });
    return { grants, installers: installers(plan, grants), couldGrant, publishers: publishersOf(resources) };
}

/** The grants of {@link accessReport}. */
export function accessMatrix(resources: readonly PlanResource[], tenants: readonly TeamSpec[]): AccessEntry[] {
    const index = planIndex(resources);
    const { cluster, meta } = index;
    const roles = new Map<string, AccessEntry["rules"]>();
    for (const role of resources.filter((r) => r.type === TYPES.role)) {
        roles.set(`${cluster(role)}/${meta(role).namespace}/${meta(role).name}`, role.inputs["rules"] as AccessEntry["rules"]);
    }
    const groupTeam = (s: Subject) =>
        tenants.find((t) => t.ownerGroupObjectIds.includes(s.name) || t.viewerGroupObjectIds.includes(s.name))?.team;

    const entries: AccessEntry[] = [];
    for (const b of resources.filter((r) => r.type === TYPES.roleBinding || r.type === TYPES.clusterRoleBinding)) {
        const namespaced = b.type === TYPES.roleBinding;
        const namespace = namespaced ? (meta(b).namespace ?? "?") : "*";
        const ref = b.inputs["roleRef"] as { kind: string; name: string };
        const role = `${ref.kind} ${ref.name}`;
        const rules =
            ref.kind === "Role"
                ? (roles.get(`${cluster(b)}/${namespace}/${ref.name}`) ?? [])
                : (BUILT_IN_ROLE_RULES[role] ?? [{ apiGroups: ["?"], resources: [`rules of ${role}`], verbs: ["?"] }]);
        // A binding the platform made for a team carries the team's label; any other is judged by its subjects.
        const boundFor = meta(b).labels?.[TEAM_LABEL];
        for (const s of (b.inputs["subjects"] as Subject[] | undefined) ?? []) {
            const subject =
                s.kind === "ServiceAccount"
                    ? { kind: s.kind, name: s.name, namespace: s.namespace ?? namespace }
                    : { kind: s.kind, name: s.name };
            entries.push({
                cluster: cluster(b),
                namespace,
                subject,
                team: boundFor ?? groupTeam(s),
                via: `${namespaced ? "RoleBinding" : "ClusterRoleBinding"} ${namespaced ? `${namespace}/` : ""}${meta(b).name}`,
                role,
                rules,
            });
        }
    }
    entries.push(...azureNamespaceGrants(resources, index));
    return entries.sort(
        (a, b) =>
            a.cluster.localeCompare(b.cluster) ||
            a.namespace.localeCompare(b.namespace) ||
            a.via.localeCompare(b.via) ||
            a.subject.name.localeCompare(b.subject.name),
    );
}

/**
 * Azure role assignments that a tenant component makes at its namespace's scope. The scope itself is
 * only known once the cluster exists, so the namespace is the one of the Namespace in the same component.
 */
function azureNamespaceGrants(resources: readonly PlanResource[], { cluster, meta }: ReturnType<typeof planIndex>): AccessEntry[] {
    const namespaceOfParent = new Map<string, PlanResource>();
    for (const ns of resources.filter((r) => r.type === TYPES.namespace && r.parent)) {
        namespaceOfParent.set(ns.parent as string, ns);
    }
    return resources.flatMap((a) => {
        const ns = a.type === TYPES.roleAssignment && a.parent ? namespaceOfParent.get(a.parent) : undefined;
        const role = roleOfDescription(String(a.inputs["description"])) ?? "Azure role";
        if (!ns || NO_KUBERNETES_RIGHTS.has(role)) {
            return [];
        }
        const namespace = meta(ns).name ?? "?";
        const subject = { kind: String(a.inputs["principalType"] ?? "Group"), name: String(a.inputs["principalId"]) };
        return [
            {
                cluster: cluster(ns),
                namespace,
                subject,
                team: meta(ns).labels?.[TEAM_LABEL],
                via: "Azure role assignment",
                role,
                rules: BUILT_IN_ROLE_RULES[role] ?? [],
            },
        ];
    });
}

/**
 * For each team release: the subject its provider impersonates (the installer of the Team the provider
 * belongs to, from the plan's inventory), and that subject's reach.
 */
function installers(plan: Pick<Plan, "resources" | "releases" | "inventory">, grants: readonly AccessEntry[]): InstallerEntry[] {
    const { resources, releases } = plan;
    const { byKey, cluster } = planIndex(resources);
    const installerOf = new Map(plan.inventory.teams.map((t) => [t.component, t.installer]));
    return resources.flatMap((r) => {
        const team = releases.find(
            (t) =>
                r.type === TYPES.release &&
                t.name === r.inputs["name"] &&
                t.namespace === r.inputs["namespace"] &&
                t.cluster === cluster(r),
        );
        if (!team) {
            return [];
        }
        const provider = r.provider ? byKey.get(r.provider) : undefined;
        const subject = (provider?.parent ? installerOf.get(provider.parent) : undefined) ?? PLATFORM_IDENTITY;
        const held = grants.filter(
            (g) =>
                g.cluster === team.cluster &&
                g.subject.kind === "ServiceAccount" &&
                `system:serviceaccount:${g.subject.namespace}:${g.subject.name}` === subject,
        );
        const grantedIn = [...new Set(held.map((g) => g.namespace))].sort();
        return [
            {
                cluster: team.cluster,
                namespace: team.namespace,
                release: team.name,
                subject,
                grantedIn: subject === PLATFORM_IDENTITY ? ["*"] : grantedIn,
                clusterScoped: subject === PLATFORM_IDENTITY || grantedIn.includes("*"),
            },
        ];
    });
}

/** The verdict the summary prints: no team grant cluster-wide, and every team release installed as its namespace's installer. */
export function accessVerdict(report: AccessReport): string {
    const wide = report.grants.filter((e) => e.namespace === "*" && e.team);
    const installs = report.installers.filter((i) => i.clusterScoped || i.grantedIn.some((ns) => ns !== i.namespace));
    const parts = [
        wide.length === 0
            ? "no team has a cluster-wide grant"
            : `CLUSTER-WIDE GRANTS TO TEAMS: ${wide.map((e) => `${e.team} (${e.via})`).join(", ")}`,
        installs.length === 0
            ? `every team release installs as its namespace's installer (${report.installers.length} checked)`
            : `TEAM RELEASES INSTALLED BEYOND THEIR NAMESPACE: ${installs.map((i) => `${i.cluster}/${i.namespace}/${i.release} as ${i.subject}`).join(", ")}`,
        couldGrantVerdict(report.couldGrant),
    ];
    return parts.join("; ");
}

/** The proof's part of the verdict: no path a chart could open leaves its team. */
function couldGrantVerdict(proof: GrantProof): string {
    const open = escapes(proof);
    if (open.length === 0) {
        return `what a chart could grant stays in its team and namespace (${proof.checked} requests judged, ${proof.admitted.length} admitted)`;
    }
    const shown = open.slice(0, 5).map((p) => `${p.cluster}/${p.namespace}: ${p.request} (${p.reach})`);
    return `CHARTS COULD GRANT BEYOND THEIR TEAM: ${shown.join(", ")}${open.length > 5 ? ` and ${open.length - 5} more` : ""}`;
}

/** The compact table the plan summary shows: per cluster and namespace, who holds which role. */
export function formatAccess(entries: readonly AccessEntry[]): string[] {
    const rows = new Map<string, Map<string, string[]>>();
    for (const e of entries) {
        const where = `${e.cluster}/${e.namespace}`;
        const byRole = rows.get(where) ?? new Map<string, string[]>();
        const who = e.subject.kind === "ServiceAccount" ? `sa:${e.subject.name}` : `${e.team ?? "?"}:${e.subject.kind.toLowerCase()}`;
        const role =
            e.via === "Azure role assignment"
                ? `azure ${e.role.replace("Azure Kubernetes Service RBAC ", "").toLowerCase()}`
                : e.role.split(" ")[1];
        byRole.set(role, [...(byRole.get(role) ?? []), who]);
        rows.set(where, byRole);
    }
    const width = Math.max(0, ...[...rows.keys()].map((k) => k.length));
    return [...rows.entries()].map(
        ([where, byRole]) =>
            `  ${where.padEnd(width)}  ${[...byRole.entries()].map(([role, who]) => `${role}: ${summarise(who)}`).join("; ")}`,
    );
}

function summarise(who: string[]): string {
    const counts = new Map<string, number>();
    for (const w of who) {
        counts.set(w, (counts.get(w) ?? 0) + 1);
    }
    return [...counts.entries()].map(([w, n]) => (n > 1 ? `${w} x${n}` : w)).join(", ");
}
