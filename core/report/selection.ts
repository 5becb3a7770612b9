import { PROJECT } from "../base/constants";
import { TYPE } from "../base/resourceTypes";
import { releasePath } from "../model/stackModel";
import { clusterIdentifierOf, type InventoryTeam, type Plan, type PlanRelease, type PlanResource, resourceKey } from "./planTypes";

/** Part of a stack: one team, one release, one cluster, or a combination (`undefined`: no narrowing). */
export interface Selection {
    readonly team?: string;
    readonly release?: string;
    readonly cluster?: string;
}

const HELM_RELEASE = TYPE.helmRelease;
const RELEASE = TYPE.release;
const SERVICE_MONITOR = TYPE.serviceMonitor;
const MONITORING_STACK = TYPE.monitoringStack;

const keyOf = (r: PlanResource) => resourceKey(r.type, r.name);

export const isEmptySelection = (s: Selection) => s.team === undefined && s.release === undefined && s.cluster === undefined;

/**
 * A resource's URN as the Pulumi engine builds it: the `$`-joined types of its ancestors (the stack left
 * out) and its own, then its name.
 */
export function urnOf(plan: Plan, key: string): string {
    const { byKey } = indexOf(plan);
    const types: string[] = [];
    let current = byKey.get(key);
    const name = current?.name;
    while (current) {
        types.unshift(current.type);
        current = current.parent ? byKey.get(current.parent) : undefined;
    }
    return `urn:pulumi:${plan.stack}::${PROJECT}::${types.join("$")}::${name}`;
}

/** What a selection names that does not exist in this plan (an unknown team, release or cluster), if anything. */
export function selectionProblem(plan: Plan, selection: Selection): string | undefined {
    const { teams } = plan.inventory;
    // The clusters the stack reaches (a foundation has no Team on them, only their providers).
    const byKey = indexOf(plan).byKey;
    const reached = plan.resources.flatMap((r) => clusterIdentifierOf(byKey, r)?.split("/").pop() ?? []);
    const clusters = [...new Set([...teams.map((t) => t.cluster), ...reached])];
    if (selection.cluster !== undefined && !clusters.includes(selection.cluster)) {
        return `stack ${plan.stack} has no cluster "${selection.cluster}" (clusters: ${clusters.join(", ")})`;
    }
    if (selection.team !== undefined && !teams.some((t) => t.team === selection.team)) {
        return `no team "${selection.team}" runs in ${plan.stack} (teams: ${[...new Set(teams.map((t) => t.team))].join(", ")})`;
    }
    return selection.release !== undefined && selectedRoots(plan, selection).length === 0
        ? `no release "${selection.release}"${selection.team ? ` of team ${selection.team}` : ""} in ${plan.stack}${selection.cluster ? ` on ${selection.cluster}` : ""}`
        : undefined;
}

/**
 * The components a selection deploys, each with everything under it: a team's `Team` on each selected
 * cluster; a release's `HelmRelease` and its ServiceMonitor; a cluster alone, every Team on it and its
 * monitoring stack.
 */
export function selectedRoots(plan: Plan, selection: Selection): PlanResource[] {
    const { byKey } = indexOf(plan);
    const teams = selectedTeams(plan, selection).flatMap((t) => byKey.get(t.component) ?? []);
    if (selection.release === undefined) {
        const monitoring =
            selection.team === undefined
                ? plan.resources.filter((r) => r.type === MONITORING_STACK && underCluster(plan, r, selection.cluster))
                : [];
        return [...teams, ...monitoring];
    }
    const inTeams = new Set(teams.map(keyOf));
    return plan.resources.filter((r) => {
        const team = teamOf(plan, r);
        if (!team || !inTeams.has(team)) {
            return false;
        }
        if (r.type === HELM_RELEASE) {
            return childrenOf(plan, keyOf(r)).some((c) => c.type === RELEASE && c.inputs["name"] === selection.release);
        }
        return r.type === SERVICE_MONITOR && (r.inputs["metadata"] as { name?: string } | undefined)?.name === selection.release;
    });
}

/** The plan narrowed to a selection: the selected components and everything under them, and their releases. */
export function narrowPlan(plan: Plan, selection: Selection): Plan {
    if (isEmptySelection(selection)) {
        return plan;
    }
    const roots = selectedRoots(plan, selection);
    const kept = new Set(roots.flatMap((r) => [keyOf(r), ...descendantsOf(plan, keyOf(r)).map(keyOf)]));
    const resources = plan.resources.filter((r) => kept.has(keyOf(r)));
    const installed = new Set(
        resources
            .filter((r) => r.type === RELEASE)
            .map((r) =>
                releasePath({
                    cluster: String(clusterOf(plan, r)),
                    namespace: String(r.inputs["namespace"]),
                    name: String(r.inputs["name"]),
                }),
            ),
    );
    const releaseKept = (r: PlanRelease) => installed.has(releasePath(r));
    const namespaces = new Set(selection.release === undefined ? selectedTeams(plan, selection).map((t) => t.namespace) : []);
    return {
        ...plan,
        resources,
        releases: plan.releases.filter(releaseKept),
        platformReleases: plan.platformReleases.filter(releaseKept),
        inventory: { ...plan.inventory, teams: plan.inventory.teams.filter((t) => kept.has(t.component)) },
        // A release's findings are at `<cluster>/<namespace>/<release>`, a tenant's at its namespace.
        findings: plan.findings.filter((f) => installed.has(f.where) || namespaces.has(f.where)),
    };
}

