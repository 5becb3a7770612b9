import * as assert from "node:assert/strict";
import type { SourceTree } from "../../core/base/sourceTree";
import type { Plan } from "../../core/report/planTypes";
import { type PlanRun, planStack } from "../../plan/runPlan";
import { program } from "../../program/stack";
import { sampleTree } from "../helpers";
import { assertPlanContract } from "./planContract";

/** The offline plan of one stack of `tree`; fails the test when the program does not run to the end or breaks the contract. */
export async function planOf(tree: SourceTree, stack = "prod"): Promise<Plan> {
    return checked(await planStack(program, tree, stack));
}

const samplePlans = new Map<string, Promise<PlanRun>>();

/**
 * The offline plan run of one stack of the unchanged sample: planned once per test process, since
 * many tests read the same stacks; each call gets its own copy, so no test sees another's edits.
 */
export async function samplePlanRun(stack: string): Promise<PlanRun> {
    let run = samplePlans.get(stack);
    if (!run) {
        run = planStack(program, sampleTree(), stack);
        samplePlans.set(stack, run);
    }
    return structuredClone(await run);
}

/** {@link planOf} the unchanged sample, planned once per test process. */
export async function samplePlanOf(stack = "prod"): Promise<Plan> {
    return checked(await samplePlanRun(stack));
}

function checked(run: PlanRun): Plan {
    assert.ok(run.plan, run.error);
    assertPlanContract(run.plan);
    return run.plan;
}
