/**
 * The sharded benchmark (`npm run bench -- --layout sharded`): a generated environment of many teams,
 * laid out as a foundation and shards, planned as `npm run plan -- --stack <env>` plans it (each stack in
 * worker processes, at most one per core, each worker planning its share of the stacks one after the
 * other), then one shard re-planned alone after a one-team change. Prints one JSON document.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { diskTree } from "../core/base/sourceTree";
import { stacksOf } from "../core/load/stacks";
import { resourceKey } from "../core/report/planTypes";
import { defaultJobs } from "../plan/planStacks";
import { planStack } from "../plan/runPlan";
import { APPS, BENCH_ENVIRONMENT, CLUSTERS, type GeneratedPlatform, type GeneratedStack, generatePlatform } from "./benchPlatform";
import { program } from "./runCli";

/** One stack's figures, as a worker measured them. */
export interface StackFigures {
    readonly name: string;
    readonly kind: GeneratedStack["kind"];
    readonly teams: number;
    /** Resources registered besides the stack itself. */
    readonly resources: number;
    /** The program's plan of the stack, from loading its configuration to the last registration. */
    readonly planMs: number;
    /**
     * CPU time the worker spent on that plan (user and system, every thread of the process): what the
     * plan costs whatever else the machine runs, where `planMs` waits for the cores it shares.
     */
    readonly cpuMs: number;
    /** The highest resident set size of the worker sampled while it planned this stack. */
    readonly peakRssMb: number;
    /** Byte length of the JSON of the stack's recorded resources. */
    readonly stateBytes: number;
}

/** What a worker writes for one stack: its figures, and its resources' keys and JSON sizes in registration order. */
export interface WorkerLine extends StackFigures {
    readonly keys: readonly string[];
    readonly sizes: readonly number[];
}

/** The JSON document `--layout sharded --json` prints. */
export interface ShardedReport {
    readonly layout: "sharded";
    readonly platform: { readonly teams: number; readonly apps: number; readonly clusters: number; readonly shards: number };
    /** The machine, and its load average over the last minute when the benchmark started and ended (the cores are shared). */
    readonly machine: { readonly cores: number; readonly node: string; readonly loadAverage: readonly [number, number] };
    readonly teamsPerShard: number;
    readonly stacks: readonly StackFigures[];
    /** The whole environment's plan: first worker started to last worker done, stacks planned in parallel. */
    readonly wallMs: number;
    /** Processes that planned the environment at once (one per core, as the plan CLI's workers). */
    readonly workers: number;
    /** The highest peak resident set size of any worker process (`maxRSS`). */
    readonly maxWorkerRssMb: number;
    readonly largestStack: { readonly name: string; readonly resources: number };
    /** One team changed, its shard planned again alone in a fresh process. */
    readonly replan: {
        readonly stack: string;
        readonly team: string;
        readonly planMs: number;
        readonly cpuMs: number;
        /** From starting the process to its exit: what a developer waits for. */
        readonly processMs: number;
        readonly peakRssMb: number;
    };
    /**
     * Bytes one full `up` writes on a self-managed backend, which writes the whole state again after each
     * resource: per stack Σᵢ (size of the first i resources' JSON). `single` for the union of every
     * stack's resources in one stack (foundation first, then the shards, each resource once).
     */
    readonly checkpointBytes: { readonly single: number; readonly sharded: number };
}

/**
 * The bytes a self-managed backend writes for one full `up` of a stack whose resources' JSON sizes are
 * `sizes`, in registration order: after each resource the whole state so far, `[r1,...,ri]`, whose
 * JSON is 2 brackets, i - 1 commas and the resources.
 */
export function checkpointBytes(sizes: readonly number[]): number {
    let prefix = 0;
    let total = 0;
    sizes.forEach((size, i) => {
        prefix += size;
        total += 2 + i + prefix;
    });
    return total;
}

