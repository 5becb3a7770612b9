import * as fs from "node:fs";
import * as path from "node:path";
import { Command, CommanderError, Option } from "commander";
import { knownEnvironments } from "../core/load/loadConfiguration";
import { type Corrections, correctionsOf } from "../core/report/corrections";
import { differencesOf, formatLiveDrift, type LiveCluster, liveDrift } from "../core/report/liveDrift";
import type { CliContext } from "./cli";
import { parseCommand } from "./cliOptions";
import { planEnvironment } from "./environmentPlan";
import { installedHelm } from "./helm";
import { notInstalled, type Runner, recordedClusters, run, withLiveClusters } from "./liveClusters";

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
            new Option("-o, --out <dir>", "folder for <stack>/live-drift.md and .json, and corrections.json").default(
                path.join(context.root, "out"),
                "out/",
            ),
        )
        .option("--show-values", "print the planned and live value of each differing key (never a secret's)", false)
        .option("--json", "print the drift as JSON on stdout (the Markdown goes to stderr)", false)
        .addHelpText(
            "after",
            "\nReaching the clusters needs what pulumi up needs to read them: az logged in (AKS user credentials, kubelogin), and read access\nto Helm's release Secrets in the platform's namespaces. Exit codes: 0 no drift; 1 drift (a difference on a cluster that was read); 2 bad arguments; 3 no difference found, but a cluster could not be read\n(a missing tool, no access), so its drift is unknown.",
        )
        .exitOverride()
        .configureOutput({ writeOut: context.stdout, writeErr: context.stderr });
}

/** Runs `npm run drift` with `argv` and returns its exit code; `exec` runs az and helm (a test gives a stand-in). */
export async function runDriftCli(argv: readonly string[], context: CliContext, exec: Runner = run): Promise<number> {
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
    // Checked after parsing, so that an unknown option is what a typo reports.
    if (!options.stack) {
        context.stderr(`${cli.helpInformation()}\nname the stack whose clusters to read (--stack)\n`);
        return 2;
    }
    const stack = options.stack;
    // Every stack of the environment: what its clusters should run is the foundation's and every shard's.
    const planned = await planEnvironment(context.program, context.tree, stack);
    if ("error" in planned) {
        context.stderr(`${planned.error}\n`);
        return 1;
    }
    const { environment } = planned;
    const clusters = environment.clusters.map((c) => c.name);
    const plan = planned.whole;
    const compare = (live: LiveCluster[]) => liveDrift(plan, live, { showValues: options.showValues });
    const helm = installedHelm(context.root);
    const drift = options.recorded
        ? compare(recordedClusters(options.recorded, clusters))
        : helm
          ? withLiveClusters(environment, helm, compare, exec)
          : compare(clusters.map((cluster) => ({ cluster, error: notInstalled("helm") })));
    const markdown = formatLiveDrift(stack, drift);
    const dir = path.join(options.out, stack);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "live-drift.json"), `${JSON.stringify(drift, null, 2)}\n`);
    fs.writeFileSync(path.join(dir, "live-drift.md"), markdown);
    const corrections: Corrections = {
        stack,
        mode: environment.drift.mode,
        corrections: correctionsOf(planned.plans, drift),
    };
    fs.writeFileSync(path.join(dir, "corrections.json"), `${JSON.stringify(corrections, null, 2)}\n`);
    (options.json ? context.stderr : context.stdout)(markdown);
    if (options.json) {
        context.stdout(`${JSON.stringify({ stack, drift }, null, 2)}\n`);
    }
    // A difference is news for the drift issue (1); a cluster that could not be read is a broken check (3).
    return differencesOf(drift).length > 0 ? 1 : drift.length > 0 ? 3 : 0;
}
