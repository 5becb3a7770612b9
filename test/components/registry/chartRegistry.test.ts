import * as assert from "node:assert/strict";
import { ChartRegistry } from "../../../components";
import { BUILT_IN_ROLES } from "../../../core/azure/roles";
import { load, playAzure, runComponents, SUBSCRIPTION } from "../../helpers";

const prod = load("prod").environment;

describe("ChartRegistry", () => {
    it("turns off the admin user and anonymous pull, and replicates where configured", async () => {
        const run = await runComponents(() => new ChartRegistry("prod-registry", { resourceGroupName: "rg", spec: prod.registry }));
        const inputs = run.one("azure-native:containerregistry:Registry").inputs as Record<string, any>;
        assert.equal(inputs.adminUserEnabled, false);
        assert.equal(inputs.anonymousPullEnabled, false);
        assert.equal(inputs.sku.name, "Premium");
        assert.deepEqual(
            run.all("azure-native:containerregistry:Replication").map((r) => r.inputs.location),
            ["northeurope"],
        );
    });

    it("grantPull gives AcrPull on the registry to the principal, grantPush AcrPush", async () => {
        const run = await runComponents(
            () => {
                const registry = new ChartRegistry("r", { resourceGroupName: "rg", spec: prod.registry });
                registry.grantPull("kubelet", { principalId: "kubelet-object-id" });
                registry.grantPush("ci", { principalId: "ci-object-id" });
            },
            { preview: false, cloud: playAzure },
        );
        const registryId = `${SUBSCRIPTION}/resourceGroups/rg/providers/azure-native:containerregistry:Registry/r-acr`;
        const pull = run.one("azure-native:authorization:RoleAssignment", "kubelet-pull").inputs;
        assert.equal(pull.roleDefinitionId, `${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${BUILT_IN_ROLES.acrPull}`);
        assert.equal(pull.scope, registryId);
        assert.equal(pull.principalId, "kubelet-object-id");
        assert.equal(pull.principalType, "ServicePrincipal");
        const push = run.one("azure-native:authorization:RoleAssignment", "ci-push").inputs;
        assert.equal(push.roleDefinitionId, `${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${BUILT_IN_ROLES.acrPush}`);
    });
});
