import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { CLOUD_ONLY_CALLS } from "../../plan/runPlan";
import { Platform } from "../../program/platform";
import { load, runComponents, SAMPLE_SECRETS } from "../helpers";

describe("production safety", () => {
    it("protects prod's resource group, registry, clusters and identities; nothing in dev", async () => {
        const prod = await runComponents(() => new Platform("prod", { model: load("prod"), secrets: SAMPLE_SECRETS }), {
            calls: CLOUD_ONLY_CALLS,
        });
        const protectedTypes = [...new Set(prod.resources.filter((r) => r.protect).map((r) => r.type))].sort();
        assert.deepEqual(protectedTypes, [
            "azure-native:containerregistry:Registry",
            "azure-native:containerservice:ManagedCluster",
            "azure-native:managedidentity:UserAssignedIdentity",
            "azure-native:resources:ResourceGroup",
        ]);
        assert.equal(prod.all("azure-native:containerservice:ManagedCluster").filter((r) => r.protect).length, 2);
        const dev = await runComponents(() => new Platform("dev", { model: load("dev"), secrets: SAMPLE_SECRETS }), {
            calls: CLOUD_ONLY_CALLS,
        });
        assert.equal(dev.resources.filter((r) => r.protect).length, 0);
    });

    it("keeps every cluster's kubeconfig secret in the stack outputs", async () => {
        let outputs: Record<string, unknown> = {};
        await runComponents(
            () => {
                outputs = new Platform("prod", { model: load("prod"), secrets: SAMPLE_SECRETS }).clusterOutputs();
            },
            { calls: CLOUD_ONLY_CALLS },
        );
        for (const name of ["weu", "neu"]) {
            const kubeconfig = (outputs[name] as { kubeconfig: pulumi.Output<string> }).kubeconfig;
            assert.equal(await pulumi.isSecret(kubeconfig), true, name);
        }
    });
});
