import * as assert from "node:assert/strict";
import { chartKey } from "../../../core/base/chartPaths";
import { loadEnvironmentModel } from "../../../core/load/environmentModel";
import { stacksOf } from "../../../core/load/stacks";
import { lockSubjectsOf } from "../../../core/releases/lock";
import { load, sampleTree, TEST_DAY } from "../../helpers";

describe("an environment's model: all of its stacks together", () => {
    it("GIVEN sharded prod THEN it holds every shard's teams and releases and the foundation's monitoring, so its lock covers both", () => {
        const tree = sampleTree();
        const shards = stacksOf(tree, "prod").filter((s) => s.kind === "shard");
        assert.ok(shards.length >= 2);
        const whole = loadEnvironmentModel(tree, "prod", { today: TEST_DAY });
        const shardTeams = shards.flatMap((s) => load(s.name).teams.map((t) => t.team));
        assert.deepEqual(whole.teams.map((t) => t.team).sort(), [...shardTeams].sort());
        assert.equal(
            whole.releases.length,
            shards.map((s) => load(s.name).releases.length).reduce((a, b) => a + b),
        );
        const charts = new Set(lockSubjectsOf(whole).map(chartKey));
        assert.ok(charts.has("platform/kube-prometheus-stack"), "the foundation's monitoring charts");
        assert.ok(charts.has("fintech/payments-api") && charts.has("retail/storefront"), "the shards' team charts");
        assert.equal(lockSubjectsOf(load("prod")).filter((s) => s.owner !== "platform").length, 0, "the foundation alone has none");
    });

    it("GIVEN a single-stack environment THEN it is that stack's model", () => {
        assert.deepEqual(loadEnvironmentModel(sampleTree(), "dev", { today: TEST_DAY }), load("dev"));
    });
});
