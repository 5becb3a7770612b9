import * as fs from "node:fs";
import * as path from "node:path";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import type { SourceTree } from "../core/base/sourceTree";
import { knownEnvironments } from "../core/load/loadConfiguration";
import { allStacks, environmentsInPromotionOrder, type StackEntry, stacksNamed, teamOfRelease } from "../core/load/stacks";
import { promotionOrder } from "../core/model/promotionOrder";
import { chartSourceLine, chartsWithoutSource } from "../core/report/chartSources";
import type { PlanDiff } from "../core/report/diff";
import { stateMoveCommands, stateMoves, withoutMoves } from "../core/report/migration";
import type { Plan } from "../core/report/planTypes";
import { prReport, type StackReport } from "../core/report/prReport";
import type { Selection } from "../core/report/selection";
import { formatVersionSkew, versionSkewOf } from "../core/report/versionSkew";
import { parseCommand } from "./cliOptions";
import { gitTree } from "./gitTree";
import { defaultJobs, planInProcess, planInWorkers, runAsWorker, type StackOutcome, type WorkerCommand } from "./planStacks";
import type { Program } from "./runPlan";
import { baseOf } from "./stackReport";

/** Where the CLI reads and writes: the repository, the program, and its two streams. */
export interface CliContext {
    readonly root: string;
    readonly tree: SourceTree;
    readonly program: Program;
    readonly stdout: (text: string) => void;
    readonly stderr: (text: string) => void;
    /**
     * How to start this CLI again as a worker process, to plan several stacks in parallel (the Pulumi
     * runtime holds one stack per process). Without it, stacks are planned one after the other here.
     */
    readonly worker?: WorkerCommand;
}

interface Options {
    readonly stack?: string[];
    readonly all: boolean;
    readonly out: string;
    readonly against?: string;
    readonly files?: string;
    readonly json: boolean;
    readonly team?: string;
    readonly release?: string;
    readonly cluster?: string;
    readonly chartCache?: string;
    readonly jobs: number;
    /** Set in worker processes: plan the stacks given and write their results as JSON lines on stdout. */
    readonly worker: boolean;
}

export type { StackOutcome } from "./planStacks";

function command(context: CliContext): Command {
    const names = [...new Set([...knownEnvironments(context.tree), ...allStacks(context.tree).map((s) => s.name)])];
    return new Command("plan")
        .description(
            "Offline plan: runs the real program on the Pulumi SDK's mocks (no cloud, no Pulumi CLI) and writes what it would deploy.",
        )
        .addOption(
            new Option(
                "-s, --stack <stack...>",
                "environments to plan (every stack of each: the foundation and the shards when sharded), or single stacks such as prod.payments",
            ).choices(names),
        )
        .option("-a, --all", "plan every stack of every environment, and write their chart versions side by side (version-skew.md)", false)
        .addOption(
            new Option("-o, --out <dir>", "folder for <stack>/, report.md and version-skew.*").default(
                path.join(context.root, "out"),
                "out/",
            ),
        )
        .option(
            "--against <base>",
            "compare with a base: a git ref (this code planning that ref's files), a plan.json, or a folder of <stack>/plan.json",
        )
        .option(
            "--files <ref>",
            "plan the configuration files of a git ref (read with git, never run) with this checkout's code: a pull request's files, planned by its base",
        )
        .option("--json", "print a JSON summary on stdout (the human summary goes to stderr)", false)
        .option("--team <team>", "narrow the summary, diff and report to one team, and print the --target URNs that deploy exactly it")
        .option("--release <release>", "narrow to one release (<team>-<app>), with its targets")
        .option("--cluster <cluster>", "narrow to one cluster (alone: every team on it and its monitoring)")
        .addOption(
            new Option(
                "--chart-cache <dir>",
                "packaged charts (<chart>-<version>.tgz, as helm pull writes them) to render besides charts/",
            ).env("HELM_PLATFORM_CHART_CACHE"),
        )
        .addOption(
            new Option("-j, --jobs <n>", "plan several stacks in that many processes at once")
                .default(defaultJobs(), "one per core")
                .argParser(jobsOf),
        )
        .addOption(new Option("--worker").hideHelp().default(false))
        .addHelpText(
            "after",
            "\nExit codes: 0 every stack planned with no error finding and nothing protected deleted; 1 otherwise; 2 bad arguments.",
        )
        .exitOverride()
        .configureOutput({ writeOut: context.stdout, writeErr: context.stderr });
}

