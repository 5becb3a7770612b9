import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { AksCluster, ChartRegistry, Platform } from "../components";
import { BUILT_IN_ROLES } from "../core/azure/roles";
import { UNKNOWN } from "../core/base/constants";
import type { ManagedClusterSpec } from "../core/model/environment";
import { CLOUD_ONLY_CALLS } from "../plan/runPlan";
import { changedTree, load, playAzure, runComponents, SAMPLE_SECRETS, SUBSCRIPTION, sampleTree } from "./helpers";

const prodWeu = load("prod").environment.clusters[0] as ManagedClusterSpec;
const devStack = sampleTree().read("Pulumi.dev.yaml") as string;

describe("AksCluster, Azure foundation", () => {
    it("schedules cluster and node OS upgrades in the profile's weekly window", async () => {
        const run = await runComponents(() => new AksCluster("prod-weu", { resourceGroupName: "rg", environment: "prod", spec: prodWeu }));
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
        const withWorkspace = await runComponents(
            () =>
                new AksCluster("c", {
                    resourceGroupName: "rg",
                    environment: "prod",
                    spec: { ...prodWeu, logAnalyticsWorkspaceId: workspace },
                }),
        );
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
        const without = await runComponents(() => new AksCluster("c", { resourceGroupName: "rg", environment: "prod", spec: prodWeu }));
        const plain = without.one("azure-native:containerservice:ManagedCluster").inputs as Record<string, any>;
        assert.equal(plain.addonProfiles.omsagent, undefined);
        assert.equal(plain.securityProfile.defender, undefined);
    });

    it("GIVEN an upgrade channel THEN Pulumi leaves the Kubernetes versions AKS moves to, and the autoscaler's counts, alone", async () => {
        const onChannel = await runComponents(() => new AksCluster("c", { resourceGroupName: "rg", environment: "prod", spec: prodWeu }));
        assert.equal(prodWeu.upgradeChannel, "stable");
        assert.deepEqual(onChannel.one("azure-native:containerservice:ManagedCluster").ignoreChanges, [
            "agentPoolProfiles[*].count",
            "kubernetesVersion",
            "agentPoolProfiles[*].orchestratorVersion",
        ]);
        const pinned = await runComponents(
            () => new AksCluster("c", { resourceGroupName: "rg", environment: "prod", spec: { ...prodWeu, upgradeChannel: "none" } }),
        );
        assert.deepEqual(pinned.one("azure-native:containerservice:ManagedCluster").ignoreChanges, ["agentPoolProfiles[*].count"]);
    });

    it("makes the cluster's provider, and so everything on the cluster, wait for the deploying identity's grant", async () => {
        const run = await runComponents(
            () =>
                new AksCluster("prod-weu", {
                    resourceGroupName: "rg",
                    environment: "prod",
                    spec: prodWeu,
                    clusterAdminPrincipalIds: ["deployer-object-id"],
                }),
        );
        assert.deepEqual(run.one("pulumi:providers:kubernetes").dependsOn, [
            "azure-native:authorization:RoleAssignment::prod-weu-cluster-admin-0",
        ]);
    });

    it("gives the deploying identity AKS RBAC Cluster Admin on exactly this cluster", async () => {
        const run = await runComponents(
            () =>
                new AksCluster("prod-weu", {
                    resourceGroupName: "rg",
                    environment: "prod",
                    spec: prodWeu,
                    clusterAdminPrincipalIds: ["deployer-object-id"],
                }),
            {
                preview: false,
                cloud: playAzure,
                calls: {
                    "azure-native:containerservice:listManagedClusterUserCredentials": () => ({
                        kubeconfigs: [{ name: "u", value: MINIMAL_KUBECONFIG }],
                    }),
                },
            },
        );
        const admin = run.one("azure-native:authorization:RoleAssignment", "cluster-admin-0").inputs;
        assert.equal(
            admin.roleDefinitionId,
            `${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${BUILT_IN_ROLES.aksRbacClusterAdmin}`,
        );
        assert.equal(admin.principalId, "deployer-object-id");
        assert.equal(admin.scope, `${SUBSCRIPTION}/resourceGroups/rg/providers/azure-native:containerservice:ManagedCluster/prod-weu-aks`);
    });
});

const MINIMAL_KUBECONFIG = Buffer.from("apiVersion: v1\nusers: []\n").toString("base64");

/** Plans the dev platform with its only cluster replaced by an existing one. */
async function devWithExisting(existing: string, kubeconfigs?: Record<string, string>) {
    const tree = changedTree({
        "Pulumi.dev.yaml": devStack.replace('      location: westeurope\n      kubernetesVersion: "1.33"\n', existing),
    });
    const model = load("dev", tree);
    return runComponents(() => new Platform("dev", { model, secrets: SAMPLE_SECRETS, kubeconfigs }), { calls: CLOUD_ONLY_CALLS });
}