/** The resources of several stacks as one stack would hold them: in order, each key once. */
export function unionSizes(stacks: readonly Pick<WorkerLine, "keys" | "sizes">[]): number[] {
    const seen = new Set<string>();
    const sizes: number[] = [];
    for (const s of stacks) {
        s.keys.forEach((key, i) => {
            if (!seen.has(key)) {
                seen.add(key);
                sizes.push(s.sizes[i] as number);
            }
        });
    }
    return sizes;
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/**
 * In a worker: plans `stacks` of the platform at `root` one after the other (as a plan worker does) and
 * writes one {@link WorkerLine} per stack on stdout; the last line is the process's own peak RSS.
 */
export async function runWorker(root: string, names: readonly string[], write: (line: string) => void): Promise<void> {
    const tree = diskTree(root);
    const stacks = stacksOf(tree, BENCH_ENVIRONMENT).filter((s) => names.includes(s.name));
    for (const stack of stacks) {
        let peak = process.memoryUsage.rss();
        const sampler = setInterval(() => {
            peak = Math.max(peak, process.memoryUsage.rss());
        }, 20);
        const start = process.hrtime.bigint();
        const cpu = process.cpuUsage();
        const run = await planStack(program, tree, stack.name);
        const planMs = Number(process.hrtime.bigint() - start) / 1e6;
        const used = process.cpuUsage(cpu);
        clearInterval(sampler);
        peak = Math.max(peak, process.memoryUsage.rss());
        if (!run.plan) {
            throw new Error(`${stack.name} did not plan: ${run.error ?? "no plan"}`);
        }
        const resources = run.plan.resources;
        const sizes = resources.map((r) => Buffer.byteLength(JSON.stringify(r)));
        const line: WorkerLine = {
            name: stack.name,
            kind: stack.kind,
            teams: stack.teams?.length ?? 0,
            resources: resources.length,
            planMs: Math.round(planMs),
            cpuMs: Math.round((used.user + used.system) / 1000),
            peakRssMb: mb(peak),
            stateBytes: Buffer.byteLength(JSON.stringify(resources)),
            keys: resources.map((r) => resourceKey(r.type, r.name)),
            sizes,
        };
        write(`${JSON.stringify(line)}\n`);
    }
    write(`${JSON.stringify({ maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
}

/** How the benchmark starts itself as a worker: the command, and the arguments before `--child stacks <root> <stack>...`. */
export interface WorkerLauncher {
    readonly command: string;
    readonly args: readonly string[];
}

/** Runs one worker on `stacks`, calling `onStack` as each is planned; resolves with the worker's lines and its peak RSS. */
function worker(
    launcher: WorkerLauncher,
    root: string,
    stacks: readonly GeneratedStack[],
    onStack: (line: WorkerLine) => void,
): Promise<{ lines: WorkerLine[]; maxRssMb: number; ms: number }> {
    const start = process.hrtime.bigint();
    return new Promise((resolve, reject) => {
        const child = spawn(launcher.command, [...launcher.args, "--child", "stacks", root, ...stacks.map((s) => s.name)], {
            stdio: ["ignore", "pipe", "inherit"],
        });
        const lines: WorkerLine[] = [];
        let maxRssMb = 0;
        let pending = "";
        child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
            pending += chunk;
            const parts = pending.split("\n");
            pending = parts.pop() ?? "";
            for (const part of parts.filter(Boolean)) {
                const value = JSON.parse(part) as WorkerLine | { maxRssMb: number };
                if ("maxRssMb" in value) {
                    maxRssMb = value.maxRssMb;
                } else {
                    lines.push(value);
                    onStack(value);
                }
            }
        });
        child.on("error", reject);
        child.on("close", (code) =>
            code === 0
                ? resolve({ lines, maxRssMb, ms: Number(process.hrtime.bigint() - start) / 1e6 })
                : reject(new Error(`the benchmark's worker for ${stacks.map((s) => s.name).join(", ")} exited ${code}`)),
        );
    });
}

