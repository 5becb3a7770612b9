/**
 * `npm run promote -- --release <team>-<app> --to <env>`: sets the app's version in `<env>` to the one
 * the environment it is promoted from runs, in `tenants/<team>.yaml` (comments and layout kept), after
 * the promotion gate passes for the edited configuration. The change is then a reviewed pull request.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseDocument } from "yaml";
import { chartKey, chartOf } from "../core/base/chartPaths";
import { LAYOUT } from "../core/base/layout";
import { closest, formatLocation, formatProblem } from "../core/base/problems";
import { overlayTree, type SourceTree } from "../core/base/sourceTree";
import { readStackConfig } from "../core/config/stackFile";
import { knownEnvironments, loadConfiguration } from "../core/load/loadConfiguration";
import { governanceOf } from "../core/load/loadStack";
import { stackOfTeamIn } from "../core/load/stacks";
import { lockCommand, lockedDigest, readChartLock } from "../core/releases/lock";
import { Command, Option, parse, type SupplyChainContext } from "./supplyChainCli";

interface Options {
    readonly release: string;
    readonly to: string;
    readonly dryRun: boolean;
}

function command(context: SupplyChainContext): Command {
    return new Command("promote")
        .description(
            "Promotes a release's chart version into an environment from the one it is promoted from: edits tenants/<team>.yaml once the promotion gate passes.",
        )
        .requiredOption("--release <team>-<app>", "the release to promote")
        .addOption(
            new Option("--to <env>", "the environment it is promoted into").choices(knownEnvironments(context.tree)).makeOptionMandatory(),
        )
        .option("--dry-run", "say what would change; write nothing", false)
        .addHelpText(
            "after",
            "\nExit codes: 0 promoted (or already there); 1 the gate or the configuration refuses it; 2 bad arguments, an unknown release.",
        );
}

/** Runs `npm run promote` with `argv` and returns its exit code. */
export async function runPromoteCli(argv: readonly string[], context: SupplyChainContext): Promise<number> {
    const options = parse<Options>(command(context), argv, context);
    if (typeof options === "number") {
        return options;
    }
    const found = findRelease(context.tree, options.release);
    if (!("file" in found)) {
        context.stderr(`promote: no release "${options.release}"${found.unknown ? `; did you mean "${found.unknown}"?` : ""}\n`);
        return 2;
    }
    const { file, team, app } = found;
    const to = options.to;
    const target = loadConfiguration({ tree: context.tree, stack: to, config: readStackConfig(context.tree, to).config, lock: "ignore" });
    const from = target.environment.promotionFrom;
    const doc = parseDocument(context.tree.read(file) as string);
    const version = doc.getIn(["apps", app, "versions", from ?? ""]);
    if (from === undefined || typeof version !== "string") {
        context.stderr(
            from === undefined
                ? `✗ ${to} is not promoted from another environment (helm-platform:promotion.from)\n`
                : `✗ ${options.release} does not run in ${from}, which ${to} is promoted from\n`,
        );
        return 1;
    }
    if (doc.getIn(["apps", app, "versions", to]) === version) {
        context.stdout(`${options.release} already runs ${version} in ${to}.\n`);
        return 0;
    }
    doc.setIn(["apps", app, "versions", to], version);
    const text = doc.toString({ lineWidth: 0, flowCollectionPadding: false });
    const refusal = gate(overlayTree(context.tree, { [file]: text }), stackOfTeamIn(context.tree, to, team), options.release);
    if (refusal.length > 0) {
        context.stderr(`✗ ${options.release} ${version} cannot go to ${to}:\n${refusal.map((r) => `  - ${r}`).join("\n")}\n`);
        return 1;
    }
    if (!options.dryRun) {
        fs.writeFileSync(path.join(context.root, file), text);
    }
    context.stdout(`${options.dryRun ? "Would set" : "Set"} ${file} apps.${app}.versions.${to} to ${version} (from ${from}).\n`);
    const chart = chartOf(team, doc.getIn(["apps", app, "chart"]) as string);
    const subject = { ...chart, version };
    if (target.environment.charts.lock === "required" && !lockedDigest(readChartLock(context.tree, [])?.lock, to, subject)) {
        context.stdout(
            `${chartKey(chart)} ${version} has no digest for ${to} yet: npm run publish-charts -- --stack ${to}, then ${lockCommand(to)}.\n`,
        );
    }
    return 0;
}

/** The tenant file and app of a release name (`<team>-<app>`), or the nearest release name there is. */
function findRelease(tree: SourceTree, release: string): { file: string; team: string; app: string } | { unknown?: string } {
    const names: string[] = [];
    for (const name of tree.list(LAYOUT.tenantsDir).filter((n) => n.endsWith(".yaml"))) {
        const file = `${LAYOUT.tenantsDir}/${name}`;
        const data = parseDocument(tree.read(file) ?? "").toJS() as { team?: string; apps?: Record<string, unknown> } | null;
        for (const app of Object.keys(data?.apps ?? {})) {
            names.push(`${data?.team}-${app}`);
            if (`${data?.team}-${app}` === release) {
                return { file, team: data?.team as string, app };
            }
        }
    }
    return { unknown: closest(release, names) };
}

/** What refuses the edited configuration in `stack`: its problems, or the promotion gate's errors for the release. */
function gate(tree: SourceTree, stack: string, release: string): string[] {
    try {
        const model = loadConfiguration({ tree, stack, config: readStackConfig(tree, stack).config, lock: "ignore" });
        return governanceOf(model, tree)
            .filter((f) => f.rule === "promotion-gate" && f.level === "error" && f.where.split("/").pop() === release)
            .map((f) => `[${f.rule}] ${formatLocation(f.at)} ${f.where}: ${f.message} Fix: ${f.fix}`);
    } catch (error) {
        const problems = (error as { problems?: Parameters<typeof formatProblem>[0][] }).problems;
        if (problems) {
            return problems.map(formatProblem);
        }
        throw error;
    }
}
