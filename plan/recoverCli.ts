import * as fs from "node:fs";
import * as path from "node:path";
import { Command, Option } from "commander";
import type { SourceTree } from "../core/base/sourceTree";
import { readStackConfig } from "../core/config/stackFile";
import { knownEnvironments, loadConfiguration } from "../core/load/loadConfiguration";
import { stacksOf } from "../core/load/stacks";
import type { CliContext } from "./cli";
import { parseOptions } from "./cliOptions";
import { planEnvironment } from "./environmentPlan";
import { installedHelm } from "./helm";
import { type ClusterAccess, type Runner, run, withClusterAccess } from "./liveClusters";
import {
    alignState,
    type Finding,
    type HelmReader,
    liveReader,
    type Outcome,
    type OwnedRelease,
    ownedReleases,
    recordedReaders,
    type Survey,
    survey,
} from "./recovery";

interface Options {
    readonly stack: string;
    readonly release?: string;
    readonly apply: boolean;
    readonly recorded?: string;
    readonly out: string;
    readonly json: boolean;
}

function command(context: CliContext): Command {
    return new Command("recover")
        .description(
            "Stuck releases: finds releases whose last revision is pending-install, pending-upgrade or pending-rollback and older than their " +
                "upgrade timeout, and (with --apply) rolls each back to its last good revision, or uninstalls one that was never deployed, " +
                "as its team's installer; then clears the release's pending operations in Pulumi's state and refreshes it.",
        )
        .addOption(
            new Option("-s, --stack <stack>", "the stack whose clusters to read")
                .choices(knownEnvironments(context.tree))
                .makeOptionMandatory(),
        )
        .option("--release <release>", "only this release (<team>-<app>, or a platform release)")
        .option("--apply", "act: run the Helm and Pulumi commands (without it: a dry run that prints them)", false)
        .option(
            "--recorded <dir>",
            "read recorded Helm outputs (<dir>/<cluster>/list.json, history/<namespace>/<release>.json); dry run only",
        )
        .addOption(new Option("-o, --out <dir>", "folder for <stack>/recover.md and .json").default(path.join(context.root, "out"), "out/"))
        .option("--json", "print the findings as JSON on stdout (the Markdown goes to stderr)", false)
        .addHelpText(
            "after",
            "\nThe dry run needs read access to Helm's release Secrets (the drift identity has it); --apply needs the deploying identity\n" +
                "(it impersonates the installers) and the stack's Pulumi backend. Exit codes: 0 every cluster read (and, with --apply,\n" +
                "every recovery done); 1 a cluster could not be read or a recovery failed; 2 bad arguments.",
        )
        .exitOverride()
        .configureOutput({ writeOut: context.stdout, writeErr: context.stderr });
}

/** Runs `npm run recover` with `argv` and returns its exit code; `exec` runs az, helm and pulumi (a test gives a stand-in). */
export async function runRecoverCli(
    argv: readonly string[],
    context: CliContext,
    exec: Runner = run,
    now: () => Date = () => new Date(),
): Promise<number> {
    const options = parseOptions<Options>(command(context), argv);
    if (typeof options === "number") {
        return options;
    }
    if (options.apply && options.recorded) {
        context.stderr("--apply acts on the clusters; a recording can only be read (drop --apply or --recorded)\n");
        return 2;
    }
    const known = options.release === undefined ? undefined : releaseNames(context.tree, options.stack);
    if (known !== undefined && !known.includes(options.release as string)) {
        context.stderr(`no release "${options.release}" in ${options.stack} (releases: ${known.join(", ")})\n`);
        return 2;
    }
    // Every stack of the environment: each owned release comes with the stack that deploys it.
    const planned = await planEnvironment(context.program, context.tree, options.stack);
    if ("error" in planned) {
        context.stderr(`${planned.error}\n`);
        return 1;
    }
    const owned = planned.plans.flatMap((plan) => ownedReleases(plan, options.release));
    const clusters = planned.environment.clusters.map((c) => c.name);
    const helm = installedHelm(context.root);
    const result: Outcome = options.recorded
        ? outcomeOf(survey(owned, recordedReaders(options.recorded, clusters), now()))
        : helm
          ? withClusterAccess(planned.environment, (access) => surveyLive(owned, access, helm, options, exec, now()), exec)
          : outcomeOf({ findings: [], unowned: [], errors: clusters.map((cluster) => ({ cluster, error: "no Helm on this machine" })) });
    const markdown = formatRecovery(options.stack, result, options);
    const dir = path.join(options.out, options.stack);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "recover.json"), `${JSON.stringify(result, null, 2)}\n`);
    fs.writeFileSync(path.join(dir, "recover.md"), markdown);
    (options.json ? context.stderr : context.stdout)(markdown);
    if (options.json) {
        context.stdout(`${JSON.stringify({ stack: options.stack, ...result }, null, 2)}\n`);
    }
    return result.ok ? 0 : 1;
}

