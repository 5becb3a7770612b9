import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { SourceTree } from "../core/base/sourceTree";
import type { StackReport } from "../core/report/prReport";
import { isEmptySelection, type Selection, selectionProblem, targetCommands } from "../core/report/selection";
import { type PlanRun, type Program, planStack } from "./runPlan";
import { type Base, reportOf } from "./stackReport";

/** One stack's outcome, as `--json` prints it. */
export interface StackOutcome {
    readonly stack: string;
    /** Planned, with nothing protected deleted. */
    readonly ok: boolean;
    /** Planned with no configuration problem and no error finding. */
    readonly planned: boolean;
    readonly resources?: number;
    readonly releases?: number;
    readonly problems: readonly string[];
    readonly destructive: readonly string[];
    /** How many of the sample's placeholders remain in the stack's files (a real `pulumi up` refuses them). */
    readonly placeholders: number;
    /** With a selection: the URNs `pulumi up --target` deploys it with. */
    readonly targets?: readonly string[];
}

/** What planning some stacks gives: each stack's report and outcome, in the order asked; or a selection that names nothing. */
export type Planned = { readonly reports: StackReport[]; readonly outcomes: StackOutcome[] } | { readonly wrong: string };

/** What planning one stack needs besides its name. */
export interface StackJob {
    readonly root: string;
    readonly tree: SourceTree;
    readonly program: Program;
    readonly out: string;
    readonly against?: string;
    readonly chartCache?: string;
    readonly selection: Selection;
    readonly base?: (stack: string) => Promise<Base | undefined>;
    readonly human: (text: string) => void;
}

/** Plans stacks one after the other in this process (the Pulumi runtime holds one stack at a time). */
export async function planInProcess(
    stacks: readonly string[],
    job: StackJob,
    onDone: (stack: string, report: StackReport, outcome: StackOutcome) => void = () => {},
): Promise<Planned> {
    const reports: StackReport[] = [];
    const outcomes: StackOutcome[] = [];
    for (const stack of stacks) {
        // Nothing of an earlier plan survives: a stack that fails now leaves no plan.json behind.
        fs.rmSync(path.join(job.out, stack), { recursive: true, force: true });
        const run = await planStack(job.program, job.tree, stack);
        const wrong = run.plan ? selectionProblem(run.plan, job.selection) : undefined;
        if (wrong) {
            return { wrong };
        }
        const report = await reportOf(run, { ...job, root: job.root, tree: job.tree, out: job.out }, job.base, job.human);
        const outcome = outcomeOf(run, report, job.selection);
        reports.push(report);
        outcomes.push(outcome);
        onDone(stack, report, outcome);
    }
    return { reports, outcomes };
}

function outcomeOf(run: PlanRun, report: StackReport, selection: Selection): StackOutcome {
    const destructive = report.diff?.destructive ?? [];
    return {
        ...(run.plan && !isEmptySelection(selection) ? { targets: targetCommands(run.plan, selection).urns } : {}),
        stack: run.stack,
        ok: run.exitCode === 0 && destructive.every((d) => !d.protected),
        planned: run.exitCode === 0,
        resources: report.plan?.resources.length,
        releases: report.plan?.releases.length,
        problems: report.problems ?? [],
        placeholders: run.placeholders.length,
        destructive: destructive.map((d) => `${d.protected ? "BLOCKED " : ""}${d.action} ${d.resource}: ${d.consequence}`),
    };
}

/** A line a worker writes on its stdout: its human output, or one stack's result. */
type WorkerLine =
    | { readonly human: string }
    | { readonly stack: string; readonly report: StackReport; readonly outcome: StackOutcome }
    | { readonly wrong: string };

/** Runs in a worker process: plans its stacks and writes each result as one JSON line on stdout. */
export async function runAsWorker(stacks: readonly string[], job: Omit<StackJob, "human">, write: (line: string) => void): Promise<number> {
    const lines = (value: WorkerLine) => write(`${JSON.stringify(value)}\n`);
    // Each stack's result as soon as it is planned: what was said before it is that stack's.
    const planned = await planInProcess(stacks, { ...job, human: (text) => lines({ human: text }) }, (stack, report, outcome) =>
        lines({ stack, report, outcome }),
    );
    if ("wrong" in planned) {
        lines({ wrong: planned.wrong });
        return 2;
    }
    return 0;
}

/** How to start a worker: the CLI script, and the arguments every worker gets besides its stacks. */
export interface WorkerCommand {
    readonly command: string;
    readonly args: readonly string[];
    readonly cwd: string;
}

/**
 * Plans stacks in worker processes, at most `jobs` at a time (each process plans a queue of stacks one
 * after the other, since the Pulumi runtime holds one stack per process), and says each stack as it is
 * done. The results come back in the order asked.
 */
export async function planInWorkers(
    stacks: readonly string[],
    jobs: number,
    worker: WorkerCommand,
    human: (text: string) => void,
    progress: (text: string) => void,
): Promise<Planned> {
    const queues = Array.from({ length: Math.max(1, Math.min(jobs, stacks.length)) }, () => [] as string[]);
    stacks.forEach((stack, i) => {
        queues[i % queues.length]?.push(stack);
    });
    const results = new Map<string, { report: StackReport; outcome: StackOutcome }>();
    // What a worker says of a stack is held until the stack is done, and said in the order asked
    // (dev, uat, prod; a foundation before its shards), not in the order the workers finish.
    const said = new Map<string, string>();
    let wrong: string | undefined;
    let done = 0;
    await Promise.all(
        queues.map(
            (queue) =>
                new Promise<void>((resolve, reject) => {
                    const child = spawn(worker.command, [...worker.args, "--worker", "--stack", ...queue], {
                        cwd: worker.cwd,
                        stdio: ["ignore", "pipe", "inherit"],
                    });
                    let pending = "";
                    let saying = "";
                    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
                        pending += chunk;
                        const lines = pending.split("\n");
                        pending = lines.pop() ?? "";
                        for (const line of lines.filter(Boolean)) {
                            const value = JSON.parse(line) as WorkerLine;
                            if ("human" in value) {
                                saying += value.human;
                            } else if ("wrong" in value) {
                                wrong = value.wrong;
                            } else {
                                said.set(value.stack, saying);
                                saying = "";
                                results.set(value.stack, value);
                                done += 1;
                                progress(`planned ${value.stack} (${done}/${stacks.length})\n`);
                            }
                        }
                    });
                    child.on("error", reject);
                    child.on("close", (code) =>
                        code === 0 || code === 2 ? resolve() : reject(new Error(`the plan of ${queue.join(", ")} exited ${code}`)),
                    );
                }),
        ),
    );
    if (wrong) {
        return { wrong };
    }
    for (const stack of stacks) {
        human(said.get(stack) ?? "");
    }
    const ordered = stacks.map((s) => results.get(s) as { report: StackReport; outcome: StackOutcome });
    return { reports: ordered.map((r) => r.report), outcomes: ordered.map((r) => r.outcome) };
}

/** Worker processes by default: one per core, for more than one stack. */
export const defaultJobs = (): number => Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
