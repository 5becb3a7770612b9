/**
 * The single-stack table of `npm run bench` (the default run): synthetic platforms of several sizes
 * (benchPlatform.ts), each planned in fresh processes against two floors measured in the same way on
 * the same mocks with no platform logic: B, the bare SDKs registering the plan's own resources again
 * (sdkReplay.ts); A, as many generic two-input resources.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { diskTree } from "../core/base/sourceTree";
import { criticalPath } from "../core/report/criticalPath";
import type { PlanResource } from "../core/report/planTypes";
import { PlanRecorder } from "../plan/recorder";
import { CLOUD_ONLY_CALLS, planStack, waitForRegistrations } from "../plan/runPlan";
import { APPS, CLUSTERS, generatePlatform, REPEATS } from "./benchPlatform";
import { program } from "./runCli";
import { replay } from "./sdkReplay";

/** The script that runs the measuring processes: the benchmark itself, with `--child`. */
const BENCH = path.join(__dirname, "bench.ts");

/** Every measuring process first runs the same untimed warm-up on a platform this small. */
const WARM_UP_TEAMS = 10;

export interface Measure {
    readonly resources: number;
    readonly ms: number;
    readonly maxRssMb: number;
    readonly criticalPath?: number;
}

/** A synthetic single-stack platform of `teams` teams (see benchPlatform.ts); its folder. */
const generate = (teams: number): string => generatePlatform({ teams }).root;

