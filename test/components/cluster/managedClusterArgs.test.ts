import * as assert from "node:assert/strict";
import { type ManagedClusterSettings, maintenanceWindowArgs, managedClusterArgs } from "../../../components/cluster/managedClusterArgs";
import { WEU } from "../../support/smallModel";

/** Cluster weu's settings as AksCluster makes them: AKS's own ranges left out. */
const { kind: _, network, ...spec } = WEU;
const SETTINGS: ManagedClusterSettings = {
    ...spec,
    network: { plugin: network.plugin, pluginMode: network.pluginMode, dataplane: network.dataplane, policy: network.policy },
};
const argsOf = (changes: Partial<ManagedClusterSettings> = {}) =>
    managedClusterArgs({ ...SETTINGS, ...changes }, "aks-shop-weu", "/identities/aks", "rg-shop", { environment: "shop" });
type Inputs = Record<string, any>;

describe("the ManagedCluster's inputs (components/cluster/managedClusterArgs.ts)", () => {
    it("GIVEN any settings THEN access is Entra ID with Azure RBAC only: no local accounts, the admin groups given", () => {
        const args = argsOf({ adminGroupObjectIds: ["admins-group", "oncall-group"] }) as Inputs;
        assert.deepEqual(args.aadProfile, { managed: true, enableAzureRBAC: true, adminGroupObjectIDs: ["admins-group", "oncall-group"] });
        assert.deepEqual([args.disableLocalAccounts, args.enableRBAC], [true, true]);
        assert.deepEqual(args.identity, { type: "UserAssigned", userAssignedIdentities: ["/identities/aks"] });
    });

    it("GIVEN the cluster's name THEN it is the resource's name and its DNS prefix, in the resource group and with the tags given", () => {
        const args = argsOf() as Inputs;
        assert.deepEqual(
            [args.resourceName, args.dnsPrefix, args.resourceGroupName, args.tags, args.location, args.kubernetesVersion],
            ["aks-shop-weu", "aks-shop-weu", "rg-shop", { environment: "shop" }, "westeurope", "1.33"],
        );
        assert.deepEqual(args.sku, { name: "Base", tier: WEU.skuTier });
    });

    const workspaces: readonly [what: string, workspace: string | undefined, addons: string[], defender: boolean][] = [
        ["a Log Analytics workspace", "/workspaces/shop", ["azurepolicy", "omsagent"], true],
        ["no workspace", undefined, ["azurepolicy"], false],
    ];
    for (const [what, workspace, addons, defender] of workspaces) {
        it(`GIVEN ${what} THEN Container Insights and Defender are ${defender ? "on, sending there" : "off"}`, () => {
            const args = argsOf({ logAnalyticsWorkspaceId: workspace }) as Inputs;
            assert.deepEqual(Object.keys(args.addonProfiles), addons);
            assert.deepEqual(
                args.securityProfile.defender,
                defender ? { logAnalyticsWorkspaceResourceId: workspace, securityMonitoring: { enabled: true } } : undefined,
            );
            if (workspace) {
                assert.deepEqual(args.addonProfiles.omsagent.config, { logAnalyticsWorkspaceResourceID: workspace, useAADAuth: "true" });
            }
        });
    }

    const networks: readonly [what: string, network: Partial<ManagedClusterSettings["network"]>, profile: Inputs][] = [
        ["Azure CNI overlay", {}, { networkPlugin: "azure", networkPluginMode: "overlay" }],
        ["no plugin mode", { pluginMode: "none" }, { networkPluginMode: undefined }],
        ["another pod range", { podCidr: "10.100.0.0/16" }, { podCidr: "10.100.0.0/16" }],
        [
            "another Service range",
            { serviceCidr: "10.200.0.0/16", dnsServiceIp: "10.200.0.10" },
            { serviceCidr: "10.200.0.0/16", dnsServiceIP: "10.200.0.10" },
        ],
    ];
    for (const [what, changes, expected] of networks) {
        it(`GIVEN ${what} THEN the network profile says so, with a standard load balancer`, () => {
            const profile = (argsOf({ network: { ...SETTINGS.network, ...changes } }) as Inputs).networkProfile;
            assert.deepEqual({ ...profile, ...expected }, profile);
            assert.equal(profile.loadBalancerSku, "standard");
        });
    }

    it("GIVEN AKS's own ranges THEN none is sent: a cluster made with them keeps its inputs", () => {
        const profile = (argsOf() as Inputs).networkProfile;
        assert.deepEqual(
            ["podCidr", "serviceCidr", "dnsServiceIP"].filter((k) => k in profile),
            [],
        );
    });

    const ranges: readonly [readonly string[], string[] | undefined][] = [
        [[], undefined],
        [["203.0.113.0/24"], ["203.0.113.0/24"]],
    ];
    for (const [given, sent] of ranges) {
        it(`GIVEN ${given.length} authorized ranges THEN the API server is ${sent ? "open to those only" : "open to any address"}`, () => {
            const access = (argsOf({ authorizedIpRanges: given, privateCluster: true }) as Inputs).apiServerAccessProfile;
            assert.deepEqual(access, { enablePrivateCluster: true, authorizedIPRanges: sent });
        });
    }

    it("GIVEN two pools THEN system pods get a tainted system pool, applications an untainted user pool, both autoscaled in their zones", () => {
        const pools = (argsOf({ systemPool: { vmSize: "Standard_D2ds_v5", minCount: 1, maxCount: 2, zones: ["1", "2"] } }) as Inputs)
            .agentPoolProfiles;
        assert.deepEqual(
            pools.map((p: Inputs) => [
                p.name,
                p.mode,
                p.nodeTaints,
                p.enableAutoScaling,
                p.count,
                p.minCount,
                p.maxCount,
                p.availabilityZones,
            ]),
            [
                ["system", "System", ["CriticalAddonsOnly=true:NoSchedule"], true, 1, 1, 2, ["1", "2"]],
                ["user", "User", [], true, WEU.userPool.minCount, WEU.userPool.minCount, WEU.userPool.maxCount, [...WEU.userPool.zones]],
            ],
        );
        assert.ok(pools.every((p: Inputs) => p.osSKU === "AzureLinux" && p.upgradeSettings.maxSurge === "33%"));
    });

    it("GIVEN a maintenance window THEN it is weekly, on its day, from its start, for its hours, in its offset", () => {
        const maintenance = { dayOfWeek: "Sunday", startTime: "22:30", durationHours: 6, utcOffset: "-05:00" } as const;
        assert.deepEqual(maintenanceWindowArgs({ maintenance }), {
            schedule: { weekly: { dayOfWeek: "Sunday", intervalWeeks: 1 } },
            startTime: "22:30",
            durationHours: 6,
            utcOffset: "-05:00",
        });
    });
});
