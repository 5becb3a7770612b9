import * as assert from "node:assert/strict";
import { ConfigError, formatProblem, type Problem } from "../../../core/base/problems";
import type { SourceTree } from "../../../core/base/sourceTree";
import { CHECKS, type Check, REGISTRY, runChecks, STAGES } from "../../../core/checks";
import { readStackConfig } from "../../../core/config/stackFile";
import { loadConfiguration } from "../../../core/load/loadConfiguration";
import { loadStack } from "../../../core/load/loadStack";
import { RULE_IDS } from "../../../core/model/governance";
import { sourcesOf } from "../../../scripts/checksDoc";
import { sampleTree, TEST_DAY } from "../../helpers";
import { type Broken, brokenSample, FINDING } from "./brokenSamples";
import { FIRING_STACK } from "./firingStacks";
import { FIRING_TEAMS } from "./firingTeams";

/** For every check, a change of the sample that breaks its rule and a part of the problem it reports. */
const FIRING: Readonly<Record<string, Broken>> = { ...FIRING_STACK, ...FIRING_TEAMS };

/** The problems loading `stack` of `tree` reports with `checks` run; none when it loads. */
function problemsWith(stack: string, tree: SourceTree, checks: readonly Check[]): Problem[] {
    try {
        loadConfiguration({ tree, stack, config: readStackConfig(tree, stack).config, today: TEST_DAY, checks });
        return [];
    } catch (error) {
        if (error instanceof ConfigError) {
            return [...error.problems];
        }
        throw error;
    }
}

describe("the registry of checks", () => {
    it("GIVEN the registry THEN every id is unique and every check belongs to a stage the loader runs", () => {
        const ids = REGISTRY.map((e) => e.id);
        assert.deepEqual(
            ids.filter((id, i) => ids.indexOf(id) !== i),
            [],
        );
        assert.ok(CHECKS.length > 0);
        for (const check of CHECKS) {
            assert.ok(check.stage in STAGES, `${check.id}: stage ${check.stage}`);
            assert.match(check.id, /^[a-z]+(-[a-z]+)*$/, check.id);
            assert.ok(check.checks.length > 0 && !check.checks.includes("\n"), `${check.id}: one line says what it checks`);
        }
    });

    it("GIVEN the registry THEN it lists every governance rule, after the checks, and one file of core/checks exports each check", () => {
        const governance = REGISTRY.filter((e) => e.stage === "governance").map((e) => e.id);
        assert.deepEqual(governance, [...RULE_IDS]);
        assert.deepEqual(
            REGISTRY.slice(-governance.length).map((e) => e.id),
            governance,
        );
        const sources = sourcesOf();
        assert.equal(sources.size, REGISTRY.length);
        for (const check of CHECKS) {
            assert.match(sources.get(check.id) as string, /^core\/checks\/[a-zA-Z]+\.ts$/, check.id);
        }
    });

    it("GIVEN the checks of two stages THEN runChecks runs only the stage's, in registry order", () => {
        const ran: string[] = [];
        const check = (id: string, stage: "stack" | "stack-file"): Check => ({
            id,
            stage,
            checks: id,
            run: () => {
                ran.push(id);
                return [{ file: id, path: "", message: id, hint: id }];
            },
        });
        const checks = [check("b", "stack"), check("a", "stack-file"), check("c", "stack")];
        const problems = runChecks("stack", { stack: "dev", stackFile: undefined, config: {}, environments: [] }, checks);
        assert.deepEqual(ran, ["b", "c"]);
        assert.deepEqual(
            problems.map((p) => p.message),
            ["b", "c"],
        );
    });

    it("GIVEN the sample THEN no check reports anything in any stack", () => {
        for (const stack of ["dev", "uat", "prod", "prod.payments", "prod.commerce"]) {
            assert.deepEqual(problemsWith(stack, sampleTree(), CHECKS).map(formatProblem), [], stack);
        }
    });

    it("GIVEN the firing table THEN it has a broken sample for every check of the registry, and for nothing else", () => {
        assert.deepEqual(Object.keys(FIRING).sort(), CHECKS.map((c) => c.id).sort());
        assert.deepEqual(Object.keys(FINDING).sort(), [...RULE_IDS].sort());
    });

    for (const check of CHECKS) {
        it(`GIVEN a sample that breaks ${check.id} THEN ${check.id} reports it, and without ${check.id} nothing does`, () => {
            const broken = FIRING[check.id] as Broken;
            const tree = brokenSample(broken.changes);
            const reported = (checks: readonly Check[]) =>
                problemsWith(broken.stack, tree, checks)
                    .map(formatProblem)
                    .filter((p) => p.includes(broken.reports));
            assert.equal(reported(CHECKS).length > 0, true, `${check.id} reports "${broken.reports}"`);
            assert.deepEqual(reported(CHECKS.filter((c) => c !== check)), [], `only ${check.id} reports "${broken.reports}"`);
        });
    }

    for (const id of RULE_IDS) {
        it(`GIVEN a sample that breaks the governance rule ${id} THEN the loaded stack has its finding`, () => {
            const broken = FINDING[id] as Broken;
            const tree = brokenSample(broken.changes);
            const { findings } = loadStack(tree, broken.stack, readStackConfig(tree, broken.stack).config, TEST_DAY);
            const found = findings.filter((f) => f.message.includes(broken.reports));
            assert.deepEqual(
                found.map((f) => f.rule),
                found.map(() => id),
                `"${broken.reports}" is ${id}'s`,
            );
            assert.ok(found.length > 0, `${id} finds "${broken.reports}" in ${findings.map((f) => f.message).join("; ") || "no finding"}`);
        });
    }
});