/** The stacks dealt round-robin into `jobs` queues, as the plan CLI deals them to its workers. */
export function queues<T>(stacks: readonly T[], jobs: number): T[][] {
    const out = Array.from({ length: Math.max(1, Math.min(jobs, stacks.length)) }, () => [] as T[]);
    stacks.forEach((s, i) => {
        out[i % out.length]?.push(s);
    });
    return out;
}

/** Changes one value of one team: the change a team's pull request makes, which re-plans its shard only. */
function changeOneTeam(platform: GeneratedPlatform, stack: GeneratedStack): string {
    const team = stack.teams[0] as string;
    const file = path.join(platform.root, "tenants", team, "app0", "values.yaml");
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("replicaCount: 2", "replicaCount: 3"));
    return team;
}

/** Measures a sharded platform of `teams` teams and returns the report; progress goes to `progress`. */
export async function measureSharded(
    options: { readonly teams: number; readonly teamsPerShard: number; readonly jobs?: number },
    launcher: WorkerLauncher,
    progress: (text: string) => void,
): Promise<ShardedReport> {
    progress(`generating ${options.teams} teams in shards of ${options.teamsPerShard}...\n`);
    const platform = generatePlatform({ teams: options.teams, layout: "sharded", teamsPerShard: options.teamsPerShard });
    try {
        const load = os.loadavg()[0] as number;
        const jobs = options.jobs ?? defaultJobs();
        const total = platform.stacks.length;
        progress(`planning ${total} stacks in ${Math.min(jobs, total)} worker processes...\n`);
        let done = 0;
        const start = process.hrtime.bigint();
        const results = await Promise.all(
            queues(platform.stacks, jobs).map((queue) =>
                worker(launcher, platform.root, queue, (line) => {
                    done += 1;
                    progress(
                        `planned ${line.name} (${done}/${total}): ${line.resources} resources in ${line.planMs} ms (${line.cpuMs} ms CPU), ${line.peakRssMb} MB\n`,
                    );
                }),
            ),
        );
        const wallMs = Math.round(Number(process.hrtime.bigint() - start) / 1e6);
        const byName = new Map(results.flatMap((r) => r.lines).map((l) => [l.name, l]));
        const lines = platform.stacks.map((s) => byName.get(s.name) as WorkerLine);
        const largestOf = (ls: readonly WorkerLine[]) => ls.reduce((a, b) => (b.resources > a.resources ? b : a));
        const largest = largestOf(lines);
        // The team changed is in the largest shard: the slowest re-plan a team's change can cause.
        const largestShard = largestOf(lines.filter((l) => l.kind === "shard"));
        const shard = platform.stacks.find((s) => s.name === largestShard.name) as GeneratedStack;
        const team = changeOneTeam(platform, shard);
        progress(`re-planning ${shard.name} alone after a change of team ${team}...\n`);
        const again = await worker(launcher, platform.root, [shard], () => {});
        const replanned = again.lines[0] as WorkerLine;
        return {
            layout: "sharded",
            platform: { teams: options.teams, apps: options.teams * APPS, clusters: CLUSTERS.length, shards: total - 1 },
            machine: { cores: defaultJobs(), node: process.version, loadAverage: [load, os.loadavg()[0] as number] },
            teamsPerShard: options.teamsPerShard,
            stacks: lines.map(({ keys: _, sizes: __, ...figures }) => figures),
            wallMs,
            workers: results.length,
            maxWorkerRssMb: Math.max(again.maxRssMb, ...results.map((r) => r.maxRssMb)),
            largestStack: { name: largest.name, resources: largest.resources },
            replan: {
                stack: shard.name,
                team,
                planMs: replanned.planMs,
                cpuMs: replanned.cpuMs,
                processMs: Math.round(again.ms),
                peakRssMb: again.maxRssMb,
            },
            checkpointBytes: {
                single: checkpointBytes(unionSizes(lines)),
                sharded: lines.reduce((sum, l) => sum + checkpointBytes(l.sizes), 0),
            },
        };
    } finally {
        fs.rmSync(platform.root, { recursive: true, force: true });
    }
}
