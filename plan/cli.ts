import * as fs from "node:fs";
import * as path from "node:path";
import { Command, CommanderError, Option } from "commander";
import { CONFIG_NAMESPACE } from "../core/base/constants";
import type { SourceTree } from "../core/base/sourceTree";
import { knownEnvironments } from "../core/load/loadConfiguration";
import { driftReport, formatDrift, promotionOrder } from "../core/report/drift";
import { prReport, type StackReport } from "../core/report/prReport";
import { isEmptySelection, type Selection, selectionProblem, targetCommands } from "../core/report/selection";
import { type PlanRun, type Program, planStack } from "./runPlan";
import { readStackConfig } from "./stackConfig";
import { baseOf, reportOf } from "./stackReport";

/** Where the CLI reads and writes: the repository, the program, and its two streams. */
export interface CliContext {
    readonly root: string;
    readonly tree: SourceTree;
    readonly program: Program;
    readonly stdout: (text: string) => void;
    readonly stderr: (text: string) => void;
}

interface Options {
    readonly stack?: string[];
    readonly all: boolean;
    readonly out: string;
    readonly against?: string;
    readonly json: boolean;
    readonly team?: string;
    readonly release?: string;
    readonly cluster?: string;
    readonly chartCache?: string;
}

/** One stack's outcome, as `--json` prints it. */
export interface StackOutcome {
    readonly stack: string;
    readonly ok: boolean;
    readonly resources?: number;
    readonly releases?: number;
    readonly problems: readonly string[];
    readonly destructive: readonly string[];
    /** With a selection: the URNs `pulumi up --target` deploys it with. */
    readonly targets?: readonly string[];
}

function command(context: CliContext): Command {
    const environments = knownEnvironments(context.tree);
    return new Command("plan")
        .description(
            "Offline plan: runs the real program on the Pulumi SDK's mocks (no cloud, no Pulumi CLI) and writes what it would deploy.",
        )
        .addOption(new Option("-s, --stack <stack...>", "stacks to plan").choices(environments))
        .option("-a, --all", "plan every stack, and write the drift across environments", false)
        .addOption(
            new Option("-o, --out <dir>", "folder for <stack>/, report.md and drift.*").default(path.join(context.root, "out"), "out/"),
        )
        .option(
            "--against <base>",
            "compare with a base: a git ref (this code planning that ref's files), a plan.json, or a folder of <stack>/plan.json",
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
        options = cli.parse([...argv], { from: "user" }).opts<Options>();
    } catch (error) {
        if (error instanceof CommanderError) {
            return error.exitCode === 0 ? 0 : 2;
        }
        throw error;
    }
    const stacks = options.all ? inPromotionOrder(context.tree, knownEnvironments(context.tree)) : (options.stack ?? []);
    if (stacks.length === 0) {
        context.stderr(`${cli.helpInformation()}\nname a stack (--stack) or plan them all (--all)\n`);
        return 2;
    }
    const human = options.json ? context.stderr : context.stdout;
    const selection: Selection = { team: options.team, release: options.release, cluster: options.cluster };
    const base = options.against ? baseOf(context, options.against, stacks, options.chartCache) : undefined;
    const reports: StackReport[] = [];
    const outcomes: StackOutcome[] = [];
    for (const stack of stacks) {
        // Nothing of an earlier plan survives: a stack that fails now leaves no plan.json behind.
        fs.rmSync(path.join(options.out, stack), { recursive: true, force: true });
        const run = await planStack(context.program, context.tree, stack);
        const wrong = run.plan ? selectionProblem(run.plan, selection) : undefined;
        if (wrong) {
            context.stderr(`${wrong}\n`);
            return 2;
        }
        const report = await reportOf(run, { ...options, selection, root: context.root, tree: context.tree }, base, human);
        reports.push(report);
        outcomes.push(outcomeOf(run, report, selection));
    }
    const plans = reports.flatMap((r) => (r.plan ? [r.plan] : []));
    const drift = options.all && plans.length > 0 ? { entries: driftReport(plans), environments: promotionOrder(plans) } : undefined;
    fs.mkdirSync(options.out, { recursive: true });
    if (drift) {
        const markdown = formatDrift(drift.entries, drift.environments);
        fs.writeFileSync(path.join(options.out, "drift.json"), `${JSON.stringify(drift.entries, null, 2)}\n`);
        fs.writeFileSync(path.join(options.out, "drift.md"), markdown);
        human(`\n${markdown}`);
    }
    fs.writeFileSync(path.join(options.out, "report.md"), prReport(reports, drift));
    human(
        `Wrote ${["report.md", ...(drift ? ["drift.md", "drift.json"] : [])].join(", ")} under ${path.relative(process.cwd(), options.out) || "."}\n`,
    );
    if (options.json) {
        context.stdout(`${JSON.stringify({ stacks: outcomes }, null, 2)}\n`);
    }
    return outcomes.every((o) => o.ok) ? 0 : 1;
}

/**
 * Stacks in promotion order (dev, uat, prod in the sample: each after the one it is promoted from), as
 * their settings say; settings that do not read yet sort by name, and their stack reports the problem.
 */
function inPromotionOrder(tree: SourceTree, stacks: readonly string[]): string[] {
    const links = stacks.map((stack) => {
        const { config } = readStackConfig(tree, stack);
        let promotionFrom: string | undefined;
        try {
            promotionFrom = (JSON.parse(config[`${CONFIG_NAMESPACE}:promotion`] ?? "{}") as { from?: unknown }).from as string | undefined;
        } catch {
            promotionFrom = undefined;
        }
        return { stack, environment: config[`${CONFIG_NAMESPACE}:environment`] ?? stack, promotionFrom };
    });
    const order = promotionOrder(links);
    return [...links].sort((a, b) => order.indexOf(a.environment) - order.indexOf(b.environment)).map((l) => l.stack);
}

function outcomeOf(run: PlanRun, report: StackReport, selection: Selection): StackOutcome {
    const destructive = report.diff?.destructive ?? [];
    return {
        ...(run.plan && !isEmptySelection(selection) ? { targets: targetCommands(run.plan, selection).urns } : {}),
        stack: run.stack,
        ok: run.exitCode === 0 && destructive.every((d) => !d.protected),
        resources: report.plan?.resources.length,
        releases: report.plan?.releases.length,
        problems: report.problems ?? [],
        destructive: destructive.map((d) => `${d.protected ? "BLOCKED " : ""}${d.action} ${d.resource}: ${d.consequence}`),
    };
}
