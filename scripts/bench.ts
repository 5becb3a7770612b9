/**
 * Scale benchmark: `npm run bench`. Plans synthetic platforms of 50, 100 and 200 teams (5 apps each,
 * 2 clusters) generated outside the repository, each in its own process, and compares every run with
 * a floor measured in the same way: the bare Pulumi SDK registering as many resources on the same
 * mocks with no platform logic. Prints figures; asserts nothing.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { stringify } from "yaml";
import program = require("../index");
import { criticalPath } from "../core/criticalPath";
import { diskTree } from "../core/sourceTree";
import { PlanRecorder } from "../plan/recorder";
import { CLOUD_ONLY_CALLS, planStack, tuneForPlanning, waitForRegistrations } from "../plan/runPlan";

const SIZES = [50, 100, 200];
const APPS = 5;
const REPEATS = 3;

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
    fs.writeFileSync(path.join(root, "Pulumi.bench.yaml"), stringify({
        config: {
            "helm-platform:location": "westeurope",
            "helm-platform:profile": "development",
            "helm-platform:adminGroupObjectIds": ["3f0c6a52-8d1e-4b7a-9c2f-1a5e7d9b0c11"],
            "helm-platform:clusters": [{ name: "weu", location: "westeurope" }, { name: "neu", location: "northeurope" }],
            "helm-platform:registry": { name: "acrbench" },
            "helm-platform:secrets": { "grafana-admin-password": secure("g") },
            "helm-platform:charts": { keyring: "keys/charts.pubring.gpg" },
        },
    }));
    fs.mkdirSync(path.join(root, "keys"));
    fs.writeFileSync(path.join(root, "keys", "charts.pubring.gpg"), "public keyring");
    fs.mkdirSync(path.join(root, "tenants"));
    for (let t = 0; t < teams; t++) {
        const team = `team${String(t).padStart(3, "0")}`;
        const apps = Object.fromEntries(Array.from({ length: APPS }, (_, a) => [`app${a}`, { chart: `app${a}`, versions: { bench: "1.0.0" }, ...(a > 0 ? { needs: ["app0"] } : {}) }]));
        fs.writeFileSync(path.join(root, "tenants", `${team}.yaml`), stringify({
            team,
            groups: { owners: [`00000000-0000-0000-0000-${String(t).padStart(12, "0")}`] },
            environments: ["bench"],
            apps,
        }));
        for (let a = 0; a < APPS; a++) {
            fs.mkdirSync(path.join(root, "tenants", team, `app${a}`), { recursive: true });
            fs.writeFileSync(path.join(root, "tenants", team, `app${a}`, "values.yaml"), stringify({ image: { registry: "acrbench.azurecr.io", repository: `${team}/app${a}`, tag: "1.0.0" }, replicaCount: 2 }));
        }
    }
    return root;
}

/** In a child: plan the generated platform once (after a warm-up), report figures. */
async function measurePlatform(root: string, replayFile?: string): Promise<Measure> {
    const tree = diskTree(root);
    await planStack(program, tree, "bench"); // warm-up: module loading and JIT
    const start = process.hrtime.bigint();
    const run = await planStack(program, tree, "bench");
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (!run.plan) {
        throw new Error(run.error ?? "the synthetic platform did not plan");
    }
    if (replayFile) {
        fs.writeFileSync(replayFile, JSON.stringify(run.plan.resources.map((r) => ({ type: r.type, name: r.name, inputs: r.inputs }))));
    }
    return { resources: run.registered, ms, maxRssMb: process.resourceUsage().maxRSS / 1024, criticalPath: criticalPath(run.plan.resources).length };
}

/** The floor's resource: a custom resource with a couple of plain inputs and nothing else. */
class BenchResource extends pulumi.CustomResource {
    constructor(type: string, name: string, props: pulumi.Inputs) {
        super(type, name, props);
    }
}

/**
 * In a child: a floor, the bare SDK on the same mocks with no platform logic. `count`: as many resources
 * as the platform registered, with two plain inputs each (the floor). A file: the platform's
 * own resources replayed, same types, names and inputs (what registering those inputs costs anyway).
 */
