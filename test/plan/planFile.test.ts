import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Plan } from "../../core/report/planTypes";
import { planFileProblems, planFileText, readPlanFile } from "../../plan/planFile";
import { assertPlanContract, planWith } from "../support/planContract";
import { samplePlanRun } from "../support/plans";
import { tempDir } from "../support/temp";

describe("plan.json on disk (plan/planFile)", () => {
    const plans = new Map<string, Plan>();
    before(async function () {
        this.timeout(60_000);
        // One stack of each kind: a whole environment, a foundation, a shard.
        for (const stack of ["dev", "prod", "prod.payments"]) {
            const run = await samplePlanRun(stack);
            assert.ok(run.plan, run.error);
            plans.set(stack, run.plan);
        }
    });

    it("GIVEN each kind of sample stack THEN the published schema accepts its plan, whose inventory names exactly its Team components", () => {
        for (const plan of plans.values()) {
            assertPlanContract(plan);
        }
        const teams = (stack: string) => plans.get(stack)?.inventory.teams.map((t) => `${t.cluster}/${t.team}`);
        assert.deepEqual(teams("dev"), ["weu/data", "weu/fintech", "weu/retail"]);
        assert.deepEqual(teams("prod"), []);
        assert.deepEqual(teams("prod.payments"), ["weu/fintech", "neu/fintech"]);
        assert.deepEqual(
            plans.get("prod")?.inventory.shards.map((s) => `${s.stack}: ${s.teams.join(" ")}`),
            ["prod.payments: fintech", "prod.commerce: data retail"],
        );
    });

    it("GIVEN a plan with a field the schema lacks THEN it is not written, and the field is named", () => {
        const plan = { ...planWith({}), rollout: "waves" } as Plan;
        assert.throws(
            () => planFileText(plan),
            /^Error: the plan of prod does not match schemas\/plan\.schema\.json: \(the plan\): must NOT have additional properties \(rollout\)$/,
        );
        assert.deepEqual(planFileProblems({ ...planWith({}), kind: "all" }), ["/kind: must be equal to one of the allowed values"]);
    });

    it("GIVEN a plan as written THEN it reads back the same; a file that is no JSON is refused, naming it", () => {
        const dir = tempDir("plan-file-");
        const file = path.join(dir, "plan.json");
        const plan = plans.get("prod.payments") as Plan;
        fs.writeFileSync(file, planFileText(plan));
        assert.deepEqual(readPlanFile(file), { plan: JSON.parse(JSON.stringify(plan)) });
        fs.writeFileSync(file, "{ not json");
        const read = readPlanFile(file);
        assert.ok("error" in read);
        assert.match(read.error, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} is not a plan\\.json: `));
    });
});
