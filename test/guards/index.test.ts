import * as assert from "node:assert/strict";
import { UNKNOWN } from "../../core/base/constants";
import { TYPE } from "../../core/base/resourceTypes";
import type { PlanResource } from "../../core/report/planTypes";
import { changedTree, sampleTree } from "../helpers";
import { type GuardsRun, planGuards, TEAM_IDS } from "../support/guards";
import { workflowEnvironments } from "../support/workflows";

const ENVIRONMENT = "github:index/repositoryEnvironment:RepositoryEnvironment";
const POLICY = "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy";
const CREDENTIAL = TYPE.federatedIdentityCredential;
const IDENTITY = "azure-native:managedidentity:UserAssignedIdentity";
const VARIABLE = "github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable";

describe("the repository's guards (guards/, planned on the mocks)", () => {
    let run: GuardsRun;
    before(async () => {
        run = await planGuards(sampleTree());
        assert.equal(run.error, undefined);
    });
    const environment = (name: string) => run.all(ENVIRONMENT).find((r) => r.inputs["environment"] === name) as PlanResource;

    it("declares exactly the GitHub environments the workflows run in, each of them resolved", () => {
        const used = workflowEnvironments();
        assert.deepEqual(used.unresolved, [], "a workflow's environment the repository cannot tell");
        assert.deepEqual(
            run
                .all(ENVIRONMENT)
                .map((r) => r.inputs["environment"])
                .sort(),
            used.environments,
        );
    });

    it("lets only main into every environment, and no admin around its protections", () => {
        for (const env of run.all(ENVIRONMENT)) {
            assert.deepEqual(env.inputs["deploymentBranchPolicy"], { customBranchPolicies: true, protectedBranches: false });
            assert.equal(env.inputs["canAdminsBypass"], false);
            assert.equal(env.protect, true, "a destroy of the guards does not drop an environment");
            const policies = run.all(POLICY).filter((p) => p.parent === env.parent);
            assert.deepEqual(
                policies.map((p) => [p.inputs["environment"], p.inputs["branchPattern"], p.inputs["tagPattern"]]),
                [[env.inputs["environment"], "main", undefined]],
            );
        }
    });

    it("has uat and prod approved by the platform team, never by the one who started the run; dev and drift need no approval", () => {
        for (const name of ["uat", "prod"]) {
            assert.deepEqual(environment(name).inputs["reviewers"], [{ teams: [TEAM_IDS["platform"]] }], name);
            assert.equal(environment(name).inputs["preventSelfReview"], true);
        }
        for (const name of ["dev", "drift-dev", "drift-uat", "drift-prod"]) {
            assert.equal(environment(name).inputs["reviewers"], undefined, name);
        }
    });

    it("federates each environment's identity with that environment's jobs only, pinned to the environment it declares", () => {
        const credentials = run.all(CREDENTIAL);
        assert.deepEqual(
            credentials.map((c) => c.inputs["subject"]).sort(),
            workflowEnvironments().environments.map((e) => `repo:contoso/helm-platform:environment:${e}`),
        );
        for (const c of credentials) {
            assert.equal(c.inputs["issuer"], "https://token.actions.githubusercontent.com");
            assert.deepEqual(c.inputs["audiences"], ["api://AzureADTokenExchange"]);
            const env = environment(String(c.inputs["subject"]).split(":environment:")[1]);
            assert.ok(c.inputDependencies?.includes(`${env.type}::${env.name}`), `${c.name} follows ${env.name}`);
        }
        assert.deepEqual(
            run
                .all(IDENTITY)
                .map((i) => i.inputs["resourceName"])
                .sort(),
            ["deploy-dev", "deploy-prod", "deploy-uat", "drift-dev", "drift-prod", "drift-uat"].map((n) => `id-helm-platform-${n}`),
        );
    });

    it("gives each environment the variables its workflow reads, the client ID from its own identity", () => {
        const variablesOf = (env: string) => run.all(VARIABLE).filter((v) => v.inputs["environment"] === env);
        const names = (env: string) => variablesOf(env).map((v) => v.inputs["variableName"]);
        assert.deepEqual(names("prod"), ["AZURE_CLIENT_ID", "AZURE_SUBSCRIPTION_ID", "AZURE_TENANT_ID", "PULUMI_BACKEND_URL"]);
        assert.deepEqual(names("drift-prod"), ["AZURE_DRIFT_CLIENT_ID", "AZURE_SUBSCRIPTION_ID", "AZURE_TENANT_ID"]);
        const clientId = variablesOf("drift-prod").find((v) => v.inputs["variableName"] === "AZURE_DRIFT_CLIENT_ID") as PlanResource;
        assert.equal(clientId.inputs["value"], UNKNOWN, "only Azure knows it");
        const identity = run.all(IDENTITY).find((i) => i.inputs["resourceName"] === "id-helm-platform-drift-prod") as PlanResource;
        assert.deepEqual(
            clientId.inputDependencies?.filter((d) => d.startsWith(IDENTITY)),
            [`${IDENTITY}::${identity.name}`],
        );
    });

    it("creates a GitHub team per tenant, with the write access a code owner needs", () => {
        assert.deepEqual(
            run.all("github:index/team:Team").map((t) => t.inputs["name"]),
            ["data", "fintech", "retail"],
        );
        for (const access of run.all("github:index/teamRepository:TeamRepository")) {
            assert.equal(access.inputs["permission"], "push");
            assert.equal(access.inputs["repository"], "helm-platform");
        }
        assert.equal(run.all("github:index/teamRepository:TeamRepository").length, 3);
    });

    it("GIVEN a tenant naming its GitHub team THEN that team is created, and the platform's team is refused with file and line", async () => {
        const fintech = sampleTree().read("tenants/fintech.yaml") as string;
        const named = await planGuards(changedTree({ "tenants/fintech.yaml": `${fintech}githubTeam: payments-engineers\n` }));
        assert.ok(named.all("github:index/team:Team").some((t) => t.inputs["name"] === "payments-engineers"));
        const platform = await planGuards(changedTree({ "tenants/fintech.yaml": `${fintech}githubTeam: platform\n` }));
        assert.match(platform.error ?? "", /tenants\/fintech\.yaml:\d+: githubTeam: GitHub team "platform" is the platform's/);
        assert.deepEqual(platform.resources, [], "nothing is registered");
    });
});
