import * as fs from "node:fs";
import * as path from "node:path";
import { Command, Option } from "commander";
import { ConfigError, formatProblem } from "../core/base/problems";
import { overlayTree, type SourceTree } from "../core/base/sourceTree";
import { readStackConfig } from "../core/config/stackFile";
import { waiverHint } from "../core/governance/waivers";
import { knownEnvironments, loadConfiguration } from "../core/load/loadConfiguration";
import { stacksOf } from "../core/load/stacks";
import { prReport } from "../core/report/prReport";
import { diffLines } from "../core/report/rollback";
import { targetCommands } from "../core/report/selection";
import type { CliContext } from "./cli";
import { parseOptions } from "./cliOptions";
import { gitTree } from "./gitTree";
import { type Runner, run } from "./liveClusters";
import { commitOf, previousCommit, type RollbackSubject, rollbackEdits, sharedNotices, uncommitted } from "./rollback";
import { openRollbackPullRequest } from "./rollbackPr";
import { type PlanRun, planStack } from "./runPlan";
import { type Base, baseOf, reportOf } from "./stackReport";

interface Options {
    readonly stack: string;
    readonly release: string;
    readonly to?: string;
    readonly previous: boolean;
    readonly against: string;
    readonly pr: boolean;
    readonly out: string;
    readonly json: boolean;
    readonly chartCache?: string;
}

function command(context: CliContext): Command {
    return new Command("rollback")
        .description(
            "Rollback as a change: restores one release's own inputs in one environment (its chart version in the tenant file, the " +
                "values files of its app folder for the environment and its clusters, its chart lock entry) to their content at a git " +
                "ref, writes them into the working tree, and prints the plan diff against main and the pulumi up that deploys only it.",
        )
        .addOption(
            new Option("-s, --stack <stack>", "the stack (environment)").choices(knownEnvironments(context.tree)).makeOptionMandatory(),
        )
        .requiredOption("--release <release>", "the release, <team>-<app>")
        .option("--to <ref>", "the git ref (commit, tag, branch) whose inputs to restore")
        .option("--previous", "the commit before the last commit that changed the release's inputs", false)
        .option("--against <base>", "what the diff compares with: a git ref, a plan.json or a folder of <stack>/plan.json", "main")
        .option("--pr", "commit the edits on a new branch, push it and open the pull request with gh", false)
        .addOption(new Option("-o, --out <dir>", "folder for <stack>/ and report.md").default(path.join(context.root, "out"), "out/"))
        .addOption(new Option("--chart-cache <dir>", "packaged charts to render besides charts/").env("HELM_PLATFORM_CHART_CACHE"))
        .option("--json", "print the outcome as JSON on stdout (the rest goes to stderr)", false)
        .addHelpText(
            "after",
            "\nGovernance applies as to any change: a version the environment it is promoted from has not run is refused, naming the\n" +
                "waiver that lets it through. Exit codes: 0 rolled back (or nothing to do); 1 refused; 2 bad arguments.",
        )
        .exitOverride()
        .configureOutput({ writeOut: context.stdout, writeErr: context.stderr });
}

/** Runs `npm run rollback` with `argv` and returns its exit code; `exec` runs gh for --pr (a test gives a stand-in). */
export async function runRollbackCli(argv: readonly string[], context: CliContext, exec: Runner = run): Promise<number> {
    const options = parseOptions<Options>(command(context), argv);
    if (typeof options === "number") {
        return options;
    }
    const prepared = prepare(context, options);
    if ("code" in prepared) {
        context.stderr(`${prepared.message}\n`);
        return prepared.code;
    }
    const base = baseOf(context, options.against, [options.stack], options.chartCache);
    if ("error" in base) {
        context.stderr(`--against: ${base.error}\n`);
        return 2;
    }
    const human = options.json ? context.stderr : context.stdout;
    const short = prepared.commit.slice(0, 12);
    const files = Object.keys(prepared.edits);
    if (files.length === 0) {
        human(`${prepared.subject.release} in ${prepared.subject.environment} already has the inputs of ${short}: nothing to roll back\n`);
        return 0;
    }
    const tree = overlayTree(context.tree, prepared.edits);
    // The stack that deploys the release: the environment's own, or its team's shard.
    const planned = await planStack(context.program, tree, prepared.subject.stack);
    const refused = refusal(planned, prepared.subject, options.stack);
    if (refused || !planned.plan) {
        context.stderr(`refused: rolling ${prepared.subject.release} back to ${short} in ${options.stack}\n${refused}\n`);
        return 1;
    }
    writeEdits(context.root, prepared.edits);
    human(`Rolled ${prepared.subject.release} back to ${short} in ${prepared.subject.environment}: ${files.join(", ")}\n`);
    const body = await report(context, options, prepared, { planned, base }, tree, human);
    const commands = targetCommands(planned.plan, { release: prepared.subject.release });
    const change = { subject: prepared.subject, stack: commands.stack, commit: prepared.commit, files, body };
    const pr = options.pr ? openRollbackPullRequest(context.root, change, exec) : undefined;
    if (pr && "error" in pr) {
        context.stderr(`the edits are in the working tree, but the pull request was not opened: ${pr.error}\n`);
        return 1;
    }
    if (pr) {
        human(`Opened ${pr.url}\n`);
    }
    if (options.json) {
        const outcome = {
            stack: commands.stack,
            release: prepared.subject.release,
            commit: prepared.commit,
            files,
            targets: commands.urns,
        };
        context.stdout(`${JSON.stringify({ ...outcome, up: commands.up, ...(pr ? { pullRequest: pr.url } : {}) }, null, 2)}\n`);
    }
    return 0;
}

