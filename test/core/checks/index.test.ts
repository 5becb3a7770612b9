import * as assert from "node:assert/strict";
import { formatProblem } from "../../../core/base/problems";
import { CHECKS, type Check, REGISTRY, runChecks, STAGES, type Stage } from "../../../core/checks";
import { RULE_IDS } from "../../../core/model/governance";
import { sourcesOf } from "../../../scripts/checksDoc";
import { sampleTree } from "../../helpers";
import { problemsWith } from "./brokenSamples";

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

    it("GIVEN the registry THEN its checks are in the order of the stages the loader reaches", () => {
        const order = Object.keys(STAGES) as Stage[];
        const positions = CHECKS.map((c) => order.indexOf(c.stage));
        assert.deepEqual(
            CHECKS.filter((_, i) => i > 0 && (positions[i] as number) < (positions[i - 1] as number)).map((c) => c.id),
            [],
        );
        assert.deepEqual([...new Set(CHECKS.map((c) => c.stage))], order, "every stage has checks");
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

    it("GIVEN no checks of a stage THEN runChecks finds nothing, and by default it runs the registry's", () => {
        assert.deepEqual(runChecks("stack", { stack: "dev", stackFile: undefined, config: {}, environments: [] }, []), []);
        const [problem] = runChecks("stack", { stack: "dve", stackFile: undefined, config: {}, environments: ["dev"] });
        assert.equal(problem?.message, 'there is no stack "dve": no such file and no helm-platform configuration');
    });

    it("GIVEN the sample THEN no check reports anything in any stack", () => {
        for (const stack of ["dev", "uat", "prod", "prod.payments", "prod.commerce"]) {
            assert.deepEqual(problemsWith(stack, sampleTree(), CHECKS).map(formatProblem), [], stack);
        }
    });
});
