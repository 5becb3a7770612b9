import * as assert from "node:assert/strict";
import { type DeployContext, deploy, deploySteps, resultTable, runDeployCli, type StackRunner } from "../../plan/deployCli";
import { sampleTree } from "../helpers";

/** Runs the deploy CLI on the sample with `runner`; what it printed, and whether it made a runner at all. */
async function deployCli(argv: string[], runner: () => StackRunner) {
    let stdout = "";
    let stderr = "";
    let made = false;
    const context: DeployContext = {
        tree: sampleTree(),
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
        runner: () => {
            made = true;
            return runner();
        },
    };
    const code = await runDeployCli(argv, context);
    return { code, stdout, stderr, made };
}

/** A runner that takes `ms` for each stack, fails those named, and records when each ran. */
function fakeRunner(fail: readonly string[] = [], ms = 20) {
    const spans: { stack: string; start: number; end: number }[] = [];
    let running = 0;
    let most = 0;
    const runner: StackRunner = async (stack, _mode, onOutput) => {
        const start = Date.now();
        running++;
        most = Math.max(most, running);
        onOutput(`working on ${stack}\npart of a li`);
        await new Promise((resolve) => setTimeout(resolve, ms));
        onOutput("ne\n");
        running--;
        spans.push({ stack, start, end: Date.now() });
        if (fail.includes(stack)) {
            throw new Error(`code: 255\n stdout: \n stderr: error: ${stack} broke\n`);
        }
        return { create: 1, same: 3 };
    };
    return { runner, spans, most: () => most };
}

describe("npm run deploy: an environment's stacks in deploy order", () => {
    it("answers --help and refuses an unknown option, environment, team or --parallel with exit 2, starting no Pulumi CLI", async () => {
        const fake = fakeRunner();
        for (const argv of [
            ["--help"],
            ["--bogus", "--stack", "prod"],
            [],
            ["--stack", "staging"],
            ["--stack", "prod", "--parallel", "0"],
            ["--stack", "prod", "--team", "nobody"],
        ]) {
            const { code, made } = await deployCli(argv, () => fake.runner);
            assert.equal(code, argv[0] === "--help" ? 0 : 2, argv.join(" "));
            assert.equal(made, false, argv.join(" "));
        }
        assert.equal(fake.spans.length, 0);
    });

    it("GIVEN the sample THEN prod is its foundation then its shards, a team is its shard alone, and a single environment is its stack", () => {
        const tree = sampleTree();
        assert.deepEqual(deploySteps(tree, "prod"), { first: "prod", shards: ["prod.payments", "prod.commerce"] });
        assert.deepEqual(deploySteps(tree, "prod", "data"), { shards: ["prod.commerce"] });
        assert.deepEqual(deploySteps(tree, "dev"), { first: "dev", shards: [] });
        assert.deepEqual(deploySteps(tree, "dev", "fintech"), { first: "dev", shards: [] });
        assert.match(
            deploySteps(tree, "prod", "nobody") as string,
            /no shard of prod holds team "nobody" \(teams: data, fintech, retail\)/,
        );
        assert.match(deploySteps(tree, "uat", "nobody") as string, /no team "nobody" runs in uat/);
    });

    it("WHEN an environment deploys THEN its foundation is done before any shard starts, and shards run side by side up to --parallel", async () => {
        const fake = fakeRunner();
        const steps = { first: "env", shards: ["env.a", "env.b", "env.c", "env.d", "env.e"] };
        const results = await deploy(steps, "up", 2, fake.runner, () => {});
        assert.deepEqual(
            results.map((r) => [r.stack, r.status]),
            [["env", "succeeded"], ...steps.shards.map((s) => [s, "succeeded"])],
        );
        const foundation = fake.spans.find((s) => s.stack === "env");
        const shards = fake.spans.filter((s) => s.stack !== "env");
        assert.equal(shards.length, 5);
        for (const shard of shards) {
            assert.ok((foundation?.end ?? Number.POSITIVE_INFINITY) <= shard.start, shard.stack);
        }
        assert.equal(fake.most(), 2);
    });

    it("WHEN a shard fails THEN the other shards are still deployed, and only it is failed", async () => {
        const fake = fakeRunner(["env.b"]);
        let output = "";
        const results = await deploy({ first: "env", shards: ["env.a", "env.b", "env.c"] }, "up", 1, fake.runner, (t) => (output += t));
        assert.deepEqual(
            results.map((r) => [r.stack, r.status, r.reason]),
            [
                ["env", "succeeded", undefined],
                ["env.a", "succeeded", undefined],
                ["env.b", "failed", "error: env.b broke"],
                ["env.c", "succeeded", undefined],
            ],
        );
        // Each stack's output whole lines, prefixed with its name, even when a line came in two pieces.
        assert.match(output, /^\[env\.c\] working on env\.c\n\[env\.c\] part of a line\n/m);
        assert.match(output, /^\[env\.b\] failed: error: env\.b broke$/m);
    });

    it("WHEN the foundation fails THEN no shard is deployed: each is skipped, naming it", async () => {
        const fake = fakeRunner(["env"]);
        const results = await deploy({ first: "env", shards: ["env.a", "env.b"] }, "up", 4, fake.runner, () => {});
        assert.deepEqual(
            results.map((r) => [r.stack, r.status, r.reason]),
            [
                ["env", "failed", "error: env broke"],
                ["env.a", "skipped", "not deployed: env failed"],
                ["env.b", "skipped", "not deployed: env failed"],
            ],
        );
        assert.deepEqual(
            fake.spans.map((s) => s.stack),
            ["env"],
        );
    });

    it("GIVEN results THEN the table gives each stack, how it went and its changes", () => {
        const table = resultTable(
            [
                { stack: "prod", status: "succeeded", changes: { same: 40, create: 2, update: 0 } },
                { stack: "prod.payments", status: "failed", reason: "error: boom" },
            ],
            "up",
        );
        assert.equal(
            table,
            [
                "stack          result     resource changes",
                "-------------  ---------  -----------------",
                "prod           succeeded  create 2, same 40",
                "prod.payments  failed     error: boom",
            ].join("\n"),
        );
    });
});
