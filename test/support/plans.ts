import * as assert from "node:assert/strict";
import type { SourceTree } from "../../core/base/sourceTree";
import type { Plan } from "../../core/report/planTypes";
import { planStack } from "../../plan/runPlan";
import { program } from "../../program/stack";
import { assertPlanContract } from "./planContract";

/** The offline plan of one stack of `tree`; fails the test when the program does not run to the end or breaks the contract. */
export async function planOf(tree: SourceTree, stack = "prod"): Promise<Plan> {
    const run = await planStack(program, tree, stack);
    assert.ok(run.plan, run.error);
    assertPlanContract(run.plan);
    return run.plan;
}
