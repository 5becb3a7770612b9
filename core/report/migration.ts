import { TYPE, TYPE_PREFIX } from "../base/resourceTypes";
import { parseStackName } from "../model/stack";
import type { PlanDiff } from "./diff";
import { type Plan, type PlanResource, resourceKey } from "./planTypes";
import { urnOf } from "./selection";

/**
 * Resources that leave one stack of an environment for another (an environment that becomes sharded, a
 * team moved between shards): their state moves with `pulumi state move`, so nothing in the cloud or on
 * a cluster is replaced.
 */
export interface StateMove {
    readonly from: string;
    readonly to: string;
    /** Every resource that moves (`<type>::<name>`), children included. */
    readonly resources: readonly string[];
    /** The URNs in the source stack to name: the moved resources whose parent stays (their children come along). */
    readonly roots: readonly string[];
}

/** A stack's plan and its diff with the base, as the plan CLI has them. */
interface Compared {
    readonly stack: string;
    readonly plan?: Plan;
    readonly diff?: PlanDiff;
}

/**
 * What the resources no longer planned in one stack and planned in another stack of the same
 * environment are: moves. Providers and the root component, which every stack registers anew and which
 * hold nothing in the cloud, never move.
 */
export function stateMoves(stacks: readonly Compared[]): StateMove[] {
    const moves: StateMove[] = [];
    for (const source of stacks) {
        const removed = new Set(source.diff?.resources.removed ?? []);
        for (const target of stacks.filter((t) => t !== source && sameEnvironment(t.stack, source.stack) && t.plan)) {
            const plan = target.plan as Plan;
            const byKey = new Map(plan.resources.map((r) => [resourceKey(r.type, r.name), r]));
            const moving = [...byKey.keys()].filter((key) => removed.has(key) && movable(byKey.get(key) as PlanResource));
            if (moving.length === 0) {
                continue;
            }
            const set = new Set(moving);
            // Named where the source stack has them: the same parent chain, in the source stack.
            const inSource = { ...plan, stack: source.stack };
            const roots = moving.filter((key) => !set.has(byKey.get(key)?.parent ?? "")).map((key) => urnOf(inSource, key));
            moves.push({ from: source.stack, to: target.stack, resources: moving.sort(), roots });
        }
    }
    return moves;
}

const sameEnvironment = (a: string, b: string) => parseStackName(a).environment === parseStackName(b).environment;
const movable = (r: PlanResource) => !r.type.startsWith(TYPE_PREFIX.provider) && r.type !== TYPE.platform;

/**
 * The diffs with what moves taken out: a moved resource is neither removed from its source stack nor
 * added to its destination, and nothing it holds is destroyed.
 */
export function withoutMoves<T extends Compared>(stacks: readonly T[], moves: readonly StateMove[]): T[] {
    const out = new Set(moves.flatMap((m) => m.resources.map((r) => `${m.from} ${r}`)));
    const into = new Set(moves.flatMap((m) => m.resources.map((r) => `${m.to} ${r}`)));
    return stacks.map((s) => {
        if (!s.diff) {
            return s;
        }
        const kept = (key: string) => !out.has(`${s.stack} ${key}`) && !into.has(`${s.stack} ${key}`);
        const resources = {
            ...s.diff.resources,
            added: s.diff.resources.added.filter(kept),
            removed: s.diff.resources.removed.filter(kept),
        };
        return { ...s, diff: { ...s.diff, resources, destructive: s.diff.destructive.filter((d) => kept(d.resource)) } };
    });
}

/**
 * The commands that move the state, in order: a backup of both stacks first, the moves, and the way back
 * (importing the backups). `pulumi state move` (Pulumi 3.248.0, pkg/cmd/pulumi/state/state_move.go)
 * takes the named resources with all their children, copies the providers they use, and puts what it
 * moves without its parent at the destination's root, where the program's alias picks it up.
 */
export function stateMoveCommands(moves: readonly StateMove[]): string[] {
    if (moves.length === 0) {
        return [];
    }
    const stacks = [...new Set(moves.flatMap((m) => [m.from, m.to]))];
    const backup = (stack: string) => `${stack}.before-move.json`;
    return [
        "# 1. Back up every stack involved (a destination stack must exist: pulumi stack init <stack> --secrets-provider ...)",
        ...stacks.map((s) => `pulumi stack export --stack ${s} --file ${backup(s)}`),
        "# 2. Move the state; nothing in the cloud or on a cluster changes",
        ...moves.map((m) => `pulumi state move --source ${m.from} --dest ${m.to} --yes ${m.roots.map((u) => `'${u}'`).join(" ")}`),
        "# 3. Deploy as usual (foundation first, then the shards): every moved resource is found under its alias",
        "# The way back, before anything else is deployed:",
        ...stacks.map((s) => `pulumi stack import --stack ${s} --file ${backup(s)}`),
    ];
}
