import { Command, Option } from "commander";
import { ConfigError, formatProblem, type Problem } from "../core/base/problems";
import { readStackConfig } from "../core/config/stackFile";
import { knownEnvironments, loadConfiguration } from "../core/load/loadConfiguration";
import { placeholdersOf } from "../core/load/placeholders";
import { allStacks, stacksNamed } from "../core/load/stacks";
import type { CliContext } from "./cli";
import { parseOptions } from "./cliOptions";

interface Options {
    readonly stack?: string[];
}

function command(context: CliContext): Command {
    const names = [...knownEnvironments(context.tree), ...allStacks(context.tree).map((s) => s.name)];
    return new Command("placeholders")
        .description(
            "Lists every placeholder of the sample still in the files a stack deploys from (its stack files, its teams' tenant and " +
                "allowance files), with what to put there. pulumi up refuses to deploy while one remains; a preview and the offline plan run.",
        )
        .addOption(
            new Option("-s, --stack <stack...>", "an environment (every stack of it) or one stack; default: every stack").choices([
                ...new Set(names),
            ]),
        )
        .addHelpText("after", "\nExit codes: 0 none left; 1 placeholders (or configuration problems) remain; 2 bad arguments.")
        .exitOverride()
        .configureOutput({ writeOut: context.stdout, writeErr: context.stderr });
}

/** Runs `npm run placeholders` with `argv` and returns its exit code. */
export async function runPlaceholdersCli(argv: readonly string[], context: CliContext): Promise<number> {
    const options = parseOptions<Options>(command(context), argv);
    if (typeof options === "number") {
        return options;
    }
    const stacks = options.stack ? options.stack.flatMap((n) => stacksNamed(context.tree, n) ?? []) : allStacks(context.tree);
    const seen = new Set<string>();
    let remaining = 0;
    for (const stack of stacks) {
        const found = stackPlaceholders(context, stack.name);
        // A file several stacks read (the environment's stack file, a team in two environments) is listed once.
        const fresh = found.filter((p) => !seen.has(`${p.file}:${p.path}`));
        for (const p of fresh) {
            seen.add(`${p.file}:${p.path}`);
        }
        remaining += found.length;
        context.stdout(
            found.length === 0
                ? `${stack.name}: no placeholder left\n`
                : `${stack.name}: ${found.length} to replace${fresh.length < found.length ? ` (${found.length - fresh.length} listed above)` : ""}\n${fresh.map((p) => `  - ${formatProblem(p)}\n`).join("")}`,
        );
    }
    return remaining === 0 ? 0 : 1;
}

/** A stack's placeholders, or its configuration problems when it does not load (those come first). */
function stackPlaceholders(context: CliContext, stack: string): Problem[] {
    try {
        const model = loadConfiguration({ tree: context.tree, stack, config: readStackConfig(context.tree, stack).config, lock: "ignore" });
        return placeholdersOf(context.tree, model);
    } catch (error) {
        if (error instanceof ConfigError) {
            return [...error.problems];
        }
        throw error;
    }
}
