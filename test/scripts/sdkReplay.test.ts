import * as assert from "node:assert/strict";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { stacksOf } from "../../core/load/stacks";
import type { PlanResource } from "../../core/report/planTypes";
import { PlanRecorder } from "../../plan/recorder";
import { CLOUD_ONLY_CALLS, waitForRegistrations } from "../../plan/runPlan";
import { replay, sdkClass } from "../../scripts/sdkReplay";
import { sampleTree } from "../helpers";
import { samplePlanRun } from "../support/plans";

/** What the benchmark's floor registers when it replays `resources`, as the recorder sees it. */
async function replayed(resources: readonly PlanResource[]): Promise<PlanResource[]> {
    const recorder = new PlanRecorder(CLOUD_ONLY_CALLS);
    await pulumi.runtime.setMocks(recorder, "helm-platform", "prod", true);
    await pulumi.runtime.runInPulumiStack(async () => {
        recorder.install();
        replay(resources, "helm-platform");
        return {};
    });
    await waitForRegistrations();
    return recorder.resources().filter((r) => r.type !== "pulumi:pulumi:Stack");
}

describe("the benchmark's floor (the plan's resources replayed by the bare SDKs)", () => {
    it("registers exactly the plan's resources: same types, names, inputs, parents, providers, dependsOn and protect", async () => {
        // GIVEN the plans of the sample's prod: its foundation (the platform) and its shards (the teams)
        for (const stack of stacksOf(sampleTree(), "prod")) {
            const run = await samplePlanRun(stack.name);
            assert.ok(run.plan, run.error);
            // WHEN the floor replays it with no platform logic
            const floor = await replayed(run.plan.resources);
            // THEN the engine would see the same resources; only the implicit dependencies through Outputs are gone
            const strip = (rs: readonly PlanResource[]) => rs.map(({ inputDependencies: _, ...r }) => r);
            assert.equal(floor.length, run.plan.resources.length, stack.name);
            assert.deepEqual(strip(floor), strip(run.plan.resources), stack.name);
        }
    });

    it("builds every resource with the SDK class that declares its type, and custom resources as CustomResource", () => {
        assert.equal(
            (sdkClass("kubernetes:helm.sh/v3:Release") as unknown as { __pulumiType: string }).__pulumiType,
            "kubernetes:helm.sh/v3:Release",
        );
        assert.equal(
            (sdkClass("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding") as unknown as { __pulumiType: string }).__pulumiType,
            "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
        );
        assert.equal(
            (sdkClass("azure-native:containerservice:ManagedCluster") as unknown as { __pulumiType: string }).__pulumiType,
            "azure-native:containerservice:ManagedCluster",
        );
        assert.equal(sdkClass("kubernetes:monitoring.coreos.com/v1:ServiceMonitor"), k8s.apiextensions.CustomResource);
        // A shard's reference to its foundation.
        assert.equal(sdkClass("pulumi:pulumi:StackReference"), pulumi.StackReference);
    });

    it("refuses a type no SDK class registers rather than faking it", () => {
        assert.throws(
            () => sdkClass("azure-native:containerservice:NoSuchThing"),
            /no SDK class registers azure-native:containerservice:NoSuchThing/,
        );
        assert.throws(() => sdkClass("kubernetes:core/v1:NoSuchKind"), /no SDK class registers kubernetes:core\/v1:NoSuchKind/);
    });
});