/** Runs `npm run plan` with `argv` (the arguments after the script name) and returns its exit code. */
export async function runPlanCli(argv: readonly string[], context: CliContext): Promise<number> {
    const cli = command(context);
    let options: Options;
    try {
        options = parseCommand(cli, argv).opts<Options>();
    } catch (error) {
        if (error instanceof CommanderError) {
            return error.exitCode === 0 ? 0 : 2;
        }
        throw error;
    }
    const tree = options.files ? filesOf(context, options.files) : context.tree;
    if (!tree) {
        return 2;
    }
    const chosen = chosenStacks(tree, options);
    if (typeof chosen === "string") {
        context.stderr(chosen === "" ? `${cli.helpInformation()}\nname a stack (--stack) or plan them all (--all)\n` : `${chosen}\n`);
        return 2;
    }
    const stacks = chosen.map((s) => s.name);
    const human = options.json ? context.stderr : context.stdout;
    const selection: Selection = { team: options.team, release: options.release, cluster: options.cluster };
    const base = options.against ? baseOf(context, options.against, stacks, options.chartCache) : undefined;
    if (base && "error" in base) {
        context.stderr(`--against: ${base.error}\n`);
        return 2;
    }
    const job = { ...options, root: context.root, tree, program: context.program, selection, base, human };
    if (options.worker) {
        return runAsWorker(stacks, job, context.stdout);
    }
    const planned =
        context.worker && stacks.length > 1 && options.jobs > 1
            ? await planInWorkers(stacks, options.jobs, workerOf(context.worker, argv), human, context.stderr)
            : await planInProcess(stacks, job);
    if ("wrong" in planned) {
        context.stderr(`${planned.wrong}\n`);
        return 2;
    }
    sayStopped(planned.reports, human);
    // What leaves one stack of an environment for another moves its state instead of being replaced.
    const moves = stateMoves(planned.reports);
    const reports = withoutMoves(planned.reports, moves);
    const outcomes = planned.outcomes.map((o, i) => withDestructive(o, reports[i]?.diff));
    fs.mkdirSync(options.out, { recursive: true });
    for (const r of reports.filter((r) => r.diff && moves.some((m) => m.from === r.stack || m.to === r.stack))) {
        fs.writeFileSync(path.join(options.out, r.stack, "diff.json"), `${JSON.stringify(r.diff, null, 2)}\n`);
    }
    if (moves.length > 0) {
        fs.writeFileSync(path.join(options.out, "moves.json"), `${JSON.stringify(moves, null, 2)}\n`);
        human(`\nState that moves between stacks (nothing is replaced):\n${stateMoveCommands(moves).join("\n")}\n`);
    }
    fs.writeFileSync(path.join(options.out, "stacks.json"), `${JSON.stringify(stackInventory(chosen, reports), null, 2)}\n`);
    const plans = reports.flatMap((r) => (r.plan ? [r.plan] : []));
    const skew = options.all && plans.length > 0 ? { entries: versionSkewOf(plans), environments: promotionOrder(plans) } : undefined;
    if (skew) {
        const markdown = formatVersionSkew(skew.entries, skew.environments);
        fs.writeFileSync(path.join(options.out, "version-skew.json"), `${JSON.stringify(skew.entries, null, 2)}\n`);
        fs.writeFileSync(path.join(options.out, "version-skew.md"), markdown);
        human(`\n${markdown}`);
    }
    fs.writeFileSync(path.join(options.out, "report.md"), prReport(reports, skew, moves));
    human(
        `Wrote ${["report.md", "stacks.json", ...(skew ? ["version-skew.md", "version-skew.json"] : [])].join(", ")} under ${path.relative(process.cwd(), options.out) || "."}\n`,
    );
    human(closingNotes(plans, outcomes));
    if (options.json) {
        context.stdout(`${JSON.stringify({ stacks: outcomes }, null, 2)}\n`);
    }
    return outcomes.every((o) => o.ok) ? 0 : 1;
}

/**
 * The stacks that could not be planned, each reason once: a problem in an environment's stack file
 * stops its foundation and every shard alike, and is said once for all of them.
 */
function sayStopped(reports: readonly StackReport[], human: (text: string) => void): void {
    const byReason = new Map<string, string[]>();
    for (const r of reports) {
        if (!r.plan) {
            const reason = r.stopped ?? r.problems.join("\n");
            byReason.set(reason, [...(byReason.get(reason) ?? []), r.stack]);
        }
    }
    for (const [reason, stacks] of byReason) {
        human(`\n${stacks.join(", ")}: ✗ ${reason}\n`);
    }
}

