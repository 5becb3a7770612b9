import * as assert from "node:assert/strict";
import { AksCluster, type AksClusterArgs } from "../../../components";
import { SECRET } from "../../../core/base/constants";
import { MANAGED_CLUSTER_DEFAULTS } from "../../../core/config/cluster";
import { PROFILES } from "../../../core/config/profiles";
import type { EnvironmentSpec, ManagedClusterSpec } from "../../../core/model/environment";
import { aksClusterArgs } from "../../../program/props";
import { load, playAzure, runComponents } from "../../helpers";
import { USER_KUBECONFIG } from "../../support/kubeconfigs";

const prod = load("prod").environment;
const dev = load("dev").environment;

/** The args the stack program gives the first cluster of an environment (the sample creates it), with `changes`. */
function clusterOf(env: EnvironmentSpec, changes: Partial<AksClusterArgs> = {}): AksClusterArgs {
    const spec = env.clusters[0];
    assert.equal(spec?.kind, "managed");
    return {
        ...aksClusterArgs(spec as ManagedClusterSpec, env, { resourceGroupName: "rg", clusterAdminPrincipalIds: [], tags: {} }),
        ...changes,
    };
}

describe("AksCluster", () => {
    it("GIVEN the prod profile THEN the cluster has Entra ID with Azure RBAC, no local accounts and workload identity", async () => {
        const run = await runComponents(() => new AksCluster("prod-weu", clusterOf(prod)));
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
        const run = await runComponents(() => new AksCluster("dev-weu", clusterOf(dev)));
        const network = (run.one("azure-native:containerservice:ManagedCluster").inputs as Record<string, any>).networkProfile;
        assert.equal(network.networkPlugin, "azure");
        assert.equal(network.networkPluginMode, "overlay");
        assert.equal(network.networkPolicy, "cilium");
        assert.equal(network.networkDataplane, "cilium");
    });

    it("taints the system pool and autoscales both pools within the profile's zones", async () => {
        const prodRun = await runComponents(() => new AksCluster("prod-weu", clusterOf(prod)));
        const [system, user] = (prodRun.one("azure-native:containerservice:ManagedCluster").inputs as Record<string, any>)
            .agentPoolProfiles;
        assert.deepEqual(system.nodeTaints, ["CriticalAddonsOnly=true:NoSchedule"]);
        assert.equal(system.mode, "System");
        assert.equal(user.mode, "User");
        assert.deepEqual([user.enableAutoScaling, user.minCount, user.maxCount], [true, 3, 10]);
        assert.deepEqual(user.availabilityZones, ["1", "2", "3"]);
        const devRun = await runComponents(() => new AksCluster("dev-weu", clusterOf(dev)));
        const devPools = (devRun.one("azure-native:containerservice:ManagedCluster").inputs as Record<string, any>).agentPoolProfiles;
        assert.deepEqual(
            devPools.map((p: { availabilityZones: string[] }) => p.availabilityZones),
            [[], []],
        );
        assert.equal((devRun.one("azure-native:containerservice:ManagedCluster").inputs as Record<string, any>).sku.tier, "Free");
    });

    it("GIVEN a deployed cluster THEN its provider gets the user kubeconfig as a secret with a stable cluster identifier", async () => {
        let asked: Record<string, unknown> | undefined;
        const run = await runComponents(() => new AksCluster("prod-weu", clusterOf(prod, { kubeloginMode: "workloadidentity" })), {
            preview: false,
            cloud: playAzure,
            calls: {
                "azure-native:containerservice:listManagedClusterUserCredentials": (inputs) => {
                    asked = inputs;
                    return { kubeconfigs: [{ name: "clusterUser", value: Buffer.from(USER_KUBECONFIG).toString("base64") }] };
                },
            },
        });
        assert.deepEqual(asked, { resourceGroupName: "rg", resourceName: "aks-prod-weu" });
        const provider = run.one("pulumi:providers:kubernetes").inputs;
        assert.equal(provider.kubeconfig, SECRET);
        assert.equal(provider.clusterIdentifier, "prod/weu");
    });
});

