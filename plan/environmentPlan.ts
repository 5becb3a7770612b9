import { formatProblem } from "../core/base/problems";
import type { SourceTree } from "../core/base/sourceTree";
import { stacksNamed } from "../core/load/stacks";
import type { EnvironmentSpec } from "../core/model/environment";
import { allReleases, type Plan } from "../core/report/planTypes";
import { type PlanRun, type Program, planStack } from "./runPlan";

/** Every stack of an environment, planned: each stack's own plan, and all of them as one view. */
export interface EnvironmentPlan {
    readonly environment: EnvironmentSpec;
    /** Each stack's plan (its URNs are that stack's). */
    readonly plans: readonly Plan[];
    /**
     * The environment as one plan, for what reads releases and objects across stacks (what the clusters
     * should run); never for URNs, which each stack's own plan gives.
     */
    readonly whole: Plan;
}

/**
 * Plans every stack `name` stands for (an environment: its own stack, or its foundation and shards; a
 * shard's stack name: that one), one after the other in this process. A stack that does not plan makes
 * the whole fail, with its problems.
 */
export async function planEnvironment(program: Program, tree: SourceTree, name: string): Promise<EnvironmentPlan | { error: string }> {
    const stacks = stacksNamed(tree, name);
    if (!stacks) {
        return { error: `there is no stack or environment "${name}"` };
    }
    const runs: PlanRun[] = [];
    for (const stack of stacks) {
        runs.push(await planStack(program, tree, stack.name));
    }
    const failed = runs.find((r) => !r.plan || !r.environment);
    if (failed) {
        return { error: `${failed.stack} could not be planned: ${failed.error ?? failed.problems.map(formatProblem).join("\n")}` };
    }
    const plans = runs.map((r) => r.plan as Plan);
    return { environment: runs[0]?.environment as EnvironmentSpec, plans, whole: wholePlan(plans) };
}

/** Several stacks' plans as one: resources, releases, platform releases and the teams of the inventory together. */
export function wholePlan(plans: readonly Plan[]): Plan {
    const [first] = plans as [Plan];
    return {
        ...first,
        stack: first.environment,
        resources: plans.flatMap((p) => p.resources),
        releases: plans.flatMap((p) => p.releases),
        platformReleases: plans.flatMap((p) => p.platformReleases),
        findings: plans.flatMap((p) => p.findings),
        teams: plans.flatMap((p) => p.teams).sort(),
        inventory: { ...first.inventory, teams: plans.flatMap((p) => p.inventory.teams) },
    };
}

/** The plan of the stack that holds release `name` on `cluster` (its URNs are that stack's). */
export function planHolding(plans: readonly Plan[], at: { cluster: string; namespace: string; name: string }): Plan | undefined {
    return plans.find((p) => allReleases(p).some((r) => r.cluster === at.cluster && r.namespace === at.namespace && r.name === at.name));
}
