import * as assert from "node:assert/strict";
import { TYPE } from "../../core/base/resourceTypes";
import { PLAN_SCHEMA_VERSION } from "../../core/report/planSchema";
import { type Plan, type PlanResource, resourceKey } from "../../core/report/planTypes";
import { planFileProblems } from "../../plan/planFile";

/**
 * What every plan holds to, beyond its TypeScript type: plan.json's published JSON Schema accepts it
 * (as it would be written), and its inventory names exactly the Team components it registers.
 */
export function assertPlanContract(plan: Plan): void {
    assert.deepEqual(planFileProblems(JSON.parse(JSON.stringify(plan))), [], `the plan of ${plan.stack} breaks schemas/plan.schema.json`);
    const teams = plan.resources.filter((r) => r.type === TYPE.team).map((r) => resourceKey(r.type, r.name));
    assert.deepEqual(
        plan.inventory.teams.map((t) => t.component).sort(),
        teams.sort(),
        `the inventory of ${plan.stack} names other Team components than it registers`,
    );
}

/** A plan with nothing in it but what `fields` set: for tests of a reader that needs only part of one. */
export function planWith(fields: Partial<Plan>): Plan {
    return {
        schemaVersion: PLAN_SCHEMA_VERSION,
        stack: "prod",
        environment: "prod",
        kind: "single",
        teams: [],
        references: [],
        inventory: { teams: [], shards: [] },
        resources: [],
        releases: [],
        platformReleases: [],
        findings: [],
        governance: { level: "enforce", waived: [] },
        secretVersions: {},
        outputs: {},
        ...fields,
    };
}

/** A planned resource as the plan lists it: not protected, depending on nothing, with `inputs`. */
export const planResource = (type: string, name: string, parent: string | null, inputs = {}, provider?: string): PlanResource => ({
    type,
    name,
    parent,
    dependsOn: [],
    protect: false,
    ...(provider ? { provider } : {}),
    inputs,
});
