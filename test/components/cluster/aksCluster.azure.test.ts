import * as assert from "node:assert/strict";
import { AksCluster, type AksClusterArgs } from "../../../components";
import { BUILT_IN_ROLES } from "../../../core/azure/roles";
import type { ManagedClusterSpec } from "../../../core/model/environment";
import { aksClusterArgs } from "../../../program/props";
import { load, playAzure, runComponents, SUBSCRIPTION } from "../../helpers";

const prod = load("prod").environment;
const prodWeu = prod.clusters[0] as ManagedClusterSpec;
/** The args the stack program gives prod's first cluster, with `changes`. */
const prodCluster = (changes: Partial<AksClusterArgs> = {}): AksClusterArgs => ({
    ...aksClusterArgs(prodWeu, prod, { resourceGroupName: "rg", clusterAdminPrincipalIds: [], tags: {} }),
    ...changes,
});

const MINIMAL_KUBECONFIG = Buffer.from("apiVersion: v1\nusers: []\n").toString("base64");

describe("AksCluster, Azure foundation", () => {
    it("schedules cluster and node OS upgrades in the profile's weekly window", async () => {
        const run = await runComponents(() => new AksCluster("prod-weu", prodCluster()));
        const configs = run.all("azure-native:containerservice:MaintenanceConfiguration").map((r) => r.inputs as Record<string, any>);
        assert.deepEqual(configs.map((c) => c.configName).sort(), ["aksManagedAutoUpgradeSchedule", "aksManagedNodeOSUpgradeSchedule"]);
        for (const c of configs) {
            assert.deepEqual(c.maintenanceWindow, {
                schedule: { weekly: { dayOfWeek: "Sunday", intervalWeeks: 1 } },
                startTime: "02:00",
                durationHours: 4,
                utcOffset: "+00:00",
            });
        }
    });

    it("turns on Container Insights and Defender only when a Log Analytics workspace is configured", async () => {
        const workspace = `${SUBSCRIPTION}/resourceGroups/logs/providers/Microsoft.OperationalInsights/workspaces/platform`;
        const withWorkspace = await runComponents(() => new AksCluster("c", prodCluster({ logAnalyticsWorkspaceId: workspace })));
        const inputs = withWorkspace.one("azure-native:containerservice:ManagedCluster").inputs as Record<string, any>;
        assert.deepEqual(inputs.addonProfiles.omsagent, {
            enabled: true,
            config: { logAnalyticsWorkspaceResourceID: workspace, useAADAuth: "true" },
        });
        assert.deepEqual(inputs.securityProfile.defender, {
            logAnalyticsWorkspaceResourceId: workspace,
            securityMonitoring: { enabled: true },
        });
        assert.deepEqual(inputs.addonProfiles.azurepolicy, { enabled: true });
        const without = await runComponents(() => new AksCluster("c", prodCluster()));
        const plain = without.one("azure-native:containerservice:ManagedCluster").inputs as Record<string, any>;
        assert.equal(plain.addonProfiles.omsagent, undefined);
        assert.equal(plain.securityProfile.defender, undefined);
    });

    it("GIVEN an upgrade channel THEN Pulumi leaves the Kubernetes versions AKS moves to, and the autoscaler's counts, alone", async () => {
        const onChannel = await runComponents(() => new AksCluster("c", prodCluster()));
        assert.equal(prodWeu.upgradeChannel, "stable");
        assert.deepEqual(onChannel.one("azure-native:containerservice:ManagedCluster").ignoreChanges, [
            "agentPoolProfiles[*].count",
            "kubernetesVersion",
            "agentPoolProfiles[*].orchestratorVersion",
        ]);
        const pinned = await runComponents(() => new AksCluster("c", prodCluster({ upgradeChannel: "none" })));
        assert.deepEqual(pinned.one("azure-native:containerservice:ManagedCluster").ignoreChanges, ["agentPoolProfiles[*].count"]);
    });

    const withDeployer = () => new AksCluster("prod-weu", prodCluster({ clusterAdminPrincipalIds: ["deployer-object-id"] }));

    it("makes the cluster's provider, and so everything on the cluster, wait for the deploying identity's grant", async () => {
        const run = await runComponents(withDeployer);
        assert.deepEqual(run.one("pulumi:providers:kubernetes").dependsOn, [
            "azure-native:authorization:RoleAssignment::prod-weu-cluster-admin-0",
        ]);
    });

    it("gives the deploying identity AKS RBAC Cluster Admin on exactly this cluster", async () => {
        const run = await runComponents(withDeployer, {
            preview: false,
            cloud: playAzure,
            calls: {
                "azure-native:containerservice:listManagedClusterUserCredentials": () => ({
                    kubeconfigs: [{ name: "u", value: MINIMAL_KUBECONFIG }],
                }),
            },
        });
        const admin = run.one("azure-native:authorization:RoleAssignment", "cluster-admin-0").inputs;
        assert.equal(
            admin.roleDefinitionId,
            `${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${BUILT_IN_ROLES.aksRbacClusterAdmin}`,
        );
        assert.equal(admin.principalId, "deployer-object-id");
        assert.equal(admin.scope, `${SUBSCRIPTION}/resourceGroups/rg/providers/azure-native:containerservice:ManagedCluster/prod-weu-aks`);
    });
});
