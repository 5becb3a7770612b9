import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { runBenchCli } from "../../scripts/bench";
import type { ShardedReport } from "../../scripts/benchSharded";
import { ROOT } from "../helpers";

const bench = (...args: string[]) =>
    spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", "bench.ts"), ...args], { encoding: "utf8", cwd: ROOT });

describe("npm run bench", () => {
    it("answers --help with the sharded options and refuses an unknown option or layout with exit 2", async () => {
        // In this process, as runScript runs it (test/scripts/args.test.ts spawns a script of each runner).
        const run = async (...args: string[]) => {
            let stdout = "";
            const status = await runBenchCli(args, { root: ROOT, stdout: (t) => (stdout += t), stderr: () => undefined });
            return { status, stdout };
        };
        const help = await run("--help");
        assert.equal(help.status, 0);
        for (const option of ["--teams <n>", "--layout <layout>", "--teams-per-shard <n>", "--json"]) {
            assert.ok(help.stdout.includes(option), option);
        }
        assert.equal((await run("--bogus")).status, 2);
        assert.equal((await run("--layout", "diagonal")).status, 2);
        assert.equal((await run("--teams", "0")).status, 2);
    });

    it("WHEN a small sharded platform is benchmarked with --json THEN one JSON document gives every stack's figures and the checkpoint bytes", function () {
        this.timeout(120000);
        const run = bench("--teams", "4", "--teams-per-shard", "2", "--layout", "sharded", "--json");
        assert.equal(run.status, 0, run.stderr);
        const report = JSON.parse(run.stdout) as ShardedReport;
        assert.deepEqual(report.platform, { teams: 4, apps: 20, clusters: 2, shards: 2 });
        assert.deepEqual(
            report.stacks.map((s) => [s.name, s.kind, s.teams]),
            [
                ["bench", "foundation", 0],
                ["bench.s000", "shard", 2],
                ["bench.s001", "shard", 2],
            ],
        );
        for (const s of report.stacks) {
            assert.ok(s.resources > 0 && s.planMs > 0 && s.cpuMs > 0 && s.peakRssMb > 0 && s.stateBytes > s.resources, s.name);
        }
        // Two shards of two teams shaped alike hold as many resources each.
        assert.equal(report.stacks[1]?.resources, report.stacks[2]?.resources);
        assert.deepEqual(report.largestStack, { name: "bench.s000", resources: report.stacks[1]?.resources });
        assert.equal(report.replan.stack, "bench.s000");
        assert.equal(report.replan.team, "team0000");
        assert.ok(report.replan.processMs >= report.replan.planMs && report.wallMs > 0);
        assert.ok(report.checkpointBytes.single > report.checkpointBytes.sharded && report.checkpointBytes.sharded > 0);
        assert.match(run.stderr, /planned bench\.s001 \(\d\/3\): \d+ resources/);
    });
});
