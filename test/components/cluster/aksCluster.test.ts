import * as assert from "node:assert/strict";
import { AksCluster } from "../../../components";
import { SECRET } from "../../../core/base/constants";
import type { EnvironmentSpec, ManagedClusterSpec } from "../../../core/model/environment";
import { load, playAzure, runComponents } from "../../helpers";
import { USER_KUBECONFIG } from "../../support/kubeconfigs";

const prod = load("prod").environment;
const dev = load("dev").environment;

/** The i-th cluster of an environment, which the sample creates (not an existing one). */
function managed(env: EnvironmentSpec, i = 0): ManagedClusterSpec {
    const spec = env.clusters[i];
    assert.equal(spec.kind, "managed");
    return spec as ManagedClusterSpec;
}

describe("AksCluster", () => {
    it("GIVEN the prod profile THEN the cluster has Entra ID with Azure RBAC, no local accounts and workload identity", async () => {
        const run = await runComponents(
            () => new AksCluster("prod-weu", { resourceGroupName: "rg", environment: "prod", spec: managed(prod) }),
        );
        const inputs = run.one("azure-native:containerservice:ManagedCluster").inputs as Record<string, any>;
        assert.deepEqual(inputs.aadProfile, { managed: true, enableAzureRBAC: true, adminGroupObjectIDs: [...prod.adminGroupObjectIds] });
        assert.equal(inputs.disableLocalAccounts, true);
        assert.equal(inputs.oidcIssuerProfile.enabled, true);
        assert.equal(inputs.securityProfile.workloadIdentity.enabled, true);
        assert.equal(inputs.identity.type, "UserAssigned");
        assert.deepEqual(inputs.apiServerAccessProfile, { enablePrivateCluster: false, authorizedIPRanges: ["203.0.113.0/24"] });
        assert.equal(inputs.sku.tier, "Standard");
    });

    it("uses Azure CNI overlay with a network policy engine", async () => {
        const run = await runComponents(
            () => new AksCluster("dev-weu", { resourceGroupName: "rg", environment: "dev", spec: managed(dev) }),
        );
        const network = (run.one("azure-native:containerservice:ManagedCluster").inputs as Record<string, any>).networkProfile;
        assert.equal(network.networkPlugin, "azure");
        assert.equal(network.networkPluginMode, "overlay");
        assert.equal(network.networkPolicy, "cilium");
        assert.equal(network.networkDataplane, "cilium");
    });

    it("taints the system pool and autoscales both pools within the profile's zones", async () => {
        const prodRun = await runComponents(
            () => new AksCluster("prod-weu", { resourceGroupName: "rg", environment: "prod", spec: managed(prod) }),
        );
        const [system, user] = (prodRun.one("azure-native:containerservice:ManagedCluster").inputs as Record<string, any>)
            .agentPoolProfiles;
        assert.deepEqual(system.nodeTaints, ["CriticalAddonsOnly=true:NoSchedule"]);
        assert.equal(system.mode, "System");
        assert.equal(user.mode, "User");
        assert.deepEqual([user.enableAutoScaling, user.minCount, user.maxCount], [true, 3, 10]);
        assert.deepEqual(user.availabilityZones, ["1", "2", "3"]);
        const devRun = await runComponents(
            () => new AksCluster("dev-weu", { resourceGroupName: "rg", environment: "dev", spec: managed(dev) }),
        );
        const devPools = (devRun.one("azure-native:containerservice:ManagedCluster").inputs as Record<string, any>).agentPoolProfiles;
        assert.deepEqual(
            devPools.map((p: { availabilityZones: string[] }) => p.availabilityZones),
            [[], []],
        );
        assert.equal((devRun.one("azure-native:containerservice:ManagedCluster").inputs as Record<string, any>).sku.tier, "Free");
    });

    it("GIVEN a deployed cluster THEN its provider gets the user kubeconfig as a secret with a stable cluster identifier", async () => {
        let asked: Record<string, unknown> | undefined;
        const run = await runComponents(
            () =>
                new AksCluster("prod-weu", {
                    resourceGroupName: "rg",
                    environment: "prod",
                    spec: managed(prod),
                    kubeloginMode: "workloadidentity",
                }),
            {
                preview: false,
                cloud: playAzure,
                calls: {
                    "azure-native:containerservice:listManagedClusterUserCredentials": (inputs) => {
                        asked = inputs;
                        return { kubeconfigs: [{ name: "clusterUser", value: Buffer.from(USER_KUBECONFIG).toString("base64") }] };
                    },
                },
            },
        );
        assert.deepEqual(asked, { resourceGroupName: "rg", resourceName: "aks-prod-weu" });
        const provider = run.one("pulumi:providers:kubernetes").inputs;
        assert.equal(provider.kubeconfig, SECRET);
        assert.equal(provider.clusterIdentifier, "prod/weu");
    });
});
