/**
 * Scale benchmark: `npm run bench`. By default plans synthetic single-stack platforms of 50, 100 and
 * 200 teams against two floors and prints the table (benchSingle.ts); `--layout sharded` measures one
 * large sharded environment instead (benchSharded.ts). Prints figures; asserts nothing. The measuring
 * code loads only once the arguments are read: `--help` and bad arguments need none of it.
 */
import { Command, Option } from "commander";
import { parseArguments, positiveInteger } from "./args";
import { APPS, DEFAULT_TEAMS_PER_SHARD, generatePlatform, REPEATS, SIZES } from "./benchPlatform";

/** The sharded environment: its stacks planned in parallel, one shard re-planned, the checkpoint bytes; a table or the JSON document. */
async function printSharded(teams: number, teamsPerShard: number, json: boolean): Promise<void> {
    const launcher = { command: process.execPath, args: ["--import", "tsx", __filename] };
    const { measureSharded } = require("./benchSharded") as typeof import("./benchSharded");
    const report = await measureSharded({ teams, teamsPerShard }, launcher, (text) => process.stderr.write(text));
    if (json) {
        console.log(JSON.stringify(report, null, 2));
        return;
    }
    const { platform: p, checkpointBytes: c } = report;
    console.log(
        `helm-platform sharded plan benchmark: ${p.teams} teams (${p.apps} apps, ${p.clusters} clusters) in ${p.shards} shards of ${report.teamsPerShard}, ${report.machine.cores} cores, Node ${report.machine.node}\n`,
    );
    console.log("stack | teams | resources | plan ms | CPU ms | peak RSS MB | state bytes");
    console.log("--- | ---: | ---: | ---: | ---: | ---: | ---:");
    for (const s of report.stacks) {
        console.log([s.name, s.teams, s.resources, s.planMs, s.cpuMs, s.peakRssMb, s.stateBytes].join(" | "));
    }
    console.log(
        `\nwhole environment: ${report.wallMs} ms wall in ${report.workers} workers (peak RSS ${report.maxWorkerRssMb} MB); largest stack ${report.largestStack.name}, ${report.largestStack.resources} resources`,
    );
    console.log(
        `one team (${report.replan.team}) changed: ${report.replan.stack} re-planned in ${report.replan.planMs} ms (${report.replan.processMs} ms with the process, ${report.replan.peakRssMb} MB)`,
    );
    console.log(`checkpoint bytes of one full up: single ${c.single}, sharded ${c.sharded} (x${(c.single / c.sharded).toFixed(1)})`);
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

/** The benchmark's arguments; `--child` is how it runs its own measuring processes. */
function parse(): Options {
    return parseArguments(
        new Command("bench")
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
    ).opts<Options>();
}

/** Runs a measuring process: a table's plan or floor, or a sharded benchmark's worker. */
function runChild([kind, ...args]: string[]): Promise<unknown> {
    // Measuring processes run under the same settings as `npm run plan`.
    (require("../plan/runPlan") as typeof import("../plan/runPlan")).tuneForPlanning();
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

const args = parse();
const fail = (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
};
if (args.generate) {
    console.log(generatePlatform({ teams: args.generate, layout: args.layout, teamsPerShard: args.teamsPerShard }).root);
} else if (args.child) {
    // Exit once stdout is written out, without waiting for what the SDK leaves behind.
    runChild(args.child).then(() => process.stdout.write("", () => process.exit(0)), fail);
} else if (args.layout === "sharded") {
    printSharded(args.teams ?? 1000, args.teamsPerShard, args.json).catch(fail);
} else {
    try {
        (require("./benchSingle") as typeof import("./benchSingle")).single(args.teams ? [args.teams] : SIZES, args.json);
    } catch (e) {
        fail(e);
    }
}
