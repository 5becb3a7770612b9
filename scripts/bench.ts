/**
 * Scale benchmark: `npm run bench`. By default plans synthetic single-stack platforms of 50, 100 and
 * 200 teams against two floors and prints the table (benchSingle.ts); `--layout sharded` measures one
 * large sharded environment instead (benchSharded.ts). Prints figures; asserts nothing. The measuring
 * code loads only once the arguments are read: `--help` and bad arguments need none of it.
 */
import { Option } from "commander";
import { parseOptions } from "../plan/cliOptions";
import { positiveInteger } from "./args";
import { APPS, DEFAULT_TEAMS_PER_SHARD, generatePlatform, REPEATS, SIZES } from "./benchPlatform";
import { runScript, type ScriptContext, scriptCommand } from "./runScript";

/** The sharded environment: its stacks planned in parallel, one shard re-planned, the checkpoint bytes; a table or the JSON document. */
async function printSharded(teams: number, teamsPerShard: number, json: boolean, context: ScriptContext): Promise<void> {
    const print = (line: string) => context.stdout(`${line}\n`);
    const launcher = { command: process.execPath, args: ["--import", "tsx", __filename] };
    const { measureSharded } = require("./benchSharded") as typeof import("./benchSharded");
    const report = await measureSharded({ teams, teamsPerShard }, launcher, context.stderr);
    if (json) {
        print(JSON.stringify(report, null, 2));
        return;
    }
    const { platform: p, checkpointBytes: c } = report;
    print(
        `helm-platform sharded plan benchmark: ${p.teams} teams (${p.apps} apps, ${p.clusters} clusters) in ${p.shards} shards of ${report.teamsPerShard}, ${report.machine.cores} cores, Node ${report.machine.node}\n`,
    );
    print("stack | teams | resources | plan ms | CPU ms | peak RSS MB | state bytes");
    print("--- | ---: | ---: | ---: | ---: | ---: | ---:");
    for (const s of report.stacks) {
        print([s.name, s.teams, s.resources, s.planMs, s.cpuMs, s.peakRssMb, s.stateBytes].join(" | "));
    }
    print(
        `\nwhole environment: ${report.wallMs} ms wall in ${report.workers} workers (peak RSS ${report.maxWorkerRssMb} MB); largest stack ${report.largestStack.name}, ${report.largestStack.resources} resources`,
    );
    print(
        `one team (${report.replan.team}) changed: ${report.replan.stack} re-planned in ${report.replan.planMs} ms (${report.replan.processMs} ms with the process, ${report.replan.peakRssMb} MB)`,
    );
    print(`checkpoint bytes of one full up: single ${c.single}, sharded ${c.sharded} (x${(c.single / c.sharded).toFixed(1)})`);
}

/** The benchmark's options. */
interface Options {
    readonly teams?: number;
    readonly layout: "single" | "sharded";
    readonly teamsPerShard: number;
    readonly json: boolean;
    readonly generate?: number;
    /** `--child <kind> <args...>`: how the benchmark runs its own measuring processes. */
    readonly child?: string[];
}

/** The benchmark's arguments (`--child` is how it runs its own measuring processes), or the exit code they end with. */
function parse(argv: readonly string[], context: ScriptContext): Options | number {
    return parseOptions<Options>(
        scriptCommand("bench", context)
            .description(
                `Plans synthetic platforms (${APPS} apps a team, 2 clusters, teams shaped like the sample's: alerts, dashboards, CI identities). ` +
                    `By default (single layout) ${SIZES.join(", ")} teams and the floors A and B, ${REPEATS} runs per size in fresh processes, printing the medians (about 4 minutes on two cores). ` +
                    "With --layout sharded, one environment of a foundation and shards, planned as `npm run plan` plans it (a worker per core), then one shard re-planned after a one-team change.",
            )
            .option("--teams <n>", `teams of the platform (default: ${SIZES.join(", ")} single; 1000 sharded)`, positiveInteger)
            .addOption(
                new Option("--layout <layout>", "one stack, or a foundation and shards").choices(["single", "sharded"]).default("single"),
            )
            .option("--teams-per-shard <n>", "teams in each shard (--layout sharded)", positiveInteger, DEFAULT_TEAMS_PER_SHARD)
            .option(
                "--json",
                "print one JSON document instead of the table (sharded: platform size, each stack's resources, plan ms, peak RSS and state bytes, wall ms, the re-plan, checkpoint bytes)",
                false,
            )
            .option(
                "--generate <teams>",
                "only generate a platform of that many teams (in --layout) and print its folder (for profiling one size by hand)",
                positiveInteger,
            )
            .addOption(new Option("--child <args...>", "one measurement, run by the benchmark itself").hideHelp())
            .addHelpText(
                "after",
                "\nProgress goes to stderr, figures to stdout; asserts nothing. Exit codes: 0 done; 1 a measurement failed; 2 bad arguments.",
            ),
        argv,
    );
}

/** Runs a measuring process: a table's plan or floor, or a sharded benchmark's worker. */
function runChild([kind, ...args]: string[]): Promise<unknown> {
    // Measuring processes run under the same settings as `npm run plan`.
    (require("../plan/tuning") as typeof import("../plan/tuning")).tuneForPlanning();
    if (kind === "stacks") {
        const { runWorker } = require("./benchSharded") as typeof import("./benchSharded");
        const [root, ...stacks] = args;
        return runWorker(root as string, stacks, (line) => process.stdout.write(line));
    }
    const { measureFloor, measurePlatform } = require("./benchSingle") as typeof import("./benchSingle");
    const [warmUp, what, replayFile] = args as [string, string, string | undefined];
    return (kind === "platform" ? measurePlatform(warmUp, what, replayFile) : measureFloor(warmUp, what)).then((m) =>
        console.log(JSON.stringify(m)),
    );
}

/** Runs the benchmark with `argv` (the arguments after its name); returns its exit code. */
export async function runBenchCli(argv: readonly string[], context: ScriptContext): Promise<number> {
    const args = parse(argv, context);
    if (typeof args === "number") {
        return args;
    }
    if (args.generate) {
        context.stdout(`${generatePlatform({ teams: args.generate, layout: args.layout, teamsPerShard: args.teamsPerShard }).root}\n`);
    } else if (args.child) {
        await runChild(args.child);
    } else if (args.layout === "sharded") {
        await printSharded(args.teams ?? 1000, args.teamsPerShard, args.json, context);
    } else {
        (require("./benchSingle") as typeof import("./benchSingle")).single(args.teams ? [args.teams] : SIZES, args.json);
    }
    return 0;
}

if (require.main === module) {
    // Exits once stdout is written out, without waiting for what the SDK leaves behind.
    runScript(runBenchCli);
}
