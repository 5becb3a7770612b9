import * as assert from "node:assert/strict";
import { ENTRA_TOKEN_EXCHANGE_AUDIENCE, GITHUB_ISSUER, TeamCiIdentity } from "../../../components/tenant/ciIdentity";
import { TYPE } from "../../../core/base/resourceTypes";
import { runComponents } from "../../helpers";

const SUBJECT = "repo:contoso/payments:environment:prod";

describe("TeamCiIdentity", () => {
    const build = (tags?: Record<string, string>) =>
        runComponents(
            () =>
                new TeamCiIdentity("prod-fintech-ci", {
                    resourceGroupName: "rg-prod",
                    location: "westeurope",
                    identityName: "id-prod-fintech-ci",
                    subject: SUBJECT,
                    tags,
                }),
        );

    it("GIVEN a subject THEN one identity trusts GitHub's tokens for that subject alone, exchanged for Entra's audience", async () => {
        const run = await build();
        const credential = run.one(TYPE.federatedIdentityCredential, "-github");
        assert.deepEqual(
            [credential.inputs.issuer, credential.inputs.subject, credential.inputs.audiences],
            [GITHUB_ISSUER, SUBJECT, [ENTRA_TOKEN_EXCHANGE_AUDIENCE]],
        );
        assert.equal(GITHUB_ISSUER, "https://token.actions.githubusercontent.com");
        assert.equal(ENTRA_TOKEN_EXCHANGE_AUDIENCE, "api://AzureADTokenExchange");
        const identity = run.one(TYPE.userAssignedIdentity, "-identity");
        assert.deepEqual(
            [identity.inputs.resourceName, identity.inputs.resourceGroupName, identity.inputs.location, identity.inputs.tags],
            ["id-prod-fintech-ci", "rg-prod", "westeurope", undefined],
        );
        assert.equal(run.all(TYPE.federatedIdentityCredential).length, 1, "no second subject can sign in");
    });

    it("GIVEN tags THEN the identity carries them", async () => {
        const run = await build({ environment: "prod", team: "fintech" });
        assert.deepEqual(run.one(TYPE.userAssignedIdentity).inputs.tags, { environment: "prod", team: "fintech" });
    });
});
