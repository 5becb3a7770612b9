import * as assert from "node:assert/strict";
import { UNKNOWN } from "../../core/base/constants";
import { TYPE } from "../../core/base/resourceTypes";
import { GuardedEnvironment, type GuardedEnvironmentArgs } from "../../guards/environment";
import type { GitHubEnvironment } from "../../guards/environments";
import { type ComponentRun, runComponents } from "../helpers";

const ENVIRONMENT = "github:index/repositoryEnvironment:RepositoryEnvironment";
const POLICY = "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy";
const VARIABLE = "github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable";
const IDENTITY = "azure-native:managedidentity:UserAssignedIdentity";
const CREDENTIAL = TYPE.federatedIdentityCredential;

/** prod's deploy environment, as githubEnvironments makes it. */
const PROD: GitHubEnvironment = {
    name: "prod",
    kind: "deploy",
    stack: "prod",
    reviewers: ["platform"],
    identity: { name: "id-helm-platform-deploy-prod", clientIdVariable: "AZURE_CLIENT_ID" },
    variables: { PULUMI_BACKEND_URL: "azblob://state", AZURE_SUBSCRIPTION_ID: "sub" },
};

/** A GuardedEnvironment `<environment>-env` of contoso/helm-platform, with `reviewerTeamIds`. */
function guarded(environment: GitHubEnvironment, reviewerTeamIds: number[] = []): Promise<ComponentRun> {
    const args: GuardedEnvironmentArgs = {
        repositoryName: "helm-platform",
        repository: "contoso/helm-platform",
        environment,
        reviewerTeamIds,
        azure: { resourceGroupName: "rg-helm-platform-ci", location: "westeurope" },
    };
    return runComponents(() => new GuardedEnvironment(`${environment.name}-env`, args));
}

describe("GuardedEnvironment (guards/environment.ts)", () => {
    it("GIVEN reviewer teams THEN they approve every job, never their own run, and no admin bypasses them", async () => {
        const run = await guarded(PROD, [4242, 7]);
        const environment = run.one(ENVIRONMENT);
        assert.equal(environment.protect, true, "a destroy of the guards does not drop the environment");
        assert.deepEqual(environment.inputs, {
            canAdminsBypass: false,
            deploymentBranchPolicy: { customBranchPolicies: true, protectedBranches: false },
            environment: "prod",
            preventSelfReview: true,
            repository: "helm-platform",
            reviewers: [{ teams: [4242, 7] }],
        });
    });

    it("GIVEN no reviewer team THEN the environment has no reviewers and no self-review rule to keep", async () => {
        const run = await guarded({ ...PROD, name: "dev", stack: "dev", reviewers: [] });
        const inputs = run.one(ENVIRONMENT).inputs;
        assert.deepEqual([inputs["reviewers"], inputs["preventSelfReview"], inputs["canAdminsBypass"]], [undefined, false, false]);
    });

    it("GIVEN an environment THEN a branch policy lets runs of main only into it, on the environment created", async () => {
        const run = await guarded(PROD);
        const policy = run.one(POLICY);
        assert.equal(policy.name, "prod-env-main");
        assert.deepEqual(policy.inputs, { branchPattern: "main", environment: "prod", repository: "helm-platform" });
        assert.deepEqual(policy.inputDependencies, [`${ENVIRONMENT}::prod-env-environment`]);
    });

    it("GIVEN an environment with an identity THEN the identity trusts that environment's jobs, tagged with its environment and stack", async () => {
        const run = await guarded(PROD);
        assert.deepEqual(run.one(IDENTITY).inputs["tags"], { "helm-platform/github-environment": "prod", "helm-platform/stack": "prod" });
        assert.equal(run.one(IDENTITY).inputs["resourceName"], "id-helm-platform-deploy-prod");
        const credential = run.one(CREDENTIAL);
        assert.equal(credential.inputs["subject"], "repo:contoso/helm-platform:environment:prod");
        assert.ok(credential.inputDependencies?.includes(`${ENVIRONMENT}::prod-env-environment`), "it follows the environment");
    });

    it("GIVEN an environment with an identity THEN its variables are its own, the identity's client ID and tenant, each one resource", async () => {
        const run = await guarded(PROD);
        const variables = run.all(VARIABLE);
        assert.deepEqual(
            variables.map((v) => [v.name, v.inputs["variableName"], v.inputs["environment"], v.inputs["repository"]]),
            [
                ["prod-env-azure-client-id", "AZURE_CLIENT_ID", "prod", "helm-platform"],
                ["prod-env-azure-subscription-id", "AZURE_SUBSCRIPTION_ID", "prod", "helm-platform"],
                ["prod-env-azure-tenant-id", "AZURE_TENANT_ID", "prod", "helm-platform"],
                ["prod-env-pulumi-backend-url", "PULUMI_BACKEND_URL", "prod", "helm-platform"],
            ],
        );
        const clientId = run.one(VARIABLE, "-azure-client-id");
        assert.equal(clientId.inputs["value"], UNKNOWN, "only Azure knows it");
        assert.ok(clientId.inputDependencies?.includes(`${IDENTITY}::prod-env-azure-identity`));
        assert.equal(run.one(VARIABLE, "-pulumi-backend-url").inputs["value"], "azblob://state");
    });

    it("GIVEN an environment without an identity THEN no Azure resource, and only its own variables", async () => {
        const run = await guarded({ ...PROD, identity: undefined, variables: { PULUMI_BACKEND_URL: "azblob://state" } });
        assert.deepEqual([run.all(IDENTITY), run.all(CREDENTIAL)], [[], []]);
        assert.deepEqual(
            run.all(VARIABLE).map((v) => v.inputs["variableName"]),
            ["PULUMI_BACKEND_URL"],
        );
    });
});
