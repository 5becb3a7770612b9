import * as assert from "node:assert/strict";
import { PLAN_SCHEMA_VERSION } from "../../../core/report/planSchema";
import type { Plan } from "../../../core/report/planTypes";
import { readPlan } from "../../../core/report/planVersions";
import type { Values } from "../../../core/values/merge";
import { planWith } from "../../support/planContract";

/** A Team component as plans before 1.0 recorded it: its inventory in its inputs. */
const oldTeam = (name: string, inputs: Values) => ({
    type: "helm-platform:tenant:Team",
    name,
    parent: "helm-platform:index:Platform::prod",
    dependsOn: [],
    protect: false,
    inputs,
});

/** A plan as the code before plan.json had a version wrote it: no version, inventory, kind, teams, platform releases. */
function unversioned(): Values {
    const {
        schemaVersion: _v,
        inventory: _i,
        kind: _k,
        teams: _t,
        references: _r,
        platformReleases: _p,
        secretVersions: _s,
        ...old
    } = planWith({});
    return {
        ...JSON.parse(JSON.stringify(old)),
        resources: [
            oldTeam("prod-weu-fintech", {
                team: "fintech",
                cluster: "weu",
                namespace: "fintech",
                installer: "system:serviceaccount:fintech:x",
            }),
            oldTeam("prod-neu-retail", { team: "retail", cluster: "neu", namespace: "shop" }),
        ],
    };
}

const read = (content: unknown): Plan => {
    const got = readPlan(content, "base/prod/plan.json");
    assert.ok("plan" in got, "error" in got ? got.error : "");
    return got.plan;
};
const refusal = (content: unknown): string => {
    const got = readPlan(content, "base/prod/plan.json");
    assert.ok("error" in got, "the plan was read");
    return got.error;
};

describe("reading plan.json of any version (core/report/planVersions)", () => {
    it("GIVEN a plan written by this version THEN it is read as it is", () => {
        const plan = planWith({ teams: ["fintech"], promotionFrom: "uat" });
        assert.deepEqual(read(JSON.parse(JSON.stringify(plan))), plan);
    });

    it("GIVEN a plan without schemaVersion THEN it is read as 1.0: one stack, no platform releases, its inventory from its Team components", () => {
        const plan = read(unversioned());
        assert.equal(plan.schemaVersion, PLAN_SCHEMA_VERSION);
        assert.equal(plan.kind, "single");
        assert.deepEqual(plan.platformReleases, []);
        assert.deepEqual(plan.secretVersions, {});
        assert.deepEqual(plan.references, []);
        assert.deepEqual(plan.teams, ["fintech", "retail"]);
        assert.deepEqual(plan.inventory, {
            teams: [
                {
                    team: "fintech",
                    cluster: "weu",
                    namespace: "fintech",
                    component: "helm-platform:tenant:Team::prod-weu-fintech",
                    installer: "system:serviceaccount:fintech:x",
                },
                // Recorded before the installer was: its namespace's installer, as the Team always impersonated.
                {
                    team: "retail",
                    cluster: "neu",
                    namespace: "shop",
                    component: "helm-platform:tenant:Team::prod-neu-retail",
                    installer: "system:serviceaccount:shop:helm-installer",
                },
            ],
            shards: [],
        });
    });

    it("GIVEN a newer minor version with fields this code does not know THEN it is read, and they are dropped", () => {
        const plan = read({
            ...JSON.parse(JSON.stringify(planWith({}))),
            schemaVersion: "1.7",
            inventory: { teams: [], shards: [], installers: [] },
            rollout: { waves: 3 },
        });
        assert.equal(plan.schemaVersion, "1.7");
        assert.deepEqual(plan.inventory, { teams: [], shards: [] });
        assert.ok(!("rollout" in plan));
    });

    it("GIVEN a newer major version THEN it is refused, naming the file, both versions and what to do", () => {
        assert.equal(
            refusal({ ...planWith({}), schemaVersion: "2.0" }),
            "base/prod/plan.json is a plan.json of schema version 2.0; this code reads 1.x (it writes 1.0): " +
                "plan the base again with this code, for example --against <git ref>",
        );
    });

    it("GIVEN a version that is no MAJOR.MINOR, or no object at all THEN it is refused, saying so", () => {
        assert.equal(
            refusal({ ...planWith({}), schemaVersion: 1 }),
            "base/prod/plan.json has schemaVersion 1, which is no MAJOR.MINOR version",
        );
        assert.equal(refusal([]), "base/prod/plan.json is not a plan.json: it holds no JSON object");
    });

    it("GIVEN a plan that breaks the schema THEN every problem is named by its path, the first five listed", () => {
        const { resources: _, ...noResources } = planWith({});
        assert.match(refusal(noResources), /^base\/prod\/plan\.json is not a plan\.json of schema version 1\.0: resources: /);
        const broken = { ...planWith({}), stack: 1, environment: 2, kind: "all", teams: "x", references: 3, outputs: [], findings: {} };
        const message = refusal(broken);
        assert.match(message, /stack: .*; environment: .*; kind: .*; teams: .*; references: .*; and 2 more$/);
    });
});
