/**
 * Offline plan: `npm run plan -- --stack <env>` or `npm run plan -- --all`.
 * Runs the real program (index.ts) in-process on the Pulumi SDK's mocks, with no Pulumi CLI and no
 * cloud credentials, prints a summary and writes `out/<stack>/`, `out/report.md` (a pull-request
 * comment) and, with `--all`, `out/drift.{md,json}`.
 *
 * `--against <ref or plan>` compares with a base: a git ref (this code planning that ref's
 * configuration), a `plan.json` (one stack), or a folder holding `<stack>/plan.json`.
 * Exit 0 when every planned stack is valid with no error finding, 1 otherwise, 2 for bad arguments.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import program = require("../index");
import { diffPlans, type PlanDiff } from "../core/diff";
import { driftReport, formatDrift, promotionOrder } from "../core/drift";
import { knownEnvironments } from "../core/loadConfiguration";
import type { Plan } from "../core/planTypes";
import { prReport, type StackReport } from "../core/prReport";
import { formatProblems } from "../core/problems";
import { formatSummary } from "../core/report";
import { diskTree, type SourceTree } from "../core/sourceTree";
import { gitTree } from "../plan/gitTree";
import { planStack, tuneForPlanning, writePlan } from "../plan/runPlan";

async function main(): Promise<number> {
    tuneForPlanning();
    const root = path.resolve(__dirname, "..");
    const tree = diskTree(root);
    const { values } = parseArgs({
        options: {
            stack: { type: "string", multiple: true },
            all: { type: "boolean", default: false },
            out: { type: "string", default: path.join(root, "out") },
            against: { type: "string" },
        },
    });
    const out = values.out as string;
    const environments = knownEnvironments(tree);
    const stacks = values.all ? environments : (values.stack ?? []);
    if (stacks.length === 0) {
        console.error(`usage: npm run plan -- --stack <${environments.join("|")}> | --all [--against <git ref | plan.json | folder>]`);
        return 2;
    }
    const base = values.against ? baseOf(root, values.against, stacks) : undefined;
    let exitCode = 0;
    const reports: StackReport[] = [];
    for (const stack of stacks) {
        const run = await planStack(program, tree, stack);
        if (run.problems.length > 0) {
            console.error(`\n${stack}: ${formatProblems(run.problems)}`);
        } else if (run.error) {
            console.error(`\n${stack}: ${run.error}`);
        }
        exitCode = Math.max(exitCode, run.exitCode);
        if (!run.plan) {
            continue;
        }
        const summary = formatSummary(run.plan, run.access);
        console.log(`\n${summary}`);
        const files = writePlan(out, run.plan, run.access, summary);
        let diff: PlanDiff | undefined;
        const before = base ? await base(stack) : undefined;
        if (before) {
            diff = diffPlans(before, run.plan);
            fs.writeFileSync(path.join(out, stack, "diff.json"), `${JSON.stringify(diff, null, 2)}\n`);
            const r = diff.releases;
            console.log(`\nAgainst ${values.against}: resources +${diff.resources.added.length} −${diff.resources.removed.length} ~${diff.resources.changed.length}; releases +${r.added.length} −${r.removed.length}, ${r.reversioned.length} re-versioned, ${r.values.length} with changed values`);
        }
        console.log(`\nWrote ${files.length + (diff ? 1 : 0)} files under ${path.relative(process.cwd(), path.join(out, stack)) || "."}`);
        reports.push({ plan: run.plan, diff });
    }
    const plans = reports.map((r) => r.plan);
    const drift = values.all && plans.length > 0 ? { entries: driftReport(plans), environments: promotionOrder(plans) } : undefined;
    if (drift) {
        const markdown = formatDrift(drift.entries, drift.environments);
        fs.writeFileSync(path.join(out, "drift.json"), `${JSON.stringify(drift.entries, null, 2)}\n`);
        fs.writeFileSync(path.join(out, "drift.md"), markdown);
        console.log(`\n${markdown}`);
    }
    if (reports.length > 0) {
        fs.writeFileSync(path.join(out, "report.md"), prReport(reports, drift));
        console.log(`Wrote ${["report.md", ...(drift ? ["drift.md", "drift.json"] : [])].join(", ")} under ${path.relative(process.cwd(), out) || "."}`);
    }
    return exitCode;
}

/** How to get the base plan of a stack: from a file, a folder of plans, or by planning a git ref's configuration. */
function baseOf(root: string, against: string, stacks: readonly string[]): (stack: string) => Promise<Plan | undefined> {
    const readPlan = (file: string) => (fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as Plan) : undefined);
    if (fs.existsSync(against) && fs.statSync(against).isFile()) {
        const plan = readPlan(against) as Plan;
        return async (stack) => (stack === plan.stack || stacks.length === 1 ? plan : undefined);
    }
    if (fs.existsSync(against) && fs.statSync(against).isDirectory()) {
        return async (stack) => readPlan(path.join(against, stack, "plan.json"));
    }
    const tree: SourceTree = gitTree(root, against);
    return async (stack) => (await planStack(program, tree, stack)).plan;
}

main().then(
    (code) => process.exit(code),
    (error) => {
        console.error(error instanceof Error ? error.message : error);
        process.exit(1);
    },
);
