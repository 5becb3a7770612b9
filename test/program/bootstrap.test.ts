import * as assert from "node:assert/strict";
import { TYPE } from "../../core/base/resourceTypes";
import { stacksOf } from "../../core/load/stacks";
import { changedTree, sampleTree } from "../helpers";
import { planOf, samplePlanOf } from "../support/plans";

/** The sample with `helm-platform:bootstrap: true` in an environment's stack file. */
const bootstrapping = (environment: string) => {
    const file = `Pulumi.${environment}.yaml`;
    return changedTree({ [file]: `${sampleTree().read(file)}  helm-platform:bootstrap: true\n` });
};

describe("the first up of an environment (helm-platform:bootstrap)", function () {
    this.timeout(120_000);

    it("GIVEN bootstrap in a single stack THEN it registers the group, registry, clusters and policies, and no team and no chart", async () => {
        const plan = await planOf(bootstrapping("dev"), "dev");
        const types = new Set(plan.resources.map((r) => r.type));
        for (const type of [TYPE.resourceGroup, TYPE.registry, TYPE.managedCluster]) {
            assert.ok(types.has(type), `${type} missing`);
        }
        assert.ok(
            plan.resources.some((r) => r.type.includes("ValidatingAdmissionPolicy")),
            "no admission policy",
        );
        for (const type of [TYPE.team, TYPE.namespace, TYPE.helmRelease, TYPE.release, TYPE.monitoringStack]) {
            assert.deepEqual(
                plan.resources.filter((r) => r.type === type).map((r) => r.name),
                [],
                `${type} registered while bootstrapping`,
            );
        }
        assert.deepEqual([plan.releases, plan.platformReleases], [[], []]);
        const full = await samplePlanOf("dev");
        assert.ok(
            full.resources.some((r) => r.type === TYPE.team),
            "the full up registers the teams",
        );
    });

    it("GIVEN bootstrap in a sharded environment THEN its shards register nothing, not even the reference to a foundation not yet up", async () => {
        const tree = bootstrapping("prod");
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
