import * as assert from "node:assert/strict";
import { conditionScope, WRITER_DATA_ACTIONS } from "../../../core/azure/repositoryConditions";
import { type PlanRun, planStack } from "../../../plan/runPlan";
import { program } from "../../../program/stack";
import { changedTree, sampleTree } from "../../helpers";

const read = (file: string) => sampleTree().read(file) as string;

describe("publishing rights on the planned registry (per-team paths, checked on the Azure resources)", () => {
    let run: PlanRun;
    before(async () => {
        run = await planStack(program, sampleTree(), "prod");
    });

    it("the access report lists every publisher with its one path, and nobody writes registry-wide", () => {
        assert.deepEqual(
            [...(run.access.publishers ?? [])].sort((a, b) => a.owner.localeCompare(b.owner)),
            [
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
            ],
        );
    });

    it("each publisher's role assignment is scoped to the registry and narrows every data action of the role", () => {
        const writers = (run.plan?.resources ?? []).filter(
            (r) => r.type === "azure-native:authorization:RoleAssignment" && String(r.inputs.description).includes("Repository Writer"),
        );
        assert.equal(writers.length, 3);
        for (const w of writers) {
            assert.ok(w.inputDependencies?.includes("azure-native:containerregistry:Registry::prod-registry-acr"), `${w.name}: scope`);
            assert.equal(w.inputs.conditionVersion, "2.0");
            assert.deepEqual(conditionScope(String(w.inputs.condition)).actions, [...WRITER_DATA_ACTIONS]);
        }
    });

    it("GIVEN a publisher allowed in dev only THEN prod grants it nothing", async () => {
        const allowance = read("allowances/data.yaml").replace(
            "    chartPublishers: [4d9f2b6a-8c1e-4a3f-9b5d-2e7c0a1f3b63]",
            "    environments: [dev]\n    chartPublishers: [4d9f2b6a-8c1e-4a3f-9b5d-2e7c0a1f3b63]",
        );
        const changed = await planStack(program, changedTree({ "allowances/data.yaml": allowance }), "prod");
        assert.deepEqual((changed.access.publishers ?? []).map((p) => p.owner).sort(), ["fintech", "platform"]);
    });
});
