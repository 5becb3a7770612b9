import * as assert from "node:assert/strict";
import type * as pulumi from "@pulumi/pulumi";
import type { Values } from "../../core/values/merge";
import type { GitHubEnvironment } from "../../guards/environments";
import { GITHUB_ACTIONS_APP_ID, RepositoryGuards, type RepositoryGuardsArgs } from "../../guards/repository";
import { type ComponentRun, runComponents } from "../helpers";

const ENVIRONMENT = "github:index/repositoryEnvironment:RepositoryEnvironment";
const RULESET = "github:index/repositoryRuleset:RepositoryRuleset";
const TEAM = "github:index/team:Team";
const ACCESS = "github:index/teamRepository:TeamRepository";

/** GitHub team IDs the `getTeam` mock answers with. */
const TEAM_IDS: Readonly<Record<string, number>> = { platform: 4242, sre: 7 };

const environment = (name: string, reviewers: string[], identity = true): GitHubEnvironment => ({
    name,
    kind: "deploy",
    stack: name,
    reviewers,
    ...(identity ? { identity: { name: `id-${name}`, clientIdVariable: "AZURE_CLIENT_ID" } } : {}),
    variables: {},
});

const ARGS: RepositoryGuardsArgs = {
    repository: "contoso/helm-platform",
    environments: [environment("dev", []), environment("uat", ["platform"]), environment("prod", ["platform", "sre"])],
    tenantTeams: [
        { slug: "fintech", tenants: ["fintech"], description: "Owns tenants/fintech/" },
        { slug: "payments", tenants: ["cards", "ledger"], description: "Owns tenants/cards/, tenants/ledger/" },
    ],
    requiredApprovals: 2,
    azure: { resourceGroupName: "rg-helm-platform-ci", location: "westeurope" },
};

/** The guards of ARGS with `more`, and the slugs `getTeam` was asked for, in order. */
async function guards(
    more: Partial<RepositoryGuardsArgs> = {},
    options: { cloud?: (args: pulumi.runtime.MockResourceArgs) => { id: string; state: Values } } = {},
): Promise<{ run: ComponentRun; asked: string[]; component: RepositoryGuards }> {
    const asked: string[] = [];
    let component: RepositoryGuards | undefined;
    const run = await runComponents(
        () => {
            component = new RepositoryGuards("repository", { ...ARGS, ...more });
        },
        {
            calls: {
                "github:index/getTeam:getTeam": (inputs) => {
                    asked.push(String(inputs["slug"]));
                    return { id: String(TEAM_IDS[String(inputs["slug"])]), slug: inputs["slug"] };
                },
            },
            ...(options.cloud ? { preview: false, cloud: options.cloud } : {}),
        },
    );
    return { run, asked, component: component as RepositoryGuards };
}

const resolved = <T>(output: pulumi.Output<T>) => new Promise<T>((resolve) => output.apply(resolve));

describe("RepositoryGuards (guards/repository.ts)", () => {
    let planned: { run: ComponentRun; asked: string[] };
    before(async () => {
        planned = await guards();
    });

    it("GIVEN the approvals asked THEN main has a ruleset nobody bypasses: pull requests, code owners, the PR workflow's checks, no force push", () => {
        const { run } = planned;
        const ruleset = run.one(RULESET);
        assert.equal(ruleset.protect, true);
        assert.deepEqual(
            {
                repository: ruleset.inputs["repository"],
                target: ruleset.inputs["target"],
                enforcement: ruleset.inputs["enforcement"],
                conditions: ruleset.inputs["conditions"],
                bypassActors: ruleset.inputs["bypassActors"],
            },
            {
                repository: "helm-platform",
                target: "branch",
                enforcement: "active",
                conditions: { refName: { excludes: [], includes: ["refs/heads/main"] } },
                bypassActors: [],
            },
        );
        const rules = ruleset.inputs["rules"] as Record<string, unknown>;
        assert.equal(rules["deletion"], true);
        assert.equal(rules["nonFastForward"], true);
        assert.deepEqual(rules["pullRequest"], {
            dismissStaleReviewsOnPush: true,
            requireCodeOwnerReview: true,
            requireLastPushApproval: true,
            requiredApprovingReviewCount: 2,
            requiredReviewThreadResolution: false,
        });
        assert.deepEqual(rules["requiredStatusChecks"], {
            requiredChecks: [
                { context: "tests", integrationId: GITHUB_ACTIONS_APP_ID },
                { context: "report", integrationId: GITHUB_ACTIONS_APP_ID },
            ],
            strictRequiredStatusChecksPolicy: true,
        });
    });

    it("GIVEN tenant teams THEN each is a closed GitHub team with push access to the repository, one shared by its tenants", () => {
        const { run } = planned;
        assert.deepEqual(
            run.all(TEAM).map((t) => [t.name, t.inputs["name"], t.inputs["privacy"], t.inputs["description"]]),
            [
                ["repository-team-fintech", "fintech", "closed", "Owns tenants/fintech/"],
                ["repository-team-payments", "payments", "closed", "Owns tenants/cards/, tenants/ledger/"],
            ],
        );
        const access = run.all(ACCESS);
        assert.deepEqual(
            access.map((a) => [a.name, a.inputs["repository"], a.inputs["permission"], a.inputDependencies]),
            [
                ["repository-team-fintech-access", "helm-platform", "push", [`${TEAM}::repository-team-fintech`]],
                ["repository-team-payments-access", "helm-platform", "push", [`${TEAM}::repository-team-payments`]],
            ],
        );
    });

    it("GIVEN reviewer teams named by several environments THEN each environment's reviewers are their IDs, each team looked up once", () => {
        const { run, asked } = planned;
        const reviewersOf = (name: string) => run.all(ENVIRONMENT).find((e) => e.inputs["environment"] === name)?.inputs["reviewers"];
        assert.deepEqual(["dev", "uat", "prod"].map(reviewersOf), [undefined, [{ teams: [4242] }], [{ teams: [4242, 7] }]]);
        assert.deepEqual(asked, ["platform", "sre"]);
    });

    it("GIVEN the repository THEN OIDC subjects keep GitHub's default template, which the credentials' subjects assume", () => {
        const { run } = planned;
        const template = run.one(
            "github:index/actionsRepositoryOidcSubjectClaimCustomizationTemplate:ActionsRepositoryOidcSubjectClaimCustomizationTemplate",
        );
        assert.deepEqual(template.inputs, { repository: "helm-platform", useDefault: true });
    });

    it("GIVEN environments with and without an identity THEN the client and principal IDs are those of each identity, by environment", async () => {
        const cloud = (args: pulumi.runtime.MockResourceArgs) => ({
            id: `id-of-${args.name}`,
            state: { clientId: `client-${args.inputs.resourceName}`, principalId: `principal-${args.inputs.resourceName}` },
        });
        const environments = [environment("dev", []), environment("drift-dev", [], false)];
        const { component } = await guards({ environments }, { cloud });
        assert.deepEqual(Object.keys(component.clientIds), ["dev"]);
        assert.deepEqual(Object.keys(component.principalIds), ["dev"]);
        assert.deepEqual(
            await Promise.all([
                resolved(component.clientIds["dev"] as pulumi.Output<string>),
                resolved(component.principalIds["dev"] as pulumi.Output<string>),
            ]),
            ["client-id-dev", "principal-id-dev"],
        );
    });
});