const outcomeOf = (found: Survey, state: readonly string[] = [], acted = true): Outcome => ({
    ...found,
    state,
    ok: found.errors.length === 0 && acted,
});

/** The names of the releases of an environment's stacks, team and platform ones, when their configuration loads (before planning). */
function releaseNames(tree: SourceTree, environment: string): string[] | undefined {
    try {
        const models = stacksOf(tree, environment).map((s) =>
            loadConfiguration({ tree, stack: s.name, config: readStackConfig(tree, s.name).config }),
        );
        const names = models.flatMap((m) => [
            ...m.releases.map((r) => r.name),
            ...(m.monitoring?.releases ?? []).map((r) => r.releaseName),
        ]);
        return [...new Set(names)].sort();
    } catch {
        return undefined;
    }
}

/** Reads the live clusters and, with --apply, recovers what is stuck while their kubeconfigs exist. */
function surveyLive(
    owned: readonly OwnedRelease[],
    access: readonly ClusterAccess[],
    helm: string,
    options: Options,
    exec: Runner,
    now: Date,
): Outcome {
    const readers = access.map(
        (a): HelmReader =>
            "error" in a
                ? { cluster: a.cluster, list: () => ({ error: a.error }), history: () => ({ error: a.error }) }
                : liveReader(a.cluster, helm, a.args, exec),
    );
    const found = survey(owned, readers, now);
    if (!options.apply) {
        return outcomeOf(found);
    }
    let ok = true;
    const findings: Finding[] = found.findings.map((f) => {
        const cluster = access.find((a) => a.cluster === f.cluster);
        if (!f.helm || !cluster || "error" in cluster) {
            return f;
        }
        const done = exec(helm, [...f.helm, ...cluster.args]);
        ok &&= done.status === 0;
        return { ...f, outcome: done.status === 0 ? "done" : `failed: ${done.stderr.trim().split("\n")[0]}` };
    });
    const stacks = [...new Set(findings.filter((f) => f.outcome === "done").map((f) => f.stack))];
    const aligned = stacks.map((stack) => {
        const urns = findings.filter((f) => f.stack === stack && f.outcome === "done" && f.urn).map((f) => f.urn as string);
        return { stack, ...alignState(stack, urns, path.join(options.out, stack, "recover"), exec) };
    });
    const state = aligned.flatMap((a) => a.log.map((line) => `${a.stack}: ${line}`));
    return outcomeOf({ ...found, findings }, state, ok && aligned.every((a) => a.ok));
}

/** The findings as Markdown: what is stuck, what recovering it runs (or ran), and what is only reported. */
export function formatRecovery(stack: string, result: Outcome, options: Pick<Options, "apply">): string {
    const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
    const title = `# Stuck releases in ${stack}`;
    const lines = [title, ""];
    const acting = result.findings.filter((f) => f.helm);
    if (result.findings.length === 0) {
        lines.push("No release the plan owns is pending.", "");
    } else {
        lines.push(
            options.apply ? "Recovered:" : "A dry run: nothing was changed.",
            "",
            "| cluster | namespace | release | status | decision | helm |",
            "| --- | --- | --- | --- | --- | --- |",
            ...result.findings.map(
                (f) =>
                    `| ${f.cluster} | ${f.namespace} | ${f.release} | ${f.status} | ${cell(`${f.recovery.action}: ${f.recovery.reason}`)}${f.outcome ? ` (${cell(f.outcome)})` : ""} | ${f.helm ? `\`helm ${f.helm.join(" ")}\`` : ""} |`,
            ),
            "",
        );
    }
    if (acting.length > 0 && !options.apply) {
        const releases = [...new Set(acting.map((f) => f.release))];
        lines.push(
            "To recover them (as the deploying identity), and bring Pulumi's state in line:",
            "",
            ...releases.map((r) => `    npm run recover -- --stack ${stack} --release ${r} --apply`),
            "",
        );
    }
    for (const line of result.state) lines.push(`- Pulumi: ${cell(line)}`);
    for (const u of result.unowned)
        lines.push(`- ${u.cluster}/${u.namespace}/${u.release} is ${u.status} but not owned by the plan: reported only`);
    for (const e of result.errors) lines.push(`- ${e.cluster}: could not be read (${cell(e.error)})`);
    return `${lines.join("\n").trimEnd()}\n`;
}
