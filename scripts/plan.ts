/**
 * Offline plan: `npm run plan -- --stack <env>` or `npm run plan -- --all`.
 * Runs the real program (index.ts) in-process on the Pulumi SDK's mocks, with no Pulumi CLI and no
 * cloud credentials, prints a summary and writes `out/<stack>/`. Exit 0 when every planned stack is
 * valid with no error finding, 1 otherwise, 2 for bad arguments.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import program = require("../index");
import { driftReport, formatDrift, promotionOrder } from "../core/drift";
import { knownEnvironments } from "../core/loadConfiguration";
import type { Plan } from "../core/planTypes";
import { formatProblems } from "../core/problems";
import { formatSummary } from "../core/report";
import { diskTree } from "../core/sourceTree";
import { planStack, writePlan } from "../plan/runPlan";

async function main(): Promise<number> {
    const root = path.resolve(__dirname, "..");
    const tree = diskTree(root);
    const { values } = parseArgs({
        options: {
            stack: { type: "string", multiple: true },
            all: { type: "boolean", default: false },
            out: { type: "string", default: path.join(root, "out") },
        },
    });
    const environments = knownEnvironments(tree);
    const stacks = values.all ? environments : (values.stack ?? []);
    if (stacks.length === 0) {
        console.error(`usage: npm run plan -- --stack <${environments.join("|")}> | --all`);
        return 2;
    }
    let exitCode = 0;
    const plans: Plan[] = [];
    for (const stack of stacks) {
        const run = await planStack(program, tree, stack);
        if (run.problems.length > 0) {
            console.error(`\n${stack}: ${formatProblems(run.problems)}`);
        } else if (run.error) {
            console.error(`\n${stack}: ${run.error}`);
        }
        if (run.plan) {
            const summary = formatSummary(run.plan, run.access);
            console.log(`\n${summary}`);
            const files = writePlan(values.out as string, run.plan, run.access, summary);
            console.log(`\nWrote ${files.length} files under ${path.relative(process.cwd(), path.join(values.out as string, stack)) || "."}`);
            plans.push(run.plan);
        }
        exitCode = Math.max(exitCode, run.exitCode);
    }
    if (values.all && plans.length > 0) {
        const entries = driftReport(plans);
        const markdown = formatDrift(entries, promotionOrder(plans));
        fs.writeFileSync(path.join(values.out as string, "drift.json"), `${JSON.stringify(entries, null, 2)}\n`);
        fs.writeFileSync(path.join(values.out as string, "drift.md"), markdown);
        console.log(`\n${markdown}\nWrote drift.md and drift.json under ${path.relative(process.cwd(), values.out as string) || "."}`);
    }
    return exitCode;
}

main().then(
    (code) => process.exit(code),
    (error) => {
        console.error(error);
        process.exit(1);
    },
);
