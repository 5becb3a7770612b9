import * as fs from "node:fs";
import * as path from "node:path";
import { formatProblem } from "../core/base/problems";
import type { SourceTree } from "../core/base/sourceTree";
import type { AccessReport } from "../core/report/access";
import { countReleaseChanges, countResourceChanges, diffPlans, type PlanDiff } from "../core/report/diff";
import type { Plan } from "../core/report/planTypes";
import type { StackReport } from "../core/report/prReport";
import { isEmptySelection, narrowPlan, type Selection, targetCommands } from "../core/report/selection";
import { formatSummary } from "../core/report/summary";
import { gitTree } from "./gitTree";
import { type ManifestOf, manifestChanges, manifestStatus, manifestsFrom, manifestsIn, renderManifests } from "./manifests";
import { readPlanFile } from "./planFile";
import { type PlanRun, type Program, planStack, writePlan } from "./runPlan";

/** What one stack's report needs besides its run. */
export interface ReportOptions {
    readonly root: string;
    readonly tree: SourceTree;
    readonly out: string;
    readonly against?: string;
    readonly chartCache?: string;
    readonly selection: Selection;
}

/** The plan a stack is compared with, and its rendered manifests. */
export interface Base {
    readonly plan: Plan;
    readonly manifest: ManifestOf;
}

/** Writes one stack's files and says what happened; a stack that did not plan becomes a failed entry. */
export async function reportOf(
    run: PlanRun,
    options: ReportOptions,
    base: ((stack: string) => Promise<Base | undefined>) | undefined,
    human: (text: string) => void,
): Promise<StackReport> {
    if (!run.plan) {
        const problems = run.problems.length > 0 ? run.problems.map(formatProblem) : [run.error ?? "the program stopped without a plan"];
        // Said by the command line once all stacks are planned: stacks that stop alike are said once.
        return { stack: run.stack, problems, stopped: run.error ?? problems.join("\n") };
    }
    const rendered = renderManifests(run.plan, {
        root: options.root,
        tree: options.tree,
        chartCache: options.chartCache,
        environment: run.environment,
    });
    // plan.json stays whole: it is what later plans are compared with.
    const whole: Plan = { ...run.plan, manifests: manifestStatus(rendered) };
    const plan = narrowPlan(whole, options.selection);
    const summary = formatSummary(plan, narrowAccess(run.access, plan));
    human(`\n${summary}\n`);
    const files = writePlan(options.out, whole, run.access, summary, rendered);
    if (!isEmptySelection(options.selection)) {
        const { preview, up } = targetCommands(run.plan, options.selection);
        human(`\nTo deploy only this:\n  ${preview}\n  ${up}\n`);
    }
    const before = base ? await base(run.stack) : undefined;
    const diff = before ? compare(before, plan, manifestsFrom(rendered), options, human) : undefined;
    human(
        `\nWrote ${files.length + (diff ? 1 : 0)} files under ${path.relative(process.cwd(), path.join(options.out, run.stack)) || "."}\n`,
    );
    return { stack: run.stack, plan, diff };
}

/** The diff with the base, narrowed like the plan, manifests included; written to diff.json and told. */
function compare(before: Base, plan: Plan, manifest: ManifestOf, options: ReportOptions, human: (text: string) => void): PlanDiff {
    const diff: PlanDiff = {
        ...diffPlans(narrowPlan(before.plan, options.selection), plan),
        manifests: manifestChanges(before.manifest, plan, manifest),
    };
    fs.writeFileSync(path.join(options.out, plan.stack, "diff.json"), `${JSON.stringify(diff, null, 2)}\n`);
    const objects = (diff.manifests ?? []).reduce((n, m) => n + m.objects.length, 0);
    human(
        `\nAgainst ${options.against}: resources ${countResourceChanges(diff.resources)}; releases ${countReleaseChanges(diff.releases)}; manifests ${objects} objects changed\n`,
    );
    for (const d of diff.destructive) {
        human(
            `${d.protected ? "BLOCKED (protected) " : ""}${d.action === "replace" ? "REPLACE" : "DELETE"} ${d.resource}: ${d.consequence}\n`,
        );
    }
    return diff;
}

/** The grants and installers of the namespaces a narrowed plan still holds. */
function narrowAccess(access: AccessReport, plan: Plan): AccessReport {
    const kept = new Set(
        plan.resources.flatMap((r) => {
            const metadata = r.inputs["metadata"] as { namespace?: string } | undefined;
            return metadata?.namespace ? [metadata.namespace] : [];
        }),
    );
    return {
        ...access,
        grants: access.grants.filter((g) => kept.has(g.namespace)),
        installers: access.installers.filter((i) => kept.has(i.namespace)),
        couldGrant: { ...access.couldGrant, admitted: access.couldGrant.admitted.filter((p) => kept.has(p.namespace)) },
    };
}

/** How to get the base of a stack, or why the base given cannot be read. */
export type BaseOf = ((stack: string) => Promise<Base | undefined>) | { readonly error: string };

/**
 * How to get the base of a stack: a plan.json (with the `manifests/` beside it), a folder of
 * `<stack>/plan.json`, or a git ref's configuration planned and rendered by this code. A plan.json is
 * read through its schema (an unversioned one migrated) before anything is planned; one this code
 * cannot read (a newer major version, or no plan at all) is the error.
 */
export function baseOf(
    context: { root: string; program: Program },
    against: string,
    stacks: readonly string[],
    chartCache: string | undefined,
): BaseOf {
    if (fs.existsSync(against) && fs.statSync(against).isFile()) {
        const read = readPlanFile(against);
        if ("error" in read) {
            return read;
        }
        const { plan } = read;
        const manifest = manifestsIn(path.join(path.dirname(against), "manifests"));
        return async (stack) => (stack === plan.stack || stacks.length === 1 ? { plan, manifest } : undefined);
    }
    if (fs.existsSync(against) && fs.statSync(against).isDirectory()) {
        const bases = new Map<string, Base>();
        for (const stack of stacks.filter((s) => fs.existsSync(path.join(against, s, "plan.json")))) {
            const read = readPlanFile(path.join(against, stack, "plan.json"));
            if ("error" in read) {
                return read;
            }
            bases.set(stack, { plan: read.plan, manifest: manifestsIn(path.join(against, stack, "manifests")) });
        }
        return async (stack) => bases.get(stack);
    }
    const tree = gitTree(context.root, against);
    return async (stack) => {
        const run = await planStack(context.program, tree, stack);
        if (!run.plan) {
            return undefined;
        }
        const rendered = renderManifests(run.plan, { root: context.root, tree, chartCache, environment: run.environment });
        return { plan: run.plan, manifest: manifestsFrom(rendered) };
    };
}
