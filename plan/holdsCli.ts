import * as fs from "node:fs";
import { Command, Option } from "commander";
import { formatProblem } from "../core/base/problems";
import { allStacks } from "../core/load/stacks";
import { deployWithHolds, holdsOf, type OpenPullRequest } from "../core/report/holds";
import type { CliContext } from "./cli";
import { parseOptions } from "./cliOptions";
import { planStack } from "./runPlan";

interface Options {
    readonly stack: string;
    readonly pulls: string;
    readonly targets: string;
    readonly targetDependents: boolean;
    readonly dropHeld: boolean;
}

function command(context: CliContext): Command {
    return new Command("holds")
        .description(
            "What a deploy from main may touch while break-glass pull requests are open: prints {held, targets, exclude, dropped} as JSON " +
                "for pulumi up (--target …, or --exclude … --exclude-dependents for the whole stack).",
        )
        .addOption(
            new Option("-s, --stack <stack>", "the stack deployed")
                .choices(allStacks(context.tree).map((s) => s.name))
                .makeOptionMandatory(),
        )
        .requiredOption(
            "--pulls <file>",
            "the open pull requests: gh pr list --state open --json number,url,headRefName,isCrossRepository,labels",
        )
        .option("--targets <urns>", "the URNs the deploy targets, space-separated (empty: the whole stack)", "")
        .option("--target-dependents", "the deploy also takes the targets' dependents (pulumi up --target-dependents)", false)
        .option("--drop-held", "drop targets that are held releases instead of refusing the deploy (the drift correction)", false)
        .addHelpText(
            "after",
            "\nExit codes: 0 the deploy may run (as printed); 1 it would redeploy a held release, or targets another stack; 2 bad arguments.",
        )
        .exitOverride()
        .configureOutput({ writeOut: context.stdout, writeErr: context.stderr });
}

/** Runs `npm run holds` with `argv` and returns its exit code. The stack is planned only when a release of it is held. */
export async function runHoldsCli(argv: readonly string[], context: CliContext): Promise<number> {
    const options = parseOptions<Options>(command(context), argv);
    if (typeof options === "number") {
        return options;
    }
    let pulls: OpenPullRequest[];
    try {
        pulls = JSON.parse(fs.readFileSync(options.pulls, "utf8")) as OpenPullRequest[];
    } catch (error) {
        context.stderr(`--pulls ${options.pulls}: not the JSON gh pr list prints (${error instanceof Error ? error.message : error})\n`);
        return 2;
    }
    const targets = options.targets.split(/\s+/).filter(Boolean);
    // A deploy of one stack targets that stack's URNs only: a shard's job never reaches another shard.
    const foreign = targets.filter((t) => !t.startsWith(`urn:pulumi:${options.stack}::`));
    if (foreign.length > 0) {
        context.stderr(`${options.stack} is deployed, but these targets are another stack's: ${foreign.join(" ")}\n`);
        return 1;
    }
    const holds = holdsOf(pulls, options.stack);
    if (holds.length === 0) {
        context.stdout(`${JSON.stringify({ held: [], targets, exclude: [], dropped: [] }, null, 2)}\n`);
        return 0;
    }
    const planned = await planStack(context.program, context.tree, options.stack);
    if (!planned.plan) {
        context.stderr(`${options.stack} could not be planned: ${planned.error ?? planned.problems.map(formatProblem).join("\n")}\n`);
        return 1;
    }
    const deploy = deployWithHolds(planned.plan, holds, targets, options);
    if ("refused" in deploy) {
        context.stderr(`${deploy.refused}\n`);
        return 1;
    }
    for (const hold of deploy.held) {
        context.stderr(`${hold.release} is held by break-glass pull request #${hold.pullRequest} (${hold.url}): left alone\n`);
    }
    context.stdout(`${JSON.stringify(deploy, null, 2)}\n`);
    return 0;
}
