import { parseStackName } from "../model/stack";
import { type Plan, type PlanResource, resourceKey } from "./planTypes";
import { ancestorKeys, descendantKeys, selectedRoots, urnOf } from "./selection";

/**
 * A break-glass rollback is applied to the cluster before main agrees; the pull request that makes main
 * agree is opened from a branch named for it and carries this label. While it is open, deploys from
 * main leave the release alone: how they know is this label and branch, on an open pull request of the
 * repository itself (a fork's branch never holds anything).
 */
export const BREAK_GLASS_LABEL = "break-glass";

/** `break-glass/<environment>/<release>/<run id>`: the branch of a break-glass pull request. */
export const breakGlassBranch = (stack: string, release: string, run: string) => `break-glass/${stack}/${release}/${run}`;

/** An open pull request as `gh pr list --json number,url,headRefName,isCrossRepository,labels` prints it. */
export interface OpenPullRequest {
    readonly number: number;
    readonly url: string;
    readonly headRefName: string;
    readonly isCrossRepository: boolean;
    readonly labels: readonly { readonly name: string }[];
}

/** A release main must not redeploy yet, and the pull request that holds it. */
export interface Hold {
    readonly release: string;
    readonly pullRequest: number;
    readonly url: string;
}

/**
 * The releases of `stack`'s environment that open break-glass pull requests hold (a pull request names
 * the environment; in a sharded one each shard's deploy leaves alone the held releases it has).
 */
export function holdsOf(pulls: readonly OpenPullRequest[], stack: string): Hold[] {
    const { environment } = parseStackName(stack);
    return pulls.flatMap((p) => {
        const [prefix, onStack, release] = p.headRefName.split("/");
        const labelled = p.labels.some((l) => l.name === BREAK_GLASS_LABEL);
        return prefix === "break-glass" && onStack === environment && release && labelled && !p.isCrossRepository
            ? [{ release, pullRequest: p.number, url: p.url }]
            : [];
    });
}

/** What a deploy may target while releases are held, or why it may not run. */
export type HeldDeploy =
    | {
          /** The targets to deploy (empty: the whole stack). */
          readonly targets: readonly string[];
          /** URNs to leave out of a whole-stack deploy (`--exclude … --exclude-dependents`). */
          readonly exclude: readonly string[];
          readonly held: readonly Hold[];
          /** Targets left out because they are held releases (with `dropHeld`). */
          readonly dropped: readonly string[];
      }
    | { readonly refused: string };

/**
 * A deploy of `targets` (none: the whole stack) with the held releases left alone. A whole-stack deploy
 * excludes each held release's component and monitor (and with `--exclude-dependents` what is under
 * them). A targeted deploy that would reach a held release — it is a target, under one, or with
 * `--target-dependents` depends on one — is refused, unless `dropHeld` drops targets that are held
 * releases themselves (the drift correction, which targets releases one by one).
 */
export function deployWithHolds(
    plan: Plan,
    holds: readonly Hold[],
    targets: readonly string[],
    options: { readonly targetDependents: boolean; readonly dropHeld: boolean },
): HeldDeploy {
    const byUrn = new Map(plan.resources.map((r) => [urnOf(plan, keyOf(r)), r]));
    const held = holds.map((hold) => {
        const roots = selectedRoots(plan, { release: hold.release });
        const keys = new Set(roots.flatMap((r) => [keyOf(r), ...descendantKeys(plan, keyOf(r))]));
        return { hold, roots: roots.map((r) => urnOf(plan, keyOf(r))), keys };
    });
    if (targets.length === 0) {
        return { targets: [], exclude: held.flatMap((h) => h.roots), held: holds, dropped: [] };
    }
    const heldUrn = (urn: string) => held.find((h) => h.keys.has(keyOf(byUrn.get(urn) ?? NONE)));
    const dropped = options.dropHeld ? targets.filter((t) => heldUrn(t)) : [];
    const kept = targets.filter((t) => !dropped.includes(t));
    const reached = reach(
        plan,
        kept.flatMap((t) => (byUrn.has(t) ? [keyOf(byUrn.get(t) as PlanResource)] : [])),
        options.targetDependents,
    );
    const hit = held.find((h) => [...h.keys].some((k) => reached.has(k)));
    if (hit) {
        return {
            refused: `${hit.hold.release} is held by break-glass pull request #${hit.hold.pullRequest} (${hit.hold.url}): main must not redeploy it until that pull request is merged or closed`,
        };
    }
    return { targets: kept, exclude: [], held: holds, dropped };
}

const NONE: PlanResource = { type: "", name: "", parent: null, dependsOn: [], protect: false, inputs: {} };
const keyOf = (r: PlanResource) => resourceKey(r.type, r.name);

/**
 * What a deploy of `roots` touches: the roots and everything under them, and with `--target-dependents`
 * whatever depends on any of that (through `dependsOn`, its inputs or its provider), as the engine widens it.
 */
function reach(plan: Plan, roots: readonly string[], dependents: boolean): Set<string> {
    const reached = new Set(roots.flatMap((k) => [k, ...descendantKeys(plan, k)]));
    let grew = dependents;
    while (grew) {
        grew = false;
        for (const r of plan.resources) {
            const key = keyOf(r);
            const needs = [
                ...r.dependsOn,
                ...(r.inputDependencies ?? []),
                ...(r.provider ? [r.provider] : []),
                ...ancestorKeys(plan, key).slice(0, 1),
            ];
            if (!reached.has(key) && needs.some((n) => reached.has(n))) {
                reached.add(key);
                grew = true;
            }
        }
    }
    return reached;
}