interface Prepared {
    /** The release, and the stack that deploys it. */
    readonly subject: RollbackSubject & { readonly stack: string };
    readonly commit: string;
    readonly ref: SourceTree;
    readonly edits: Record<string, string | null>;
}

/** The release, the commit to go back to and the edits that do it; or why not (with the exit code). */
function prepare(context: CliContext, options: Options): Prepared | { code: 1 | 2; message: string } {
    if ((options.to === undefined) === !options.previous) {
        return { code: 2, message: "name what to roll back to: exactly one of --to <ref> or --previous" };
    }
    const subject = subjectOf(context.tree, options);
    if ("error" in subject) {
        return { code: subject.code, message: subject.error };
    }
    const dirty = uncommitted(context.root, subject);
    if (dirty.length > 0) {
        return {
            code: 1,
            message: `uncommitted changes in ${dirty.join(", ")}: commit or stash them first, the rollback edits these files`,
        };
    }
    const target = options.to !== undefined ? commitOf(context.root, options.to) : previousCommit(context.root, subject);
    if ("error" in target) {
        return { code: options.to !== undefined ? 2 : 1, message: target.error };
    }
    const ref = gitTree(context.root, target.commit);
    const computed = rollbackEdits(context.tree, ref, subject);
    return "error" in computed ? { code: 1, message: computed.error } : { subject, commit: target.commit, ref, edits: computed.edits };
}

/** Prints what the rollback leaves as it is, the plan of the release and its diff against the base; returns the pull request's text. */
async function report(
    context: CliContext,
    options: Options,
    prepared: Prepared,
    { planned, base }: { planned: PlanRun; base: (stack: string) => Promise<Base | undefined> },
    tree: SourceTree,
    human: (text: string) => void,
): Promise<string> {
    const { subject, commit } = prepared;
    const releases = planned.plan?.releases.filter((r) => r.name === subject.release) ?? [];
    const notices = sharedNotices(context.root, context.tree, prepared.ref, { commit, stack: options.stack, subject, releases });
    for (const notice of notices) {
        human(`Note: ${notice}\n`);
    }
    const reportOptions = { ...options, root: context.root, tree, selection: { release: subject.release } };
    const stack = await reportOf(planned, reportOptions, base, human);
    if (stack.diff) {
        human(`\nChanges against ${options.against}:\n${diffLines(stack.diff).join("\n")}\n`);
    }
    const intro = `Rolls ${subject.release} back to ${commit} in ${subject.environment} (\`npm run rollback\`).`;
    const body = [intro, "", ...notices.map((n) => `> ${n}\n`), prReport([stack])].join("\n");
    fs.writeFileSync(path.join(options.out, "report.md"), body);
    return body;
}

/**
 * Who the release is, from the working tree's configuration: its team, app and chart in the stack's
 * environment, found in whichever of the environment's stacks deploys it (its team's shard, when sharded).
 */
function subjectOf(tree: SourceTree, options: Options): (RollbackSubject & { stack: string }) | { error: string; code: 1 | 2 } {
    try {
        const models = stacksOf(tree, options.stack)
            .filter((s) => s.kind !== "foundation")
            .map((s) => loadConfiguration({ tree, stack: s.name, config: readStackConfig(tree, s.name).config }));
        const model = models.find((m) => m.releases.some((r) => r.name === options.release));
        const release = model?.releases.find((r) => r.name === options.release);
        if (!model || !release) {
            const names = [...new Set(models.flatMap((m) => m.releases.map((r) => r.name)))].sort();
            return { code: 2, error: `no release "${options.release}" in ${options.stack} (releases: ${names.join(", ")})` };
        }
        const subject = {
            release: release.name,
            team: release.team,
            app: release.app,
            environment: release.environment,
            chart: release.chartName,
        };
        return { ...subject, stack: model.stack.name };
    } catch (error) {
        if (error instanceof ConfigError) {
            return { code: 1, error: `the working tree's configuration does not load:\n${error.problems.map(formatProblem).join("\n")}` };
        }
        throw error;
    }
}

/** Why the rolled-back configuration may not be deployed: the release breaks an enforced rule, or it does not load. */
function refusal(planned: PlanRun, subject: RollbackSubject, stack: string): string | undefined {
    const errors = planned.findings.filter((f) => f.level === "error" && f.where.endsWith(`/${subject.release}`));
    if (errors.length > 0) {
        const at = { team: subject.team, app: subject.app, stack };
        return errors.map((f) => `  ${f.rule} ${f.where}: ${f.message}\n    to let it through, ${waiverHint(f.rule, at)}`).join("\n");
    }
    if (!planned.plan) {
        const problems = planned.problems.map(formatProblem);
        return `the restored configuration does not plan:\n${(problems.length > 0 ? problems : [planned.error ?? "the program stopped"]).join("\n")}`;
    }
    return undefined;
}

function writeEdits(root: string, edits: Readonly<Record<string, string | null>>): void {
    for (const [file, content] of Object.entries(edits)) {
        const target = path.join(root, ...file.split("/"));
        if (content === null) {
            fs.rmSync(target, { force: true });
        } else {
            fs.mkdirSync(path.dirname(target), { recursive: true });
            fs.writeFileSync(target, content);
        }
    }
}
