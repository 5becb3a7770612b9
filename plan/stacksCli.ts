import { Command, Option } from "commander";
import { knownEnvironments } from "../core/load/loadConfiguration";
import { environmentsInPromotionOrder, stackOfTeamIn, stacksOf, teamOfRelease } from "../core/load/stacks";
import type { CliContext } from "./cli";
import { parseOptions } from "./cliOptions";

/** A shard's name, as the stack settings' schema has it (core/config/stackSettings.ts: nameSchema(20)). */
const SHARD_NAME = /^(?=.{1,20}$)[a-z]([-a-z0-9]*[a-z0-9])?$/;

interface Options {
    readonly env?: string[];
    readonly json: boolean;
    readonly githubOutput: boolean;
    readonly release?: string;
}

/** An environment's stacks in the order they deploy: its own first (single, or the foundation), then its shards, side by side. */
export interface DeployOrder {
    readonly environment: string;
    readonly layout: "single" | "sharded";
    readonly first: string;
    readonly shards: readonly { readonly stack: string; readonly teams: readonly string[] }[];
}

function command(context: CliContext): Command {
    return new Command("stacks")
        .description(
            "The Pulumi stacks of each environment (in promotion order) in the order they deploy: the environment's own stack (single, or the " +
                "foundation), then its shards, which deploy side by side once the foundation is up. As the stack files declare them.",
        )
        .addOption(
            new Option("-e, --env <env...>", "only these environments (default: every one)").choices(knownEnvironments(context.tree)),
        )
        .option("--json", "print the deploy order as JSON", false)
        .option(
            "--github-output",
            "print <env>-first=<stack> and <env>-shards=<JSON list of stacks> lines, for $GITHUB_OUTPUT (the deploy workflow)",
            false,
        )
        .option(
            "--release <team>-<app>",
            "print only the stack that deploys this release, with one --env (the team's shard where the environment is sharded)",
        )
        .addHelpText(
            "after",
            "\nExit codes: 0 printed; 1 a shard's name is not one, or no team declares the release (nothing printed); 2 bad arguments.",
        )
        .exitOverride()
        .configureOutput({ writeOut: context.stdout, writeErr: context.stderr });
}

/** The deploy order of `environment`'s stacks. */
export function deployOrderOf(context: Pick<CliContext, "tree">, environment: string): DeployOrder {
    const stacks = stacksOf(context.tree, environment);
    const shards = stacks.filter((s) => s.kind === "shard");
    return {
        environment,
        layout: shards.length > 0 || stacks[0]?.kind === "foundation" ? "sharded" : "single",
        first: environment,
        shards: shards.map((s) => ({ stack: s.name, teams: s.teams ?? [] })),
    };
}

/** Runs `npm run stacks` with `argv` and returns its exit code. */
export async function runStacksCli(argv: readonly string[], context: CliContext): Promise<number> {
    const options = parseOptions<Options>(command(context), argv);
    if (typeof options === "number") {
        return options;
    }
    const orders = (options.env ?? environmentsInPromotionOrder(context.tree)).map((e) => deployOrderOf(context, e));
    // The names become workflow matrix values and --stack arguments before any loader has judged them.
    const unnamed = orders.flatMap((o) => o.shards.filter((s) => !SHARD_NAME.test(s.stack.slice(o.environment.length + 1))));
    if (unnamed.length > 0) {
        context.stderr(
            unnamed
                .map(
                    (s) =>
                        `${JSON.stringify(s.stack)}: a shard's name is lowercase letters, digits and '-', at most 20 (npm run plan says where)\n`,
                )
                .join(""),
        );
        return 1;
    }
    if (options.release !== undefined) {
        return printStackOf(context, options.release, options.env);
    }
    if (options.githubOutput) {
        for (const o of orders) {
            context.stdout(`${o.environment}-first=${o.first}\n${o.environment}-shards=${JSON.stringify(o.shards.map((s) => s.stack))}\n`);
        }
    } else if (options.json) {
        context.stdout(`${JSON.stringify(orders, null, 2)}\n`);
    } else {
        for (const o of orders) {
            const then = o.shards.map((s) => `  then ${s.stack} (${s.teams.join(", ") || "no team"})\n`).join("");
            context.stdout(`${o.environment} (${o.layout}): ${o.first}${o.layout === "sharded" ? " (foundation)" : ""}\n${then}`);
        }
    }
    return 0;
}

/** `--release`: the one stack of the one environment that deploys the release. */
function printStackOf(context: CliContext, release: string, environments: readonly string[] | undefined): number {
    if (environments?.length !== 1) {
        context.stderr("error: --release needs exactly one --env\n");
        return 2;
    }
    const [environment] = environments as [string];
    const team = teamOfRelease(context.tree, release);
    if (!team) {
        context.stderr(`no team declares a release ${JSON.stringify(release)} (<team>-<app>)\n`);
        return 1;
    }
    context.stdout(`${stackOfTeamIn(context.tree, environment, team)}\n`);
    return 0;
}
