import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Problem } from "../../core/base/problems";
import { diskTree } from "../../core/base/sourceTree";
import { readTenantFiles } from "../../core/config/tenantFiles";
import { stacksOf } from "../../core/load/stacks";
import { APPS, BENCH_ENVIRONMENT, type GeneratedPlatform, generatePlatform, shardTeams, teamName } from "../../scripts/benchPlatform";

/** A generated platform, removed after `use`. */
function withPlatform(spec: Parameters<typeof generatePlatform>[0], use: (platform: GeneratedPlatform) => void): void {
    const platform = generatePlatform(spec);
    try {
        use(platform);
    } finally {
        fs.rmSync(platform.root, { recursive: true, force: true });
    }
}

describe("the benchmark's synthetic platforms (scripts/benchPlatform.ts)", () => {
    it("GIVEN team numbers THEN names padded to four digits, so that their order is their number's", () => {
        const names = Array.from({ length: 12 }, (_, t) => teamName(t));
        assert.deepEqual([names[0], names[11], teamName(1234)], ["team0000", "team0011", "team1234"]);
        assert.deepEqual([...names].sort(), names);
    });

    it("GIVEN teams and a shard size THEN shards of that size in order, the last holding the rest", () => {
        const cases: [string[], number, Record<string, string[]>][] = [
            [["a", "b", "c", "d", "e"], 2, { s000: ["a", "b"], s001: ["c", "d"], s002: ["e"] }],
            [["a", "b", "c", "d"], 2, { s000: ["a", "b"], s001: ["c", "d"] }],
            [["a", "b"], 20, { s000: ["a", "b"] }],
            [[], 20, {}],
        ];
        for (const [teams, perShard, shards] of cases) {
            assert.deepEqual(shardTeams(teams, perShard), shards, `${teams.length} teams by ${perShard}`);
        }
    });

    describe("a single-stack platform generated", () => {
        let platform: GeneratedPlatform;
        before(() => {
            platform = generatePlatform({ teams: 3 });
        });
        after(() => {
            fs.rmSync(platform.root, { recursive: true, force: true });
        });

        it("GIVEN the single layout THEN one stack bench deploys every team, and no shard file exists", () => {
            assert.deepEqual(platform.stacks, [{ name: BENCH_ENVIRONMENT, kind: "single", teams: ["team0000", "team0001", "team0002"] }]);
            assert.deepEqual(
                stacksOf(diskTree(platform.root), BENCH_ENVIRONMENT).map((s) => [s.name, s.kind]),
                [["bench", "single"]],
            );
            assert.deepEqual(
                fs.readdirSync(platform.root).filter((f) => f.startsWith("Pulumi.")),
                ["Pulumi.bench.yaml"],
            );
        });

        it("GIVEN its tenant files THEN each is valid, with its apps, their needs and their values files", () => {
            const problems: Problem[] = [];
            const tenants = readTenantFiles(diskTree(platform.root), problems);
            assert.deepEqual(problems, []);
            assert.deepEqual(
                tenants.map((t) => t.data.team),
                ["team0000", "team0001", "team0002"],
            );
            for (const tenant of tenants) {
                const apps = Object.entries(tenant.data.apps ?? {});
                assert.equal(apps.length, APPS);
                for (const [app, spec] of apps) {
                    assert.deepEqual(spec.needs ?? [], app === "app0" ? [] : ["app0"], `${tenant.data.team}/${app}`);
                    assert.ok(fs.existsSync(path.join(platform.root, "tenants", tenant.data.team, app, "values.yaml")));
                }
            }
        });
    });

    it("GIVEN a sharded platform generated THEN its stack files place every team in exactly one shard, as the loader reads them", () => {
        withPlatform({ teams: 5, layout: "sharded", teamsPerShard: 2 }, (platform) => {
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
        });
    });
});
