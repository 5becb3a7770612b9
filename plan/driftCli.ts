import * as fs from "node:fs";
import * as path from "node:path";
import { Command, CommanderError, Option } from "commander";
import { formatProblem } from "../core/base/problems";
import { knownEnvironments } from "../core/load/loadConfiguration";
import { formatLiveDrift, type LiveCluster, liveDrift } from "../core/report/liveDrift";
import type { CliContext } from "./cli";
import { installedHelm } from "./helm";
import { type Runner, recordedClusters, run, withLiveClusters } from "./liveClusters";
import { planStack } from "./runPlan";

interface Options {
    readonly stack?: string;
    readonly recorded?: string;
    readonly out: string;
    readonly json: boolean;
    readonly showValues: boolean;
}

function command(context: CliContext): Command {
    return new Command("drift")
        .description("Live drift: the plan of a stack against what its clusters run, read with Helm (helm list, helm get values).")
        .addOption(
            new Option("-s, --stack <stack>", "the stack whose clusters to read (required)").choices(knownEnvironments(context.tree)),
        )
        .option(
            "--recorded <dir>",
            "read recorded Helm outputs (<dir>/<cluster>/list.json, values/<namespace>/<release>.json) instead of the clusters",
        )
        .addOption(
            new Option("-o, --out <dir>", "folder for <stack>/live-drift.md and .json").default(path.join(context.root, "out"), "out/"),
        )
        .option("--show-values", "print the planned and live value of each differing key (never a secret's)", false)
        .option("--json", "print the drift as JSON on stdout (the Markdown goes to stderr)", false)
        .addHelpText(
            "after",
            "\nReaching the clusters needs what pulumi up needs to read them: az logged in (AKS user credentials, kubelogin), and read access\nto Helm's release Secrets in the platform's namespaces. Exit codes: 0 no drift; 1 drift or a cluster that could not be read; 2 bad arguments.",
        )
        .exitOverride()
        .configureOutput({ writeOut: context.stdout, writeErr: context.stderr });
}

/** Runs `npm run drift` with `argv` and returns its exit code; `exec` runs az and helm (a test gives a stand-in). */
export async function runDriftCli(argv: readonly string[], context: CliContext, exec: Runner = run): Promise<number> {
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
    // Checked after parsing, so that an unknown option is what a typo reports.
    if (!options.stack) {
        context.stderr(`${cli.helpInformation()}\nname the stack whose clusters to read (--stack)\n`);
        return 2;
    }
    const stack = options.stack;
    const planned = await planStack(context.program, context.tree, stack);
    const environment = planned.environment;
    if (!planned.plan || !environment) {
        context.stderr(`${stack} could not be planned: ${planned.error ?? planned.problems.map(formatProblem).join("\n")}\n`);
        return 1;
    }
    const clusters = environment.clusters.map((c) => c.name);
    const plan = planned.plan;
    const compare = (live: LiveCluster[]) => liveDrift(plan, live, { showValues: options.showValues });
    const helm = installedHelm(context.root);
    const drift = options.recorded
        ? compare(recordedClusters(options.recorded, clusters))
        : helm
          ? withLiveClusters(environment, helm, compare, exec)
          : compare(clusters.map((cluster) => ({ cluster, error: "no Helm on this machine" })));
    const markdown = formatLiveDrift(stack, drift);
    const dir = path.join(options.out, stack);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "live-drift.json"), `${JSON.stringify(drift, null, 2)}\n`);
    fs.writeFileSync(path.join(dir, "live-drift.md"), markdown);
    (options.json ? context.stderr : context.stdout)(markdown);
    if (options.json) {
        context.stdout(`${JSON.stringify({ stack: stack, drift }, null, 2)}\n`);
    }
    return drift.length === 0 ? 0 : 1;
}
