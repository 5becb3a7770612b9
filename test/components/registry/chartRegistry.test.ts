import * as assert from "node:assert/strict";
import { CHART_REGISTRY_DEFAULTS, ChartRegistry } from "../../../components";
import { conditionScope, WRITER_DATA_ACTIONS } from "../../../core/azure/repositoryConditions";
import { BUILT_IN_ROLES } from "../../../core/azure/roles";
import { chartRegistryArgs } from "../../../program/props";
import { load, playAzure, runComponents, SUBSCRIPTION } from "../../helpers";

/** The args the stack program gives prod's registry. */
const prodRegistry = chartRegistryArgs(load("prod").environment, "rg", {});

describe("ChartRegistry", () => {
    it("turns off the admin user and anonymous pull, and replicates where configured", async () => {
        const run = await runComponents(() => new ChartRegistry("prod-registry", prodRegistry));
        const inputs = run.one("azure-native:containerregistry:Registry").inputs as Record<string, any>;
        assert.equal(inputs.adminUserEnabled, false);
        assert.equal(inputs.anonymousPullEnabled, false);
        assert.equal(inputs.sku.name, "Premium");
        assert.deepEqual(
            run.all("azure-native:containerregistry:Replication").map((r) => r.inputs.location),
            ["northeurope"],
        );
    });

    it("grantPull gives AcrPull and Container Registry Repository Reader on the whole registry", async () => {
        const run = await runComponents(
            () =>
                new ChartRegistry("r", prodRegistry).grantPull("kubelet", {
                    principalId: "kubelet-object-id",
                }),
            { preview: false, cloud: playAzure },
        );
        const registryId = `${SUBSCRIPTION}/resourceGroups/rg/providers/azure-native:containerregistry:Registry/r-acr`;
        for (const [suffix, role] of [
            ["kubelet-pull", BUILT_IN_ROLES.acrPull],
            ["kubelet-read", BUILT_IN_ROLES.repositoryReader],
        ] as const) {
            const grant = run.one("azure-native:authorization:RoleAssignment", suffix).inputs;
            assert.equal(grant.roleDefinitionId, `${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${role}`);
            assert.deepEqual(
                [grant.scope, grant.principalId, grant.principalType, grant.condition],
                [registryId, "kubelet-object-id", "ServicePrincipal", undefined],
            );
        }
    });

    it("grantPublish gives Container Registry Repository Writer narrowed to one owner's path by an ABAC condition", async () => {
        const run = await runComponents(
            () =>
                new ChartRegistry("r", prodRegistry).grantPublish(
                    "fintech-0",
                    { principalId: "ci-object-id" },
                    "fintech",
                    "team fintech's publisher 0",
                ),
            { preview: false, cloud: playAzure },
        );
        const grant = run.one("azure-native:authorization:RoleAssignment", "fintech-0-publish").inputs;
        assert.equal(
            grant.roleDefinitionId,
            `${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${BUILT_IN_ROLES.repositoryWriter}`,
        );
        assert.equal(grant.conditionVersion, "2.0");
        const scope = conditionScope(String(grant.condition));
        assert.deepEqual(
            scope,
            { prefixes: ["helm-charts/fintech/"], actions: [...WRITER_DATA_ACTIONS] },
            "every data action of the role is narrowed",
        );
        assert.equal(
            grant.description,
            "helm-platform: Container Registry Repository Writer on the chart registry for team fintech's publisher 0, under helm-charts/fintech/ only",
        );
    });
});

describe("ChartRegistry defaults", () => {
    const minimal = { resourceGroupName: "rg", registryName: "acrteamtwo", location: "westeurope" };

    it("GIVEN only a resource group, a name and a region WHEN the registry is created THEN it is Premium, zone-redundant, keeps untagged manifests 30 days and is not replicated", async () => {
        const run = await runComponents(() => new ChartRegistry("r", minimal));
        const inputs = run.one("azure-native:containerregistry:Registry").inputs as Record<string, any>;
        assert.deepEqual(CHART_REGISTRY_DEFAULTS, { sku: "Premium", retentionDays: 30, publicNetworkAccess: true });
        assert.deepEqual(
            [inputs.sku.name, inputs.zoneRedundancy, inputs.policies.retentionPolicy, inputs.publicNetworkAccess],
            ["Premium", "Enabled", { days: 30, status: "enabled" }, "Enabled"],
        );
        assert.deepEqual([inputs.adminUserEnabled, inputs.anonymousPullEnabled, inputs.tags], [false, false, undefined]);
        assert.equal(run.all("azure-native:containerregistry:Replication").length, 0);
        assert.equal(run.all("azure-native:network:PrivateEndpoint").length, 0);
        assert.equal(run.one("azure-native:containerregistry:Registry").protect, false);
    });

    it("GIVEN a Standard SKU and replicas WHEN the registry is created THEN the SKU wins, with no zone redundancy and no retention (Premium features)", async () => {
        const run = await runComponents(
            () => new ChartRegistry("r", { ...minimal, sku: "Standard", replicaLocations: ["northeurope"], protect: true }),
        );
        const registry = run.one("azure-native:containerregistry:Registry");
        const inputs = registry.inputs as Record<string, any>;
        assert.deepEqual(
            [inputs.sku.name, inputs.zoneRedundancy, inputs.policies, registry.protect],
            ["Standard", "Disabled", undefined, true],
        );
        assert.deepEqual(
            run.all("azure-native:containerregistry:Replication").map((r) => r.inputs["location"]),
            ["northeurope"],
        );
    });
});
