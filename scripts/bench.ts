/**
 * Scale benchmark: `npm run bench`. Plans synthetic platforms of 50, 100 and 200 teams (5 apps each,
 * 2 clusters) generated outside the repository, each in its own process, and compares every run with
 * floors measured in the same way on the same mocks with no platform logic: B, the bare SDKs
 * registering the plan's own resources again (sdkReplay.ts); A, as many generic two-input resources.
 * Prints figures; asserts nothing.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { Command, Option } from "commander";
import { stringify } from "yaml";
import { diskTree } from "../core/base/sourceTree";
import { criticalPath } from "../core/report/criticalPath";
import type { PlanResource } from "../core/report/planTypes";
import { PlanRecorder } from "../plan/recorder";
import { CLOUD_ONLY_CALLS, planStack, tuneForPlanning, waitForRegistrations } from "../plan/runPlan";
import { parseArguments, positiveInteger } from "./args";
import { program } from "./runCli";
import { replay } from "./sdkReplay";

const SIZES = [50, 100, 200];
const APPS = 5;
const REPEATS = 5;
/** Every measuring process first runs the same untimed warm-up on a platform this small. */
const WARM_UP_TEAMS = 10;

interface Measure {
    readonly resources: number;
    readonly ms: number;
    readonly maxRssMb: number;
    readonly criticalPath?: number;
}

/** A synthetic platform: one stack with two clusters, `teams` tenant files of `APPS` apps each. */
function generate(teams: number): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), `helm-platform-bench-${teams}-`));
    const secure = (s: string) => ({ secure: `v1:YmVuY2g=:${Buffer.from(s).toString("base64")}` });
    fs.writeFileSync(
        path.join(root, "Pulumi.bench.yaml"),
        stringify({
            config: {
                "helm-platform:location": "westeurope",
                "helm-platform:profile": "development",
                "helm-platform:adminGroupObjectIds": ["3f0c6a52-8d1e-4b7a-9c2f-1a5e7d9b0c11"],
                "helm-platform:clusters": [
                    { name: "weu", location: "westeurope" },
                    { name: "neu", location: "northeurope" },
                ],
                "helm-platform:registry": { name: "acrbench" },
                "helm-platform:secrets": { platform: { "grafana-admin-password": secure("g") } },
                "helm-platform:charts": { keyring: "keys/charts.pubring.gpg" },
            },
        }),
    );
    fs.mkdirSync(path.join(root, "keys"));
    fs.writeFileSync(path.join(root, "keys", "charts.pubring.gpg"), "public keyring");
    fs.mkdirSync(path.join(root, "tenants"));
    for (let t = 0; t < teams; t++) {
        const team = `team${String(t).padStart(3, "0")}`;
        const apps = Object.fromEntries(
            Array.from({ length: APPS }, (_, a) => [
                `app${a}`,
                { chart: `app${a}`, versions: { bench: "1.0.0" }, ...(a > 0 ? { needs: ["app0"] } : {}) },
            ]),
        );
        fs.writeFileSync(
            path.join(root, "tenants", `${team}.yaml`),
            stringify({
                team,
                groups: { owners: [`00000000-0000-0000-0000-${String(t).padStart(12, "0")}`] },
                environments: ["bench"],
                apps,
            }),
        );
        for (let a = 0; a < APPS; a++) {
            fs.mkdirSync(path.join(root, "tenants", team, `app${a}`), { recursive: true });
            fs.writeFileSync(
                path.join(root, "tenants", team, `app${a}`, "values.yaml"),
                stringify({ image: { registry: "acrbench.azurecr.io", repository: `${team}/app${a}`, tag: "1.0.0" }, replicaCount: 2 }),
            );
        }
    }
    return root;
}

