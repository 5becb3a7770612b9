import * as assert from "node:assert/strict";
import { ConfigError, type Problem } from "../../core/base/problems";
import type { SourceTree } from "../../core/base/sourceTree";
import { loadGuards } from "../../guards/load";
import { GUARDS_STACK, guardsStackFile } from "../../guards/settings";
import { changedTree, sampleTree } from "../helpers";

const STACK_FILE = guardsStackFile(GUARDS_STACK);
const stackFile = () => sampleTree().read(STACK_FILE) as string;

function problemsOf(tree: SourceTree): Problem[] {
    try {
        loadGuards(tree, GUARDS_STACK);
    } catch (error) {
        if (error instanceof ConfigError) {
            return [...error.problems];
        }
        throw error;
    }
    throw new Error("the guards loaded");
}

describe("loading the guards (guards/load.ts)", () => {
    it("GIVEN the sample THEN every stack's deploy and drift environment, and a team per tenant", () => {
        const guards = loadGuards(sampleTree(), GUARDS_STACK);
        assert.deepEqual(guards.stacks, ["dev", "prod", "uat"]);
        assert.deepEqual(
            guards.environments.map((e) => `${e.name}:${e.reviewers.join(",")}`),
            ["dev:", "prod:platform", "uat:platform", "drift-dev:", "drift-prod:", "drift-uat:"],
        );
        assert.deepEqual(
            guards.teams.map((t) => [t.slug, t.tenants]),
            [
                ["data", ["data"]],
                ["fintech", ["fintech"]],
                ["retail", ["retail"]],
            ],
        );
    });

    it("GIVEN a new stack the reviewers do not name THEN it is an error at the reviewers' line: who approves is a decision", () => {
        const tree = changedTree({ "Pulumi.staging.yaml": sampleTree().read("Pulumi.uat.yaml") as string });
        const [problem, ...rest] = problemsOf(tree);
        assert.deepEqual(rest, []);
        assert.equal(problem?.file, STACK_FILE);
        assert.equal(
            problem?.line,
            stackFile()
                .split("\n")
                .findIndex((l) => l.includes("helm-platform-guards:reviewers:")) + 1,
        );
        assert.equal(problem?.path, "helm-platform-guards:reviewers");
        assert.equal(problem?.message, 'stack "staging" has no entry');
        assert.match(problem?.hint ?? "", /reviewers\.staging: \[platform\]/);
    });

    it("GIVEN reviewers for a stack that does not exist, more than GitHub's 6, a repository without owner THEN each is reported", () => {
        const broken = stackFile()
            .replace("    dev: []", "    dev: []\n    qa: [platform]")
            .replace("prod: [platform]", "prod: [a, b, c, d, e, f, g]")
            .replace("repository: contoso/helm-platform", "repository: helm-platform");
        assert.throws(
            () => loadGuards(changedTree({ [STACK_FILE]: broken }), GUARDS_STACK),
            (e: ConfigError) =>
                /helm-platform-guards:repository: must be <owner>\/<repository>/.test(e.message) &&
                /helm-platform-guards:reviewers\.prod: .*6/.test(e.message),
        );
        const unknown = stackFile().replace("    dev: []", "    dev: []\n    qa: [platform]");
        const [problem] = problemsOf(changedTree({ [STACK_FILE]: unknown }));
        assert.deepEqual([problem?.path, problem?.message], ["helm-platform-guards:reviewers.qa", 'there is no stack "qa"']);
        assert.equal(problem?.line, unknown.split("\n").findIndex((l) => l.includes("qa: [platform]")) + 1);
    });
});
