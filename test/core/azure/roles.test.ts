import * as assert from "node:assert/strict";
import { assignmentDescription, BUILT_IN_ROLES, ROLE_NAMES, roleDefinitionId, roleOfDescription } from "../../../core/azure/roles";

const SUBSCRIPTION = "/subscriptions/11111111-2222-3333-4444-555555555555";

describe("roleDefinitionId", () => {
    it("GIVEN a resource's scope THEN the role is defined at its subscription", () => {
        assert.equal(
            roleDefinitionId(
                `${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/acr`,
                BUILT_IN_ROLES.acrPull,
            ),
            `${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d`,
        );
    });

    it("GIVEN the subscription itself as the scope THEN the role is defined there", () => {
        assert.equal(roleDefinitionId(SUBSCRIPTION, "r"), `${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/r`);
    });

    for (const scope of ["", "subscriptions/x/resourceGroups/rg", "/resourceGroups/rg", "/subscriptions//resourceGroups/rg"]) {
        it(`GIVEN the scope ${JSON.stringify(scope)}, which names no subscription THEN it says so`, () => {
            assert.throws(() => roleDefinitionId(scope, "r"), { message: `cannot find the subscription in scope "${scope}"` });
        });
    }
});

describe("assignment descriptions", () => {
    it("GIVEN every built-in role THEN its description names it in words, and reads back to that name", () => {
        const roles = Object.keys(BUILT_IN_ROLES) as (keyof typeof BUILT_IN_ROLES)[];
        assert.ok(roles.length > 0);
        for (const role of roles) {
            const description = assignmentDescription(role, "the chart registry");
            assert.equal(description, `helm-platform: ${ROLE_NAMES[role]} on the chart registry`);
            assert.equal(roleOfDescription(description), ROLE_NAMES[role]);
        }
    });

    it("GIVEN a target that says 'on' itself THEN the role read back stops at the first 'on'", () => {
        assert.equal(roleOfDescription(assignmentDescription("acrPull", "cluster weu on behalf of team data")), "AcrPull");
    });

    it("GIVEN a description the platform did not write THEN no role is read from it", () => {
        for (const text of ["", "AcrPull on the registry", "helm-platform: AcrPull", "terraform: AcrPull on x"]) {
            assert.equal(roleOfDescription(text), undefined, text);
        }
    });
});
