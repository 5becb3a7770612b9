import * as assert from "node:assert/strict";
import { ConfigError, type Problem } from "../../core/base/problems";
import { TYPE } from "../../core/base/resourceTypes";
import { planEnvironment, planHolding, wholePlan } from "../../plan/environmentPlan";
import type { Program } from "../../plan/runPlan";
import { sampleTree } from "../helpers";
import { planWith } from "../support/planContract";
import { planRelease, resource } from "../support/smallPlan";

const namespace = (name: string) => resource(TYPE.namespace, name, null);
const inventoryTeam = (team: string, stack: string) => ({
    team,
    cluster: "weu",
    namespace: team,
    component: `helm-platform:tenant:Team::${stack}-weu-${team}`,
    installer: `system:serviceaccount:${team}:helm-installer`,
});

/** prod's foundation with the platform's releases, and its two shards with their teams' (as their plans hold them). */
const foundation = planWith({
    stack: "prod",
    kind: "foundation",
    resources: [namespace("prod-weu-monitoring-ns")],
    platformReleases: [planRelease("weu", "monitoring", "kube-prometheus-stack")],
    inventory: { teams: [], shards: [{ shard: "payments", stack: "prod.payments", teams: ["fintech"] }] },
});
const payments = planWith({
    stack: "prod.payments",
    kind: "shard",
    teams: ["fintech"],
    resources: [namespace("prod-weu-fintech-ns")],
    releases: [planRelease("weu", "fintech", "fintech-payments-api")],
    inventory: { teams: [inventoryTeam("fintech", "prod.payments")], shards: [] },
});
const commerce = planWith({
    stack: "prod.commerce",
    kind: "shard",
    teams: ["retail", "analytics"],
    resources: [namespace("prod-weu-retail-ns")],
    releases: [planRelease("weu", "retail", "retail-storefront")],
    inventory: { teams: [inventoryTeam("retail", "prod.commerce")], shards: [] },
});

describe("an environment planned stack by stack (plan/environmentPlan.ts)", () => {
    describe("wholePlan", () => {
        const whole = wholePlan([foundation, payments, commerce]);

        it("GIVEN a foundation and its shards THEN the whole holds every stack's resources and releases, in stack order", () => {
            assert.deepEqual(
                whole.resources.map((r) => r.name),
                ["prod-weu-monitoring-ns", "prod-weu-fintech-ns", "prod-weu-retail-ns"],
            );
            assert.deepEqual(
                whole.releases.map((r) => r.name),
                ["fintech-payments-api", "retail-storefront"],
            );
            assert.deepEqual(
                whole.platformReleases.map((r) => r.name),
                ["kube-prometheus-stack"],
            );
        });

        it("GIVEN teams in several shards THEN the whole's teams are all of them, sorted, and its inventory has each shard's", () => {
            assert.deepEqual(whole.teams, ["analytics", "fintech", "retail"]);
            assert.deepEqual(
                whole.inventory.teams.map((t) => t.team),
                ["fintech", "retail"],
            );
        });

        it("GIVEN a foundation first THEN the whole is named for the environment and keeps the foundation's kind and shards", () => {
            assert.deepEqual([whole.stack, whole.kind], ["prod", "foundation"]);
            assert.deepEqual(whole.inventory.shards, foundation.inventory.shards);
        });

        it("GIVEN a single stack THEN the whole is that plan, named for its environment", () => {
            const dev = planWith({ stack: "dev", environment: "dev", resources: [namespace("dev-weu-fintech-ns")] });
            assert.deepEqual(wholePlan([dev]), dev);
        });
    });

    describe("planHolding", () => {
        const plans = [foundation, payments, commerce];
        const cases: readonly [what: string, at: { cluster: string; namespace: string; name: string }, stack: string | undefined][] = [
            ["a team release", { cluster: "weu", namespace: "retail", name: "retail-storefront" }, "prod.commerce"],
            ["a platform release", { cluster: "weu", namespace: "monitoring", name: "kube-prometheus-stack" }, "prod"],
            ["a release on another cluster", { cluster: "neu", namespace: "retail", name: "retail-storefront" }, undefined],
            ["a release of that name in another namespace", { cluster: "weu", namespace: "fintech", name: "retail-storefront" }, undefined],
        ];
        for (const [what, at, stack] of cases) {
            it(`GIVEN ${what} THEN the plan holding it is ${stack ?? "none"}`, () => {
                assert.equal(planHolding(plans, at)?.stack, stack);
            });
        }
    });

    describe("planEnvironment", () => {
        const problem: Problem = {
            file: "Pulumi.prod.yaml",
            line: 3,
            path: "helm-platform:location",
            message: "'mars' is not an Azure region.",
            hint: "use a region such as 'westeurope'.",
        };
        /** A program whose configuration never loads, recording the stacks it was asked for. */
        const refusing = () => {
            const asked: string[] = [];
            const program: Program = {
                loadStack: (_tree, stack) => {
                    asked.push(stack);
                    throw new ConfigError([problem]);
                },
                runStack: async () => assert.fail("a stack that did not load is not run"),
            };
            return { asked, program };
        };

        it("GIVEN a name that is neither a stack nor an environment THEN it says so and plans nothing", async () => {
            const { asked, program } = refusing();
            assert.deepEqual(await planEnvironment(program, sampleTree(), "staging"), {
                error: 'there is no stack or environment "staging"',
            });
            assert.deepEqual(asked, []);
        });

        it("GIVEN a sharded environment THEN its foundation and every shard are planned, the foundation first", async () => {
            const { asked, program } = refusing();
            await planEnvironment(program, sampleTree(), "prod");
            assert.deepEqual(asked, ["prod", "prod.payments", "prod.commerce"]);
        });

        it("GIVEN a shard's stack name THEN only that stack is planned", async () => {
            const { asked, program } = refusing();
            await planEnvironment(program, sampleTree(), "prod.payments");
            assert.deepEqual(asked, ["prod.payments"]);
        });

        it("GIVEN a stack whose configuration does not load THEN the whole fails, naming the stack and its problem with file and line", async () => {
            const { program } = refusing();
            assert.deepEqual(await planEnvironment(program, sampleTree(), "prod.commerce"), {
                error:
                    "prod.commerce could not be planned: 1 configuration problem; nothing would be deployed:\n" +
                    "  - Pulumi.prod.yaml:3: helm-platform:location: 'mars' is not an Azure region. Fix: use a region such as 'westeurope'.",
            });
        });
    });
});