async function measureFloor(what: string): Promise<Measure> {
    const replay = fs.existsSync(what) ? (JSON.parse(fs.readFileSync(what, "utf8")) as { type: string; name: string; inputs: pulumi.Inputs }[]) : undefined;
    const count = replay ? replay.length : Number(what);
    const once = async () => {
        const recorder = new PlanRecorder(CLOUD_ONLY_CALLS);
        await pulumi.runtime.setMocks(recorder, "helm-platform", "bench", true);
        await pulumi.runtime.runInPulumiStack(async () => {
            recorder.install();
            for (let i = 0; i < count; i++) {
                const r = replay?.[i];
                new BenchResource(r?.type ?? "bench:index:Resource", r?.name ?? `r${i}`, r?.inputs ?? { index: i, name: `r${i}` });
            }
            return {};
        });
        await waitForRegistrations();
    };
    await once();
    const start = process.hrtime.bigint();
    await once();
    return { resources: count, ms: Number(process.hrtime.bigint() - start) / 1e6, maxRssMb: process.resourceUsage().maxRSS / 1024 };
}

/** Runs a measurement in a fresh Node process, so memory and caches do not carry over. */
function child(kind: "platform" | "floor", ...args: string[]): Measure {
    const out = execFileSync(process.execPath, ["--import", "tsx", __filename, "--child", kind, ...args], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    return JSON.parse(out.trim().split("\n").pop() as string) as Measure;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function main(): void {
    console.log(`helm-platform plan benchmark: ${APPS} apps per team, 2 clusters, median of ${REPEATS} runs per size, ${os.cpus().length} cores, Node ${process.version}`);
    console.log("floor A: the bare SDK registering as many resources with two plain inputs; floor B: the bare SDK registering the plan's own resources and inputs\n");
    console.log("teams | resources | plan ms | floor A ms | plan/A | floor B ms | plan/B | peak RSS MB | critical path");
    console.log("---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---:");
    const rows: { teams: number; ms: number; cp: number }[] = [];
    for (const teams of SIZES) {
        const root = generate(teams);
        const replay = path.join(root, "resources.json");
        const runs = Array.from({ length: REPEATS }, () => child("platform", root, replay));
        const floorA = median(Array.from({ length: REPEATS }, () => child("floor", String(runs[0].resources)).ms));
        const floorB = median(Array.from({ length: REPEATS }, () => child("floor", replay).ms));
        fs.rmSync(root, { recursive: true, force: true });
        const ms = median(runs.map((r) => r.ms));
        const rss = Math.max(...runs.map((r) => r.maxRssMb));
        rows.push({ teams, ms, cp: runs[0].criticalPath ?? 0 });
        console.log(`${teams} | ${runs[0].resources} | ${ms.toFixed(0)} | ${floorA.toFixed(0)} | ${(ms / floorA).toFixed(2)} | ${floorB.toFixed(0)} | ${(ms / floorB).toFixed(2)} | ${rss.toFixed(0)} | ${runs[0].criticalPath}`);
    }
    console.log("");
    for (let i = 1; i < rows.length; i++) {
        const a = rows[i - 1];
        const b = rows[i];
        console.log(`${a.teams} → ${b.teams} teams: time x${(b.ms / a.ms).toFixed(2)} for x${(b.teams / a.teams).toFixed(1)} teams; critical path ${a.cp} → ${b.cp}`);
    }
}

// Floor and platform run under the same settings as `npm run plan`.
tuneForPlanning();
const childAt = process.argv.indexOf("--child");
const generateAt = process.argv.indexOf("--generate");
if (generateAt >= 0) {
    // For profiling one size by hand: prints the folder of a generated platform.
    console.log(generate(Number(process.argv[generateAt + 1])));
} else if (childAt >= 0) {
    const [kind, arg] = process.argv.slice(childAt + 1);
    (kind === "platform" ? measurePlatform(arg, process.argv[childAt + 3]) : measureFloor(arg)).then(
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