/** A timed run, after an untimed warm-up on a small platform (module loading, JIT) and a full GC. */
async function timed<T>(warmUp: () => Promise<unknown>, run: () => Promise<T>): Promise<{ result: T; ms: number }> {
    await warmUp();
    global.gc?.();
    const start = process.hrtime.bigint();
    const result = await run();
    return { result, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

/** In a child: plans a generated platform and, when asked, writes its resources to `replayFile` for floor B. */
export async function measurePlatform(warmRoot: string, root: string, replayFile?: string): Promise<Measure> {
    const { result: run, ms } = await timed(
        () => planStack(program, diskTree(warmRoot), "bench"),
        () => planStack(program, diskTree(root), "bench"),
    );
    if (!run.plan) {
        throw new Error(run.error ?? "the synthetic platform did not plan");
    }
    if (replayFile) {
        fs.writeFileSync(replayFile, JSON.stringify(run.plan.resources));
    }
    return {
        resources: run.registered,
        ms,
        maxRssMb: process.resourceUsage().maxRSS / 1024,
        criticalPath: criticalPath(run.plan.resources).length,
    };
}

/** Floor A's resource: a custom resource with a couple of plain inputs and nothing else. */
class BenchResource extends pulumi.CustomResource {
    constructor(name: string, props: pulumi.Inputs) {
        super("bench:index:Resource", name, props);
    }
}

/**
 * Registers one floor on the recorder, with no platform logic. A count: floor A, as many generic
 * resources with two plain inputs each. Resources: floor B, the plan's own resources replayed with
 * their SDK classes, inputs and options (see sdkReplay.ts).
 */
async function registerFloor(what: number | readonly PlanResource[]): Promise<number> {
    const resources = typeof what === "number" ? undefined : what;
    const count = typeof what === "number" ? what : what.length;
    const recorder = new PlanRecorder(CLOUD_ONLY_CALLS);
    await pulumi.runtime.setMocks(recorder, "helm-platform", "bench", true);
    await pulumi.runtime.runInPulumiStack(async () => {
        recorder.install();
        if (resources) {
            replay(resources, "helm-platform");
        } else {
            for (let i = 0; i < count; i++) {
                new BenchResource(`r${i}`, { index: i, name: `r${i}` });
            }
        }
        return {};
    });
    await waitForRegistrations();
    return count;
}

/** In a child: one floor, warmed up on the small platform's; reading the replayed plan is not timed. */
export async function measureFloor(warmWhat: string, what: string): Promise<Measure> {
    const read = (arg: string) => (fs.existsSync(arg) ? (JSON.parse(fs.readFileSync(arg, "utf8")) as PlanResource[]) : Number(arg));
    const [warm, floor] = [read(warmWhat), read(what)];
    const { result: resources, ms } = await timed(
        () => registerFloor(warm),
        () => registerFloor(floor),
    );
    return { resources, ms, maxRssMb: process.resourceUsage().maxRSS / 1024 };
}

/** Runs a measurement in a fresh Node process, so memory and caches do not carry over. */
function child(kind: "platform" | "floor", ...args: string[]): Measure {
    const out = execFileSync(process.execPath, ["--expose-gc", "--import", "tsx", BENCH, "--child", kind, ...args], {
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
    });
    return JSON.parse(out.trim().split("\n").pop() as string) as Measure;
}

/** The middle value (the upper middle of an even count). */
export const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** One size of the single-stack table. */
export interface Row {
    readonly teams: number;
    readonly resources: number;
    readonly planMs: number;
    readonly floorBMs: number;
    /** plan/B of each run, lowest and highest. */
    readonly planOverB: readonly [number, number];
    readonly floorAMs: number;
    readonly planPeakRssMb: number;
    readonly floorBPeakRssMb: number;
    readonly criticalPath: number;
}

/** Plans one size, its floors interleaved with it {@link REPEATS} times, and takes the medians. */
function measureSize(warm: string, warmReplay: string, warmCount: string, teams: number): Row {
    const root = generate(teams);
    const replayFile = path.join(root, "resources.json");
    const plan: Measure[] = [];
    const floorB: Measure[] = [];
    const floorA: Measure[] = [];
    // Interleaved, so that whatever else the machine does weighs on the plan and its floors alike.
    for (let i = 0; i < REPEATS; i++) {
        process.stderr.write(`${teams} teams: run ${i + 1}/${REPEATS}\n`);
        // The plan is the same every time: the first run writes what floor B replays.
        plan.push(child("platform", warm, root, ...(i === 0 ? [replayFile] : [])));
        floorB.push(child("floor", warmReplay, replayFile));
        floorA.push(child("floor", warmCount, String((plan[0] as Measure).resources)));
    }
    fs.rmSync(root, { recursive: true, force: true });
    return rowOf(teams, plan, floorB, floorA);
}

/** One size's row from its runs, the i-th of each measured together: medians, plan/B per run, peaks. */
export function rowOf(teams: number, plan: readonly Measure[], floorB: readonly Measure[], floorA: readonly Measure[]): Row {
    const pairs = plan.map((p, i) => p.ms / (floorB[i] as Measure).ms);
    const rss = (runs: readonly Measure[]) => Math.round(Math.max(...runs.map((r) => r.maxRssMb)));
    return {
        teams,
        resources: (plan[0] as Measure).resources,
        planMs: Math.round(median(plan.map((r) => r.ms))),
        floorBMs: Math.round(median(floorB.map((r) => r.ms))),
        planOverB: [Math.min(...pairs), Math.max(...pairs)],
        floorAMs: Math.round(median(floorA.map((r) => r.ms))),
        planPeakRssMb: rss(plan),
        floorBPeakRssMb: rss(floorB),
        criticalPath: (plan[0] as Measure).criticalPath ?? 0,
    };
}

/** The single-stack table: each size planned in fresh processes against its floors. */
export function single(sizes: readonly number[], json: boolean): void {
    const warm = generate(WARM_UP_TEAMS);
    const warmReplay = path.join(warm, "resources.json");
    const warmCount = String(child("platform", warm, warm, warmReplay).resources);
    const rows = sizes.map((teams) => measureSize(warm, warmReplay, warmCount, teams));
    fs.rmSync(warm, { recursive: true, force: true });
    if (json) {
        const machine = { cores: os.cpus().length, node: process.version };
        console.log(JSON.stringify({ layout: "single", apps: APPS, clusters: CLUSTERS.length, repeats: REPEATS, machine, rows }, null, 2));
        return;
    }
    console.log(
        `helm-platform plan benchmark: ${APPS} apps per team, 2 clusters, median of ${REPEATS} runs per size, ${os.cpus().length} cores, Node ${process.version}`,
    );
    console.log(
        "floor B: the bare SDKs registering the plan's own resources (same classes, inputs and options) with no platform logic; floor A: as many generic resources with two plain inputs\n",
    );
    console.log(
        "teams | resources | plan ms | floor B ms | plan/B | plan/B, each run | floor A ms | plan/A | plan peak RSS MB | floor B peak RSS MB | critical path",
    );
    console.log("---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---:");
    for (const r of rows) {
        const cells = [
            r.teams,
            r.resources,
            r.planMs,
            r.floorBMs,
            (r.planMs / r.floorBMs).toFixed(2),
            `${r.planOverB[0].toFixed(2)}–${r.planOverB[1].toFixed(2)}`,
            r.floorAMs,
            (r.planMs / r.floorAMs).toFixed(2),
            r.planPeakRssMb,
            r.floorBPeakRssMb,
            r.criticalPath,
        ];
        console.log(cells.join(" | "));
    }
    console.log("");
    for (let i = 1; i < rows.length; i++) {
        const a = rows[i - 1] as Row;
        const b = rows[i] as Row;
        console.log(
            `${a.teams} → ${b.teams} teams: time x${(b.planMs / a.planMs).toFixed(2)} for x${(b.teams / a.teams).toFixed(1)} teams; critical path ${a.criticalPath} → ${b.criticalPath}`,
        );
    }
}