const KIND_KUBECONFIG = [
    "apiVersion: v1",
    "kind: Config",
    "current-context: kind-dev",
    "contexts: [{name: kind-dev, context: {cluster: kind-dev, user: kind-dev}}, {name: other, context: {cluster: other, user: other}}]",
    "clusters: [{name: kind-dev, cluster: {server: 'https://127.0.0.1:6443'}}, {name: other, cluster: {server: 'https://10.0.0.1'}}]",
    "users: [{name: kind-dev, user: {token: kind-token}}, {name: other, user: {token: other-token}}]",
].join("\n");

describe("existing clusters", () => {
    it("GIVEN an existing AKS cluster THEN releases go there through its user credentials and its kubelet may pull", async () => {
        const run = await devWithExisting("      existing:\n        aksName: aks-shared-dev\n        resourceGroupName: rg-shared\n");
        assert.equal(run.all("azure-native:containerservice:ManagedCluster").length, 0);
        const provider = run.one("pulumi:providers:kubernetes", "-weu-k8s").inputs;
        assert.equal(provider.kubeconfig, UNKNOWN, "credentials are Azure's to give");
        assert.equal(provider.clusterIdentifier, "dev/weu");
        const pull = run.all("azure-native:authorization:RoleAssignment").find((r) => r.name.endsWith("weu-kubelet-pull"));
        assert.ok(pull, "the existing cluster's kubelet gets AcrPull");
        const teamReleases = run.all("kubernetes:helm.sh/v3:Release").filter((r) => r.inputs.namespace !== "monitoring");
        assert.ok(teamReleases.length > 0);
        for (const r of teamReleases) {
            assert.equal(
                r.provider,
                `pulumi:providers:kubernetes::dev-weu-${String(r.inputs.name).split("-")[0]}-installer`,
                `${r.name} installs as its team`,
            );
        }
    });

    it("GIVEN a kubeconfig context and its kubeconfig THEN the platform uses that context, teams impersonate from it, and nothing in Azure is touched", async () => {
        const run = await devWithExisting("      existing:\n        kubeconfigContext: kind-dev\n", { weu: KIND_KUBECONFIG });
        const provider = run.one("pulumi:providers:kubernetes", "-weu-k8s").inputs;
        assert.equal(provider.context, "kind-dev");
        assert.equal(provider.kubeconfig, "[secret]");
        assert.equal(run.one("pulumi:providers:kubernetes", "-fintech-installer").inputs.kubeconfig, "[secret]");
        assert.equal(run.all("azure-native:containerservice:ManagedCluster").length, 0);
        assert.equal(run.all("azure-native:authorization:RoleAssignment").filter((r) => r.name.includes("kubelet")).length, 0);
    });

    it("GIVEN a kubeconfig context without its kubeconfig THEN it refuses to install team charts with the platform's rights", async () => {
        await assert.rejects(
            devWithExisting("      existing:\n        kubeconfigContext: kind-dev\n"),
            /reached through an ambient kubeconfig, so team \w+'s releases cannot impersonate their installer/,
        );
    });
});

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

describe("ChartRegistry private endpoint", () => {
    it("connects the registry sub-resource to the subnet and registers it in the private DNS zone", async () => {
        const subnetId = `${SUBSCRIPTION}/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/hub/subnets/pe`;
        const privateDnsZoneId = `${SUBSCRIPTION}/resourceGroups/dns/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io`;
        const spec = { ...load("prod").environment.registry, publicNetworkAccess: false, privateEndpoint: { subnetId, privateDnsZoneId } };
        const run = await runComponents(() => new ChartRegistry("r", { resourceGroupName: "rg", spec }), {
            preview: false,
            cloud: playAzure,
        });
        const registry = run.one("azure-native:containerregistry:Registry").inputs;
        assert.equal(registry.publicNetworkAccess, "Disabled");
        const endpoint = run.one("azure-native:network:PrivateEndpoint").inputs as Record<string, any>;
        assert.equal(endpoint.subnet.id, subnetId);
        assert.deepEqual(endpoint.privateLinkServiceConnections[0].groupIds, ["registry"]);
        assert.equal(
            endpoint.privateLinkServiceConnections[0].privateLinkServiceId,
            `${SUBSCRIPTION}/resourceGroups/rg/providers/azure-native:containerregistry:Registry/r-acr`,
        );
        const zoneGroup = run.one("azure-native:network:PrivateDnsZoneGroup").inputs as Record<string, any>;
        assert.deepEqual(zoneGroup.privateDnsZoneConfigs, [{ name: "privatelink-azurecr-io", privateDnsZoneId }]);
    });
});
