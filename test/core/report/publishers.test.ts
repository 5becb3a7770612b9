import * as assert from "node:assert/strict";
import { conditionScope, WRITER_DATA_ACTIONS } from "../../../core/azure/repositoryConditions";
import { TYPE } from "../../../core/base/resourceTypes";
import type { SourceTree } from "../../../core/base/sourceTree";
import { stacksOf } from "../../../core/load/stacks";
import { type PlanRun, planStack } from "../../../plan/runPlan";
import { program } from "../../../program/stack";
import { changedTree, sampleTree } from "../../helpers";

const read = (file: string) => sampleTree().read(file) as string;

/** Every stack of prod, planned: the platform's publisher is the foundation's, each team's is in its shard. */
async function planProd(tree: SourceTree): Promise<PlanRun[]> {
    const runs: PlanRun[] = [];
    for (const s of stacksOf(tree, "prod")) {
        runs.push(await planStack(program, tree, s.name));
    }
    return runs;
}

const publishersOf = (runs: readonly PlanRun[]) =>
    runs.flatMap((r) => r.access.publishers ?? []).sort((a, b) => a.owner.localeCompare(b.owner));

describe("publishing rights on the planned registry (per-team paths, checked on the Azure resources)", () => {
    let runs: PlanRun[];
    before(async () => {
        runs = await planProd(sampleTree());
    });

    it("the access report lists every publisher with its one path, and nobody writes registry-wide", () => {
        assert.deepEqual(publishersOf(runs), [
            {
                principal: "4d9f2b6a-8c1e-4a3f-9b5d-2e7c0a1f3b63",
                owner: "data",
                paths: ["helm-charts/data/"],
                role: "Container Registry Repository Writer",
            },
            {
                principal: "4d9f2b6a-8c1e-4a3f-9b5d-2e7c0a1f3b61",
                owner: "fintech",
                paths: ["helm-charts/fintech/"],
                role: "Container Registry Repository Writer",
            },
            {
                principal: "7e1d3c5a-9b2f-4e6d-8a0c-1b3d5f7a9c22",
                owner: "platform",
                paths: ["helm-charts/platform/"],
                role: "Container Registry Repository Writer",
            },
        ]);
    });

    it("each publisher's role assignment is scoped to the registry and narrows every data action of the role", () => {
        // The foundation's assignment is scoped to the registry it creates; a shard's to the foundation's registry output.
        const registryOf = (run: PlanRun) =>
            run.plan?.kind === "shard" ? `${TYPE.stackReference}::prod-foundation` : `${TYPE.registry}::prod-registry-acr`;
        const writers = runs.flatMap((run) =>
            (run.plan?.resources ?? [])
                .filter((r) => r.type === TYPE.roleAssignment && String(r.inputs.description).includes("Repository Writer"))
                .map((w) => ({ w, registry: registryOf(run) })),
        );
        assert.equal(writers.length, 3);
        for (const { w, registry } of writers) {
            assert.ok(w.inputDependencies?.includes(registry), `${w.name}: scope ${w.inputDependencies}`);
            assert.equal(w.inputs.conditionVersion, "2.0");
            assert.deepEqual(conditionScope(String(w.inputs.condition)).actions, [...WRITER_DATA_ACTIONS]);
        }
    });

    it("GIVEN a publisher allowed in dev only THEN prod grants it nothing", async () => {
        const allowance = read("allowances/data.yaml").replace(
            "    chartPublishers: [4d9f2b6a-8c1e-4a3f-9b5d-2e7c0a1f3b63]",
            "    environments: [dev]\n    chartPublishers: [4d9f2b6a-8c1e-4a3f-9b5d-2e7c0a1f3b63]",
        );
        const changed = await planProd(changedTree({ "allowances/data.yaml": allowance }));
        assert.deepEqual(
            publishersOf(changed).map((p) => p.owner),
            ["fintech", "platform"],
        );
    });
});
