import * as assert from "node:assert/strict";
import { criticalPath } from "../../../core/report/criticalPath";
import type { PlanResource } from "../../../core/report/planTypes";
import { samplePlanRun } from "../../support/plans";

const r = (name: string, deps: Partial<Pick<PlanResource, "dependsOn" | "inputDependencies" | "provider">> = {}): PlanResource => ({
    type: "t",
    name,
    parent: null,
    dependsOn: deps.dependsOn ?? [],
    protect: false,
    provider: deps.provider,
    inputDependencies: deps.inputDependencies,
    inputs: {},
});

describe("critical path", () => {
    it("follows dependsOn, implicit dependencies and providers, and picks the longest chain", () => {
        const resources = [
            r("cluster"),
            r("provider", { inputDependencies: ["t::cluster"] }),
            r("namespace", { provider: "t::provider" }),
            r("release", { dependsOn: ["t::namespace"], provider: "t::provider" }),
            r("unrelated"),
        ];
        assert.deepEqual(criticalPath(resources), ["t::cluster", "t::provider", "t::namespace", "t::release"]);
    });

    it("rejects a cycle instead of looping", () => {
        assert.throws(() => criticalPath([r("a", { dependsOn: ["t::b"] }), r("b", { dependsOn: ["t::a"] })]), /dependency cycle/);
    });

    it("on the sample prod plan, runs from the resource group through a cluster and its provider into Kubernetes", async () => {
        const plan = (await samplePlanRun("prod")).plan;
        const path = criticalPath(plan?.resources ?? []);
        assert.equal(path[0], "azure-native:resources:ResourceGroup::prod-rg");
        const cluster = path.findIndex((k) => k.startsWith("azure-native:containerservice:ManagedCluster::"));
        const provider = path.findIndex((k) => k.startsWith("pulumi:providers:kubernetes::"));
        assert.ok(cluster > 0 && provider > cluster, path.join(" -> "));
        assert.match(path[path.length - 1], /^kubernetes:/);
    });
});
