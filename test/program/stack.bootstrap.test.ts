import * as assert from "node:assert/strict";
import { TYPE } from "../../core/base/resourceTypes";
import { stacksOf } from "../../core/load/stacks";
import { sampleTree } from "../helpers";
import { assertBootstrapPlan, bootstrapping } from "../support/bootstrap";
import { planOf, samplePlanOf } from "../support/plans";

describe("the first up of an environment (helm-platform:bootstrap)", function () {
    this.timeout(120_000);

    it("GIVEN bootstrap in a single stack THEN it registers the group, registry, clusters and policies, and no team and no chart", async () => {
        assertBootstrapPlan(await planOf(bootstrapping(sampleTree(), "dev"), "dev"));
        const full = await samplePlanOf("dev");
        assert.ok(
            full.resources.some((r) => r.type === TYPE.team),
            "the full up registers the teams",
        );
    });

    it("GIVEN bootstrap in a sharded environment THEN its shards register nothing, not even the reference to a foundation not yet up", async () => {
        const tree = bootstrapping(sampleTree(), "prod");
        assertBootstrapPlan(await planOf(tree, "prod"));
        for (const stack of stacksOf(tree, "prod").filter((s) => s.kind === "shard")) {
            const plan = await planOf(tree, stack.name);
            assert.deepEqual(
                plan.resources.map((r) => r.type).filter((t) => t !== TYPE.platform),
                [],
                stack.name,
            );
        }
    });
});
