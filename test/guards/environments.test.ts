import * as assert from "node:assert/strict";
import type { Problem } from "../../core/base/problems";
import { ENVIRONMENT_KINDS, type EnvironmentKind, githubEnvironments, reviewerProblems } from "../../guards/environments";
import { GUARDS_STACK, type GuardsSettings, guardsSettingsFile } from "../../guards/settings";
import { sampleTree } from "../helpers";

/** The sample's guards settings with other reviewers. */
const settingsWith = (reviewers: Record<string, string[]>): GuardsSettings => ({
    ...guardsSettingsFile(sampleTree(), GUARDS_STACK),
    reviewers,
});

/** A problem as the loader builds one, with the key path joined, so a test reads it whole. */
const at = (path: readonly string[], message: string, hint: string): Problem => ({
    file: "stack.yaml",
    path: path.join("."),
    message,
    hint,
});

describe("the guards' GitHub environments (guards/environments.ts)", () => {
    describe("githubEnvironments", () => {
        it("GIVEN stacks in any order THEN every kind has one environment per stack, deploy's then drift's, each sorted by stack", () => {
            const stacks = ["uat", "dev", "prod"];
            const environments = githubEnvironments(stacks, settingsWith({ dev: [], uat: [], prod: [] }));
            assert.deepEqual(
                environments.map((e) => [e.kind, e.stack, e.name]),
                [
                    ["deploy", "dev", "dev"],
                    ["deploy", "prod", "prod"],
                    ["deploy", "uat", "uat"],
                    ["drift", "dev", "drift-dev"],
                    ["drift", "prod", "drift-prod"],
                    ["drift", "uat", "drift-uat"],
                ],
            );
            assert.deepEqual(stacks, ["uat", "dev", "prod"], "the caller's list is left as it was");
        });

        it("GIVEN no stack THEN no environment", () => {
            assert.deepEqual(githubEnvironments([], settingsWith({})), []);
        });

        it("GIVEN a stack's reviewers THEN its deploy environment has them and its drift environment none: a scheduled job cannot wait", () => {
            const [deploy, drift] = githubEnvironments(["prod"], settingsWith({ prod: ["platform", "sre"] }));
            assert.deepEqual([deploy?.name, deploy?.reviewers], ["prod", ["platform", "sre"]]);
            assert.deepEqual([drift?.name, drift?.reviewers], ["drift-prod", []]);
        });

        it("GIVEN a stack the reviewers do not name THEN its environment has no reviewers (reviewerProblems reports the gap)", () => {
            const [deploy] = githubEnvironments(["staging"], settingsWith({ prod: ["platform"] }));
            assert.deepEqual(deploy?.reviewers, []);
        });

        it("GIVEN a stack named like an Object property THEN it has no reviewers, not the property", () => {
            const [deploy] = githubEnvironments(["constructor"], settingsWith({}));
            assert.deepEqual(deploy?.reviewers, []);
        });

        it("GIVEN the settings THEN deploy jobs get their identity, subscription and state backend; drift jobs an identity of their own and no backend", () => {
            const settings = settingsWith({ prod: [] });
            const [deploy, drift] = githubEnvironments(["prod"], settings);
            assert.deepEqual(deploy?.identity, { name: "id-helm-platform-deploy-prod", clientIdVariable: "AZURE_CLIENT_ID" });
            assert.deepEqual(deploy?.variables, {
                AZURE_SUBSCRIPTION_ID: settings.azure.subscriptionId,
                PULUMI_BACKEND_URL: settings.pulumiBackendUrl,
            });
            assert.deepEqual(drift?.identity, { name: "id-helm-platform-drift-prod", clientIdVariable: "AZURE_DRIFT_CLIENT_ID" });
            assert.deepEqual(drift?.variables, { AZURE_SUBSCRIPTION_ID: settings.azure.subscriptionId });
        });

        it("GIVEN the kinds THEN no two share an environment name, an identity or a client ID variable", () => {
            const kinds = Object.values(ENVIRONMENT_KINDS);
            assert.ok(kinds.length >= 2);
            for (const of of [
                (k: EnvironmentKind) => k.name("prod"),
                (k: EnvironmentKind) => k.identity?.name("prod"),
                (k: EnvironmentKind) => k.identity?.clientIdVariable,
            ]) {
                assert.equal(new Set(kinds.map(of)).size, kinds.length);
            }
        });
    });

    describe("reviewerProblems", () => {
        it("GIVEN reviewers for exactly the stacks THEN no problem, an empty list counting as a decision", () => {
            assert.deepEqual(reviewerProblems(["dev", "prod"], settingsWith({ dev: [], prod: ["platform"] }), at), []);
        });

        it("GIVEN a stack without an entry THEN a problem at reviewers that says how to name its approvers", () => {
            assert.deepEqual(reviewerProblems(["dev", "staging"], settingsWith({ dev: [] }), at), [
                {
                    file: "stack.yaml",
                    path: "reviewers",
                    message: 'stack "staging" has no entry',
                    hint: "name the GitHub teams that approve its deployments, or [] for none: reviewers.staging: [platform]",
                },
            ]);
        });

        it("GIVEN reviewers of a stack that does not exist THEN a problem at its key listing the stacks", () => {
            assert.deepEqual(reviewerProblems(["dev", "prod"], settingsWith({ dev: [], prod: [], qa: ["platform"] }), at), [
                {
                    file: "stack.yaml",
                    path: "reviewers.qa",
                    message: 'there is no stack "qa"',
                    hint: "the stacks are: dev, prod (Pulumi.<stack>.yaml)",
                },
            ]);
        });

        it("GIVEN a stack named like an Object property and no entry for it THEN the gap is reported", () => {
            const problems = reviewerProblems(["constructor"], settingsWith({}), at);
            assert.deepEqual(
                problems.map((p) => p.message),
                ['stack "constructor" has no entry'],
            );
        });
    });
});
