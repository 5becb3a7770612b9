/**
 * The requests a chart installed as a namespace's installer could make, each judged by RBAC (with its
 * escalation check) over the installer's rules, then by the cluster's planned admission policies.
 */
import { type AdmissionRequest, admit, type PolicyObjects } from "../tenancy/admissionEval";
import { INSTALLER_ROLE, INSTALLER_SERVICE_ACCOUNT, OPERATOR_ROLE, type PolicyRule, RBAC_GROUP } from "../tenancy/rbac";
import { allows, coversRules, type Grant } from "../tenancy/rbacEval";

/** Where an admitted request leads. */
export type Reach = "the team" | "beyond the team" | "installer rights" | "another namespace" | "cluster scope";

/** One request a chart could make that RBAC and admission both admit. */
export interface GrantPath {
    readonly cluster: string;
    readonly namespace: string;
    /** What the chart asks for: `RoleBinding Role tenant-operator to Group system:authenticated`. */
    readonly request: string;
    readonly reach: Reach;
}

type Subject = { readonly kind: string; readonly name: string; readonly namespace?: string };
const WRITES = ["create", "update", "patch"];

/** Whether the rules let their holder grant RBAC or act as another: what makes a workload an installer. */
const grantsRbac = (rules: readonly PolicyRule[]) =>
    rules.some(
        (r) =>
            r.verbs.some((v) => ["bind", "escalate", "impersonate", "*"].includes(v)) ||
            (r.apiGroups.some((g) => g === RBAC_GROUP || g === "*") && r.verbs.some((v) => WRITES.includes(v))),
    );

/** Everything one namespace's installer could ask for, judged. */
export interface NamespaceContext {
    readonly cluster: string;
    readonly namespace: string;
    readonly namespaceObject: Record<string, unknown>;
    readonly groups: readonly string[];
    readonly grants: readonly Grant[];
    readonly policies: readonly PolicyObjects[];
    /** Other namespaces of the cluster, one other team's group: each stands for its kind. */
    readonly others: { readonly namespaces: readonly string[]; readonly group?: string };
}

const coverage = new Map<string, boolean>();

/**
 * RBAC's escalation check in the namespace, remembered: it depends only on the grants that apply there
 * (the namespace's own, whatever its name, and cluster-wide ones), and every namespace asks it alike.
 */
function covers(ctx: NamespaceContext, rules: readonly PolicyRule[]): boolean {
    const applying = ctx.grants.filter((g) => g.namespace === undefined || g.namespace === ctx.namespace);
    const key = JSON.stringify([applying.map((g) => [g.namespace === undefined, g.rules]), rules]);
    let result = coverage.get(key);
    if (result === undefined) {
        result = coversRules(applying, ctx.namespace, rules);
        coverage.set(key, result);
    }
    return result;
}

function reachOf(ctx: NamespaceContext, s: Subject, rules: readonly PolicyRule[] | undefined): Reach {
    const inTeam =
        s.kind === "ServiceAccount"
            ? (s.namespace ?? ctx.namespace) === ctx.namespace
            : s.kind === "Group" && (ctx.groups.includes(s.name) || s.name === `system:serviceaccounts:${ctx.namespace}`);
    if (!inTeam) {
        return "beyond the team";
    }
    const installer = s.kind === "ServiceAccount" && s.name === INSTALLER_SERVICE_ACCOUNT;
    return !installer && (rules === undefined || grantsRbac(rules)) ? "installer rights" : "the team";
}

function request(ctx: NamespaceContext, group: string, resource: string, object: Record<string, unknown>): AdmissionRequest {
    return { group, version: "v1", resource, operation: "CREATE", object, namespaceObject: ctx.namespaceObject };
}

/** Roles a chart could bind: the platform's, the widest it could create itself, and the built-in ClusterRoles. */
function bindableRoles(ctx: NamespaceContext, planned: ReadonlyMap<string, readonly PolicyRule[]>, paths: Judge) {
    const installerRules = ctx.grants.flatMap((g) => g.rules);
    const withoutRbac = installerRules.filter((r) => !grantsRbac([r]));
    const roles: { ref: { kind: string; name: string }; rules?: readonly PolicyRule[] }[] = [OPERATOR_ROLE, INSTALLER_ROLE].map((name) => ({
        ref: { kind: "Role", name },
        rules: planned.get(name) ?? [],
    }));
    for (const [name, rules] of [
        ["chart-installer-copy", installerRules],
        ["chart-role", withoutRbac],
    ] as const) {
        const object = { apiVersion: `${RBAC_GROUP}/v1`, kind: "Role", metadata: { name, namespace: ctx.namespace }, rules };
        const created = paths.judge(
            `Role ${name} with the installer's rules${rules === withoutRbac ? " less RBAC writes" : ""}`,
            allows(ctx.grants, { verb: "create", apiGroup: RBAC_GROUP, resource: "roles", namespace: ctx.namespace }) && covers(ctx, rules),
            () => request(ctx, RBAC_GROUP, "roles", object),
            // A Role grants nothing until it is bound: its bindings below are judged by what they reach.
            "the team",
        );
        if (created) {
            roles.push({ ref: { kind: "Role", name }, rules });
        }
    }
    // Their rules are the cluster's: assume RBAC lets the installer bind them (cluster-admin's '*' it cannot).
    for (const name of ["view", "edit", "admin", "cluster-admin"]) {
        roles.push({
            ref: { kind: "ClusterRole", name },
            rules: name === "cluster-admin" ? [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }] : undefined,
        });
    }
    return roles;
}

