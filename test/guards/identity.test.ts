import * as assert from "node:assert/strict";
import * as github from "@pulumi/github";
import type * as pulumi from "@pulumi/pulumi";
import { TYPE } from "../../core/base/resourceTypes";
import type { Values } from "../../core/values/merge";
import { EnvironmentIdentity, type EnvironmentIdentityArgs } from "../../guards/identity";
import { runComponents } from "../helpers";

const IDENTITY = "azure-native:managedidentity:UserAssignedIdentity";
const CREDENTIAL = TYPE.federatedIdentityCredential;
const COMPONENT = "helm-platform-guards:azure:EnvironmentIdentity";

const ARGS: EnvironmentIdentityArgs = {
    resourceGroupName: "rg-helm-platform-ci",
    location: "westeurope",
    identityName: "id-helm-platform-deploy-prod",
    repository: "contoso/helm-platform",
    environment: "prod",
    tags: { "helm-platform/stack": "prod" },
};

/** Plays Azure: an identity is named by its `resourceName` and has IDs derived from it. */
function azure(args: pulumi.runtime.MockResourceArgs): { id: string; state: Values } {
    const name = String(args.inputs.resourceName ?? args.name);
    return { id: `/identities/${name}`, state: { name, clientId: `client-${name}`, principalId: `principal-${name}`, tenantId: "tenant" } };
}

const resolved = <T>(output: pulumi.Output<T>) => new Promise<T>((resolve) => output.apply(resolve));

describe("EnvironmentIdentity (guards/identity.ts)", () => {
    it("GIVEN an environment THEN a protected identity of that name, in the resource group, with the tags", async () => {
        const run = await runComponents(() => new EnvironmentIdentity("prod-azure", ARGS));
        const identity = run.one(IDENTITY);
        assert.equal(identity.name, "prod-azure-identity");
        assert.equal(identity.protect, true, "a destroy of the guards does not drop the identity the deployments sign in as");
        assert.equal(identity.parent, `${COMPONENT}::prod-azure`);
        assert.deepEqual(identity.inputs, {
            location: "westeurope",
            resourceGroupName: "rg-helm-platform-ci",
            resourceName: "id-helm-platform-deploy-prod",
            tags: { "helm-platform/stack": "prod" },
        });
    });

    it("GIVEN no tags THEN the identity has none", async () => {
        const run = await runComponents(() => new EnvironmentIdentity("dev-azure", { ...ARGS, tags: undefined }));
        assert.equal(run.one(IDENTITY).inputs["tags"], undefined);
    });

    it("GIVEN an environment THEN one credential trusts GitHub's tokens of that environment's jobs in the repository, and nothing else", async () => {
        const run = await runComponents(() => new EnvironmentIdentity("prod-azure", ARGS), { preview: false, cloud: azure });
        const credential = run.one(CREDENTIAL);
        assert.equal(credential.name, "prod-azure-github");
        assert.deepEqual(credential.inputs, {
            audiences: ["api://AzureADTokenExchange"],
            federatedIdentityCredentialResourceName: "github",
            issuer: "https://token.actions.githubusercontent.com",
            resourceGroupName: "rg-helm-platform-ci",
            resourceName: "id-helm-platform-deploy-prod",
            subject: "repo:contoso/helm-platform:environment:prod",
        });
        assert.deepEqual(credential.inputDependencies, [`${IDENTITY}::prod-azure-identity`], "the credential is made on the identity made");
    });

    it("GIVEN the environment as a GitHub environment's output THEN the subject names it and the credential follows it", async () => {
        const run = await runComponents(() => {
            const environment = new github.RepositoryEnvironment("uat-environment", { repository: "helm-platform", environment: "uat" });
            return new EnvironmentIdentity("uat-azure", { ...ARGS, environment: environment.environment });
        });
        const credential = run.one(CREDENTIAL);
        assert.equal(credential.inputs["subject"], "repo:contoso/helm-platform:environment:uat");
        assert.ok(
            credential.inputDependencies?.includes("github:index/repositoryEnvironment:RepositoryEnvironment::uat-environment"),
            JSON.stringify(credential.inputDependencies),
        );
    });

    it("GIVEN the identity made THEN the component's client, principal and tenant IDs are the identity's", async () => {
        let component: EnvironmentIdentity | undefined;
        await runComponents(
            () => {
                component = new EnvironmentIdentity("prod-azure", ARGS);
            },
            { preview: false, cloud: azure },
        );
        const made = component as EnvironmentIdentity;
        assert.deepEqual(await Promise.all([resolved(made.clientId), resolved(made.principalId), resolved(made.tenantId)]), [
            "client-id-helm-platform-deploy-prod",
            "principal-id-helm-platform-deploy-prod",
            "tenant",
        ]);
    });
});