/** A timed run, after an untimed warm-up on a small platform (module loading, JIT) and a full GC. */
async function timed<T>(warmUp: () => Promise<unknown>, run: () => Promise<T>): Promise<{ result: T; ms: number }> {
    await warmUp();
    global.gc?.();
    const start = process.hrtime.bigint();
    const result = await run();
    return { result, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

/** In a child: plans a generated platform and, when asked, writes its resources to `replayFile` for floor B. */
async function measurePlatform(warmRoot: string, root: string, replayFile?: string): Promise<Measure> {
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
async function measureFloor(warmWhat: string, what: string): Promise<Measure> {
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
    const out = execFileSync(process.execPath, ["--expose-gc", "--import", "tsx", __filename, "--child", kind, ...args], {
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
    });
    return JSON.parse(out.trim().split("\n").pop() as string) as Measure;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function main(): void {
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
    const warm = generate(WARM_UP_TEAMS);
    const warmReplay = path.join(warm, "resources.json");
    const warmCount = String(child("platform", warm, warm, warmReplay).resources);
    const rows: { teams: number; ms: number; cp: number }[] = [];
    for (const teams of SIZES) {
        const root = generate(teams);
        const replayFile = path.join(root, "resources.json");
        const plan: Measure[] = [];
        const floorB: Measure[] = [];
        const floorA: Measure[] = [];
        // Interleaved, so that whatever else the machine does weighs on the plan and its floors alike.
        for (let i = 0; i < REPEATS; i++) {
            // The plan is the same every time: the first run writes what floor B replays.
            plan.push(child("platform", warm, root, ...(i === 0 ? [replayFile] : [])));
            floorB.push(child("floor", warmReplay, replayFile));
            floorA.push(child("floor", warmCount, String(plan[0].resources)));
        }
        fs.rmSync(root, { recursive: true, force: true });
        const ms = median(plan.map((r) => r.ms));
        const b = median(floorB.map((r) => r.ms));
        const a = median(floorA.map((r) => r.ms));
        const rss = (runs: Measure[]) => Math.max(...runs.map((r) => r.maxRssMb)).toFixed(0);
        const cp = plan[0].criticalPath ?? 0;
        rows.push({ teams, ms, cp });
        const pairs = plan.map((p, i) => p.ms / floorB[i].ms);
        const spread = `${Math.min(...pairs).toFixed(2)}–${Math.max(...pairs).toFixed(2)}`;
        const cells = [
            teams,
            plan[0].resources,
            ms.toFixed(0),
            b.toFixed(0),
            (ms / b).toFixed(2),
            spread,
            a.toFixed(0),
            (ms / a).toFixed(2),
            rss(plan),
            rss(floorB),
            cp,
        ];
        console.log(cells.join(" | "));
    }
    fs.rmSync(warm, { recursive: true, force: true });
    console.log("");
    for (let i = 1; i < rows.length; i++) {
        const a = rows[i - 1];
        const b = rows[i];
        console.log(
            `${a.teams} → ${b.teams} teams: time x${(b.ms / a.ms).toFixed(2)} for x${(b.teams / a.teams).toFixed(1)} teams; critical path ${a.cp} → ${b.cp}`,
        );
    }
}

/** The benchmark's arguments; `--child` is how it runs its own measuring processes. */
function parse(): { child?: string[]; generate?: number } {
    return parseArguments(
        new Command("bench")
            .description(
                `Plans synthetic platforms of ${SIZES.join(", ")} teams (${APPS} apps each, 2 clusters) and the floors A and B, ${REPEATS} runs per size in fresh processes, and prints the medians (about 4 minutes on two cores).`,
            )
            .option(
                "--generate <teams>",
                "only generate a platform of that many teams and print its folder (for profiling one size by hand)",
                positiveInteger,
            )
            .addOption(new Option("--child <args...>", "one measurement, run by the benchmark itself").hideHelp())
            .addHelpText("after", "\nPrints figures and asserts nothing. Exit codes: 0 done; 1 a measurement failed; 2 bad arguments."),
    ).opts();
}

const args = parse();
// Floor and platform run under the same settings as `npm run plan`.
tuneForPlanning();
if (args.generate) {
    console.log(generate(args.generate));
} else if (args.child) {
    const [kind, warmUp, what, replayFile] = args.child;
    (kind === "platform" ? measurePlatform(warmUp, what, replayFile) : measureFloor(warmUp, what)).then(
        (m) => {
            console.log(JSON.stringify(m));
            process.exit(0);
        },
        (e) => {
            console.error(e);
            process.exit(1);
        },
    );
} else {
    main();
}