/**
 * The Pulumi stack that deploys team `team` of the plan's environment. Today every team of an environment
 * is in the environment's own stack; every command that names a stack for a team asks here, so a layout
 * that splits an environment into several stacks changes this one function.
 */
export function stackOfTeam(plan: Pick<Plan, "stack">, _team: string): string {
    return plan.stack;
}

/** The team (its tenant file's name) a resource belongs to: its own or its nearest `Team` ancestor's. */
export function teamNameOf(plan: Plan, r: PlanResource): string | undefined {
    return inventoryTeamOf(plan, r)?.team;
}

/** The inventory's entry of the Team a resource is, or is under. */
export function inventoryTeamOf(plan: Plan, r: PlanResource): InventoryTeam | undefined {
    const { teams } = indexOf(plan);
    return teams.get(keyOf(r)) ?? teams.get(teamOf(plan, r) ?? "");
}

/** The inventory's teams a selection names (every team and cluster where it names none). */
function selectedTeams(plan: Plan, selection: Selection): readonly InventoryTeam[] {
    return plan.inventory.teams.filter(
        (t) =>
            (selection.team === undefined || t.team === selection.team) &&
            (selection.cluster === undefined || t.cluster === selection.cluster),
    );
}

/** `pulumi preview` and `pulumi up` for exactly the selection, with the URNs to target, on the stack that deploys it. */
export function targetCommands(plan: Plan, selection: Selection): { urns: string[]; stack: string; preview: string; up: string } {
    const roots = selectedRoots(plan, selection);
    const urns = roots.map((r) => urnOf(plan, keyOf(r)));
    const teams = [...new Set(roots.map((r) => teamNameOf(plan, r)))];
    const stack = teams.length === 1 && teams[0] !== undefined ? stackOfTeam(plan, teams[0]) : plan.stack;
    const targets = urns.map((u) => `--target '${u}'`).join(" ");
    return {
        urns,
        stack,
        preview: `pulumi preview --stack ${stack} ${targets} --target-dependents`,
        up: `pulumi up --stack ${stack} ${targets} --target-dependents`,
    };
}

/**
 * The `kubernetes:helm.sh/v3:Release` resource that installs release `name` in `namespace` on `cluster`
 * (a team's or the platform's), if the plan has it: what `pulumi refresh --target` and `pulumi up --target`
 * name to act on exactly that Helm release.
 */
export function releaseResource(plan: Plan, at: { cluster: string; namespace: string; name: string }): PlanResource | undefined {
    return plan.resources.find(
        (r) =>
            r.type === RELEASE &&
            r.inputs["name"] === at.name &&
            r.inputs["namespace"] === at.namespace &&
            clusterOf(plan, r) === at.cluster,
    );
}

/** The keys of a resource's ancestors, nearest first. */
export function ancestorKeys(plan: Plan, key: string): string[] {
    const { byKey } = indexOf(plan);
    const out: string[] = [];
    let current = byKey.get(key)?.parent;
    while (current) {
        out.push(current);
        current = byKey.get(current)?.parent ?? undefined;
    }
    return out;
}

/** The keys of everything under a resource. */
export const descendantKeys = (plan: Plan, key: string): string[] => descendantsOf(plan, key).map(keyOf);

/** Parents and children of a plan's resources, and its teams by component, built once per plan. */
const indexes = new WeakMap<
    Plan,
    { byKey: Map<string, PlanResource>; children: Map<string, PlanResource[]>; teams: Map<string, InventoryTeam> }
>();
function indexOf(plan: Plan) {
    let index = indexes.get(plan);
    if (!index) {
        const byKey = new Map(plan.resources.map((r) => [keyOf(r), r]));
        const children = new Map<string, PlanResource[]>();
        for (const r of plan.resources) {
            if (r.parent) {
                children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
            }
        }
        index = { byKey, children, teams: new Map(plan.inventory.teams.map((t) => [t.component, t])) };
        indexes.set(plan, index);
    }
    return index;
}

function childrenOf(plan: Plan, key: string): PlanResource[] {
    return indexOf(plan).children.get(key) ?? [];
}

function descendantsOf(plan: Plan, key: string): PlanResource[] {
    return childrenOf(plan, key).flatMap((c) => [c, ...descendantsOf(plan, keyOf(c))]);
}

/** The key of the nearest ancestor of `r` that is a team's component. */
function teamOf(plan: Plan, r: PlanResource): string | undefined {
    const { byKey, teams } = indexOf(plan);
    let current = r.parent ? byKey.get(r.parent) : undefined;
    while (current && !teams.has(keyOf(current))) {
        current = current.parent ? byKey.get(current.parent) : undefined;
    }
    return current ? keyOf(current) : undefined;
}

/** The cluster a resource is on: the `clusterIdentifier` (`<env>/<cluster>`) of its Kubernetes provider. */
function clusterOf(plan: Plan, r: PlanResource): string | undefined {
    return clusterIdentifierOf(indexOf(plan).byKey, r)?.split("/").pop();
}

function underCluster(plan: Plan, r: PlanResource, cluster: string | undefined): boolean {
    return cluster === undefined || descendantsOf(plan, keyOf(r)).some((d) => clusterOf(plan, d) === cluster);
}
