import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { diskTree } from "../../core/base/sourceTree";
import { stacksOf } from "../../core/load/stacks";
import { runBenchCli } from "../../scripts/bench";
import { generatePlatform, shardTeams } from "../../scripts/benchPlatform";
import { checkpointBytes, type ShardedReport, unionSizes } from "../../scripts/benchSharded";
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

    it("GIVEN the resources' JSON sizes THEN the checkpoint bytes are the sizes of every state written after each resource", () => {
        fc.assert(
            fc.property(
                fc.array(fc.record({ urn: fc.string(), inputs: fc.dictionary(fc.string(), fc.string()) }), { maxLength: 30 }),
                (rs) => {
                    const written = rs.reduce((sum, _, i) => sum + Buffer.byteLength(JSON.stringify(rs.slice(0, i + 1))), 0);
                    assert.equal(checkpointBytes(rs.map((r) => Buffer.byteLength(JSON.stringify(r)))), written);
                },
            ),
        );
        // One stack of four resources of 10 bytes writes 4 states; two stacks of two write 2 each.
        assert.equal(checkpointBytes([10, 10, 10, 10]), 12 + 23 + 34 + 45);
        assert.equal(2 * checkpointBytes([10, 10]), 2 * (12 + 23));
    });

    it("GIVEN stacks that share resources THEN one stack holding them all counts each once, in order", () => {
        const union = unionSizes([
            { keys: ["p", "a"], sizes: [1, 2] },
            { keys: ["p", "b", "c"], sizes: [1, 3, 4] },
        ]);
        assert.deepEqual(union, [1, 2, 3, 4]);
    });

    it("GIVEN a sharded platform generated THEN its stack files place every team in exactly one shard, as the loader reads them", () => {
        assert.deepEqual(shardTeams(["a", "b", "c", "d", "e"], 2), { s000: ["a", "b"], s001: ["c", "d"], s002: ["e"] });
        const platform = generatePlatform({ teams: 5, layout: "sharded", teamsPerShard: 2 });
        try {
            const stacks = stacksOf(diskTree(platform.root), "bench");
            assert.deepEqual(
                stacks.map((s) => [s.name, s.kind, s.teams ?? []]),
                platform.stacks.map((s) => [s.name, s.kind, s.kind === "foundation" ? [] : s.teams]),
            );
            assert.deepEqual(
                stacks.flatMap((s) => s.teams ?? []),
                ["team0000", "team0001", "team0002", "team0003", "team0004"],
            );
            const tenant = fs.readFileSync(path.join(platform.root, "tenants", "team0003.yaml"), "utf8");
            // Shaped like the sample's teams: an alert channel, a CI identity (allowed), and dashboards from monitoring/.
            assert.match(tenant, /slackChannel: "#team0003-alerts"/);
            assert.match(tenant, /repository: contoso\/team0003-services/);
            assert.match(fs.readFileSync(path.join(platform.root, "allowances", "team0003.yaml"), "utf8"), /contoso\/team0003-services/);
            assert.ok(fs.existsSync(path.join(platform.root, "monitoring", "dashboards", "team-releases.json")));
        } finally {
            fs.rmSync(platform.root, { recursive: true, force: true });
        }
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
