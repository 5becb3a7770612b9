import * as assert from "node:assert/strict";
import type { Problem } from "../../core/base/problems";
import { githubEnvironments, reviewerProblems } from "../../guards/environments";
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
        it("GIVEN a stack named like an Object property THEN it has no reviewers, not the property", () => {
            const [deploy] = githubEnvironments(["constructor"], settingsWith({}));
            assert.deepEqual(deploy?.reviewers, []);
        });
    });

    describe("reviewerProblems", () => {
        it("GIVEN a stack named like an Object property and no entry for it THEN the gap is reported", () => {
            const problems = reviewerProblems(["constructor"], settingsWith({}), at);
            assert.deepEqual(
                problems.map((p) => p.message),
                ['stack "constructor" has no entry'],
            );
        });
    });
});