describe("AksCluster defaults", () => {
    const clusterWith = (more: Partial<AksClusterArgs> = {}) =>
        runComponents(() => new AksCluster("weu", { resourceGroupName: "rg", location: "westeurope", ...more }));
    type Inputs = Record<string, any>;

    it("GIVEN only a resource group and a region WHEN the cluster is created THEN it is named after the component and the stack, with the production profile's tier, pools and window", async () => {
        const run = await clusterWith();
        const inputs = run.one("azure-native:containerservice:ManagedCluster").inputs as Inputs;
        assert.equal(inputs.resourceName, "aks-test-weu", "aks-<the Pulumi stack>-<the component's name>");
        assert.deepEqual(inputs.tags, { environment: "test", cluster: "weu" });
        const profile = PROFILES.production.cluster;
        assert.equal(inputs.sku.tier, profile.skuTier);
        const [system, user] = inputs.agentPoolProfiles;
        assert.deepEqual(
            [system.vmSize, system.minCount, system.maxCount, system.availabilityZones],
            [profile.systemPool.vmSize, profile.systemPool.minCount, profile.systemPool.maxCount, [...profile.systemPool.zones]],
        );
        assert.deepEqual([user.vmSize, user.minCount, user.maxCount], [profile.userPool.vmSize, 3, 10]);
        assert.deepEqual(inputs.autoUpgradeProfile, { upgradeChannel: "stable", nodeOSUpgradeChannel: "NodeImage" });
        assert.deepEqual(inputs.addonProfiles, { azurepolicy: { enabled: true } });
        const window = (run.one("azure-native:containerservice:MaintenanceConfiguration", "-maintenance-upgrades").inputs as Inputs)
            .maintenanceWindow;
        assert.deepEqual([window.schedule.weekly.dayOfWeek, window.startTime], ["Sunday", "02:00"]);
    });

    it("GIVEN only a resource group and a region WHEN the cluster is created THEN it has Azure CNI overlay with Cilium, workload identity and a public API server open to any address", async () => {
        const run = await clusterWith();
        const inputs = run.one("azure-native:containerservice:ManagedCluster").inputs as Inputs;
        const { networkPlugin, networkPluginMode, networkDataplane, networkPolicy, podCidr, serviceCidr } = inputs.networkProfile;
        assert.deepEqual(
            { networkPlugin, networkPluginMode, networkDataplane, networkPolicy, podCidr, serviceCidr },
            {
                networkPlugin: "azure",
                networkPluginMode: "overlay",
                networkDataplane: "cilium",
                networkPolicy: "cilium",
                // The SDK's defaults, which are AKS's: the ranges the platform's egress checks assume.
                podCidr: MANAGED_CLUSTER_DEFAULTS.network.podCidr,
                serviceCidr: MANAGED_CLUSTER_DEFAULTS.network.serviceCidr,
            },
        );
        assert.deepEqual([inputs.oidcIssuerProfile.enabled, inputs.securityProfile.workloadIdentity.enabled], [true, true]);
        assert.deepEqual(inputs.securityProfile.imageCleaner, { enabled: true, intervalHours: 48 });
        assert.deepEqual(inputs.apiServerAccessProfile, { enablePrivateCluster: false });
        assert.deepEqual(inputs.aadProfile.adminGroupObjectIDs, []);
        assert.equal(run.all("azure-native:authorization:RoleAssignment").length, 0);
        assert.equal(run.one("azure-native:containerservice:ManagedCluster").protect, false);
    });

    it("GIVEN a name, an environment, one pool field and one window field WHEN the cluster is created THEN those win and the rest stay the defaults", async () => {
        const run = await clusterWith({
            name: "blue",
            environment: "uat",
            systemPool: { vmSize: "Standard_D2ds_v5" },
            maintenance: { dayOfWeek: "Wednesday" },
            privateCluster: true,
        });
        const inputs = run.one("azure-native:containerservice:ManagedCluster").inputs as Inputs;
        assert.equal(inputs.resourceName, "aks-uat-blue");
        const [system] = inputs.agentPoolProfiles;
        assert.deepEqual([system.vmSize, system.minCount, system.maxCount], ["Standard_D2ds_v5", 3, 5]);
        assert.equal(inputs.apiServerAccessProfile.enablePrivateCluster, true);
        const window = (run.one("azure-native:containerservice:MaintenanceConfiguration", "-maintenance-upgrades").inputs as Inputs)
            .maintenanceWindow;
        assert.deepEqual([window.schedule.weekly.dayOfWeek, window.startTime, window.durationHours], ["Wednesday", "02:00", 4]);
        assert.equal(run.one("pulumi:providers:kubernetes").inputs["clusterIdentifier"], "uat/blue");
    });

    it("GIVEN ranges other than AKS's own THEN AKS is told them, the DNS address with its Service range", async () => {
        const network = { podCidr: "10.100.0.0/16", serviceCidr: "10.200.0.0/16", dnsServiceIp: "10.200.0.10" };
        const inputs = (await clusterWith({ network })).one("azure-native:containerservice:ManagedCluster").inputs as Inputs;
        const { podCidr, serviceCidr, dnsServiceIP } = inputs.networkProfile;
        assert.deepEqual(
            { podCidr, serviceCidr, dnsServiceIP },
            { podCidr: "10.100.0.0/16", serviceCidr: "10.200.0.0/16", dnsServiceIP: "10.200.0.10" },
        );
    });
});