/** What the plan says once for all its stacks: the charts it had no source for, the sample's placeholders left. */
function closingNotes(plans: readonly Plan[], outcomes: readonly StackOutcome[]): string {
    const notes: string[] = [];
    const sourceless = chartSourceLine(chartsWithoutSource(plans));
    if (sourceless) {
        notes.push(sourceless);
    }
    const placeholders = outcomes.filter((o) => o.placeholders > 0);
    if (placeholders.length > 0) {
        const where = placeholders.map((o) => `${o.stack} (${o.placeholders})`).join(", ");
        notes.push(`The sample's placeholders are still in ${where}: pulumi up refuses them until replaced (npm run placeholders).`);
    }
    return notes.map((n) => `${n}\n`).join("");
}

/** An outcome with the destructive changes of its (moves-adjusted) diff. */
function withDestructive(outcome: StackOutcome, diff: PlanDiff | undefined): StackOutcome {
    const destructive = diff?.destructive ?? [];
    return {
        ...outcome,
        ok: outcome.planned && destructive.every((d) => !d.protected),
        destructive: destructive.map((d) => `${d.protected ? "BLOCKED " : ""}${d.action} ${d.resource}: ${d.consequence}`),
    };
}

/** The files of `ref` as the configuration to plan, or undefined (said on stderr) when it is no commit here. */
function filesOf(context: CliContext, ref: string): SourceTree | undefined {
    try {
        return gitTree(context.root, ref);
    } catch {
        context.stderr(`--files: "${ref}" is not a commit of the repository at ${context.root}\n`);
        return undefined;
    }
}

/**
 * The stacks the options name: every stack of each environment named (or of all, with --all), or the
 * single stacks named; with --team, only the stacks that deploy the team. A string says why there are none.
 */
function chosenStacks(tree: SourceTree, options: Options): StackEntry[] | string {
    // A worker is handed exact stack names: `prod` is the foundation alone there, not the environment.
    const named = options.all
        ? environmentsInPromotionOrder(tree).flatMap((env) => stacksNamed(tree, env) ?? [])
        : options.worker
          ? allStacks(tree).filter((s) => options.stack?.includes(s.name))
          : (options.stack ?? []).flatMap((name) => stacksNamed(tree, name) ?? []);
    const unique = [...new Map(named.map((s) => [s.name, s])).values()];
    if (unique.length === 0) {
        return "";
    }
    // A team or a release is in one stack of a sharded environment: its team's shard.
    const team = options.team ?? (options.release === undefined ? undefined : teamOfRelease(tree, options.release));
    if (team === undefined) {
        return unique;
    }
    const holding = unique.filter((s) => s.kind === "single" || (s.kind === "shard" && s.teams?.includes(team)));
    const environments = [...new Set(unique.map((s) => s.environment))].join(", ");
    const teams = [...new Set(unique.flatMap((s) => s.teams ?? []))].sort();
    return holding.length > 0 ? holding : `no team "${team}" runs in ${environments} (teams: ${teams.join(", ")})`;
}

/** The worker command: this CLI again with the same options, minus the stacks (each worker gets its own). */
function workerOf(worker: WorkerCommand, argv: readonly string[]): WorkerCommand {
    const args: string[] = [];
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i] as string;
        if (arg === "--all" || arg === "-a") {
            continue;
        }
        if (arg === "--stack" || arg === "-s") {
            while (i + 1 < argv.length && !(argv[i + 1] as string).startsWith("-")) {
                i++;
            }
            continue;
        }
        args.push(arg);
    }
    return { ...worker, args: [...worker.args, ...args] };
}

function jobsOf(value: string): number {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) {
        throw new InvalidArgumentError("a whole number of processes, at least 1");
    }
    return n;
}

/** `out/stacks.json`: every stack planned, what it holds, what it reads, and in which order to deploy them. */
export function stackInventory(stacks: readonly StackEntry[], reports: readonly StackReport[]): StackInventoryEntry[] {
    return stacks.map((s) => {
        const plan = reports.find((r) => r.stack === s.name)?.plan;
        return {
            name: s.name,
            environment: s.environment,
            kind: s.kind,
            // Unplanned, what the environment's stack file says.
            teams: plan ? plan.teams : (s.teams ?? []),
            resources: plan?.resources.length,
            references: plan ? plan.references : s.kind === "shard" ? [s.environment] : [],
            // The foundation first; its shards after it, side by side.
            deployOrder: s.kind === "shard" ? 1 : 0,
        };
    });
}

/** One entry of `out/stacks.json`. */
export interface StackInventoryEntry {
    readonly name: string;
    readonly environment: string;
    readonly kind: StackEntry["kind"];
    readonly teams: readonly string[];
    /** Resources the stack registers; absent when it could not be planned. */
    readonly resources?: number;
    /** Stacks whose outputs it reads. */
    readonly references: readonly string[];
    /** Stacks of one environment deploy in this order: 0 before 1; the same number in parallel. */
    readonly deployOrder: number;
}