function subjectsFor(ctx: NamespaceContext): Subject[] {
    const sa = (name: string, namespace: string): Subject => ({ kind: "ServiceAccount", name, namespace });
    const group = (name: string): Subject => ({ kind: "Group", name });
    return [
        sa("app", ctx.namespace),
        sa(INSTALLER_SERVICE_ACCOUNT, ctx.namespace),
        ...ctx.others.namespaces.map((ns) => sa("default", ns)),
        ...ctx.groups.map(group),
        ...(ctx.others.group ? [group(ctx.others.group)] : []),
        ...[
            "system:serviceaccounts",
            `system:serviceaccounts:${ctx.others.namespaces[0] ?? "kube-system"}`,
            "system:authenticated",
            "system:unauthenticated",
        ].map(group),
        { kind: "User", name: "system:anonymous" },
    ];
}

/**
 * Judges requests: counts them, and records the admitted ones as paths. Given the admission decisions of
 * a namespace of the same shape, it replays them instead of evaluating CEL again.
 */
export class Judge {
    checked = 0;
    readonly admitted: GrantPath[] = [];
    /** Per request: whether the policies admit it (unset where RBAC refused it first). */
    readonly decisions: (boolean | undefined)[] = [];
    constructor(
        private readonly ctx: NamespaceContext,
        private readonly known?: readonly (boolean | undefined)[],
    ) {}

    /** Whether RBAC (`rbac`) and, when given, the planned policies admit the request (built only when asked); an admitted one is a path. */
    judge(what: string, rbac: boolean, admission: (() => AdmissionRequest) | undefined, reach: Reach): boolean {
        const i = this.checked++;
        const admits = rbac ? (this.known?.[i] ?? (admission === undefined || admit(this.ctx.policies, admission()).allowed)) : undefined;
        this.decisions[i] = admits;
        if (admits) {
            this.admitted.push({ cluster: this.ctx.cluster, namespace: this.ctx.namespace, request: what, reach });
        }
        return admits === true;
    }
}

/** Requests beyond the namespace and at run time: RBAC decides those alone, or with the pod and secret policies. */
function beyondAndAtRunTime(ctx: NamespaceContext, paths: Judge): void {
    const ns = ctx.namespace;
    for (const [apiGroup, resource] of [
        [RBAC_GROUP, "clusterrolebindings"],
        [RBAC_GROUP, "clusterroles"],
        ["", "namespaces"],
        ["admissionregistration.k8s.io", "validatingadmissionpolicybindings"],
    ]) {
        paths.judge(`create ${resource}`, allows(ctx.grants, { verb: "create", apiGroup, resource }), undefined, "cluster scope");
    }
    for (const other of ctx.others.namespaces) {
        for (const [verb, apiGroup, resource] of [
            ["create", RBAC_GROUP, "rolebindings"],
            ["create", "", "pods"],
            ["get", "", "secrets"],
        ]) {
            paths.judge(
                `${verb} ${resource} in ${other}`,
                allows(ctx.grants, { verb, apiGroup, resource, namespace: other }),
                undefined,
                "another namespace",
            );
        }
    }
    const may = (verb: string, resource: string) => allows(ctx.grants, { verb, apiGroup: "", resource, namespace: ns });
    const pod = {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "x" },
        spec: { serviceAccountName: INSTALLER_SERVICE_ACCOUNT, containers: [{ name: "x", image: "x" }] },
    };
    paths.judge(
        `Pod running as ${INSTALLER_SERVICE_ACCOUNT}`,
        may("create", "pods"),
        () => request(ctx, "", "pods", pod),
        "installer rights",
    );
    const token = {
        apiVersion: "v1",
        kind: "Secret",
        type: "kubernetes.io/service-account-token",
        metadata: { name: "x", annotations: { "kubernetes.io/service-account.name": INSTALLER_SERVICE_ACCOUNT } },
    };
    paths.judge(
        `token Secret of ${INSTALLER_SERVICE_ACCOUNT}`,
        may("create", "secrets"),
        () => request(ctx, "", "secrets", token),
        "installer rights",
    );
    paths.judge(`TokenRequest for ${INSTALLER_SERVICE_ACCOUNT}`, may("create", "serviceaccounts/token"), undefined, "installer rights");
    paths.judge(`impersonate ${INSTALLER_SERVICE_ACCOUNT}`, may("impersonate", "serviceaccounts"), undefined, "installer rights");
}

export function judgeNamespace(
    ctx: NamespaceContext,
    planned: ReadonlyMap<string, readonly PolicyRule[]>,
    known?: readonly (boolean | undefined)[],
): Judge {
    const paths = new Judge(ctx, known);
    beyondAndAtRunTime(ctx, paths);
    const bind = allows(ctx.grants, { verb: "create", apiGroup: RBAC_GROUP, resource: "rolebindings", namespace: ctx.namespace });
    for (const role of bindableRoles(ctx, planned, paths)) {
        const escalation = role.rules === undefined || covers(ctx, role.rules);
        for (const s of subjectsFor(ctx)) {
            const subject = s.kind === "ServiceAccount" ? s : { ...s, apiGroup: RBAC_GROUP };
            const object = {
                apiVersion: `${RBAC_GROUP}/v1`,
                kind: "RoleBinding",
                metadata: { name: "chart-binding", namespace: ctx.namespace },
                roleRef: { apiGroup: RBAC_GROUP, ...role.ref },
                subjects: [subject],
            };
            const who = `${s.kind} ${s.namespace ? `${s.namespace}/` : ""}${s.name}`;
            paths.judge(
                `RoleBinding ${role.ref.kind} ${role.ref.name} to ${who}`,
                bind && escalation,
                () => request(ctx, RBAC_GROUP, "rolebindings", object),
                reachOf(ctx, s, role.rules),
            );
        }
    }
    return paths;
}
