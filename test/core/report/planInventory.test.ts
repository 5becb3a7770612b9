import * as assert from "node:assert/strict";
import type { EnvironmentSpec } from "../../../core/model/environment";
import type { TeamSpec } from "../../../core/model/stackModel";
import { planInventory } from "../../../core/report/planInventory";

/** As much of an environment and its teams as the inventory reads. */
const model = (shards: Record<string, string[]>, teams: [string, string][]) => ({
    environment: { name: "prod", clusters: [{ name: "weu" }, { name: "neu" }], shards } as unknown as EnvironmentSpec,
    teams: teams.map(([team, namespace]) => ({ team, namespace }) as TeamSpec),
});

describe("the plan's inventory (core/report/planInventory)", () => {
    it("GIVEN two clusters and two teams THEN each team is on each cluster, with its Team component and its namespace's installer", () => {
        const { teams } = planInventory(
            model({}, [
                ["fintech", "payments"],
                ["retail", "retail"],
            ]),
        );
        assert.deepEqual(
            teams.map((t) => [t.cluster, t.team, t.namespace, t.component, t.installer]),
            [
                [
                    "weu",
                    "fintech",
                    "payments",
                    "helm-platform:tenant:Team::prod-weu-fintech",
                    "system:serviceaccount:payments:helm-installer",
                ],
                ["weu", "retail", "retail", "helm-platform:tenant:Team::prod-weu-retail", "system:serviceaccount:retail:helm-installer"],
                [
                    "neu",
                    "fintech",
                    "payments",
                    "helm-platform:tenant:Team::prod-neu-fintech",
                    "system:serviceaccount:payments:helm-installer",
                ],
                ["neu", "retail", "retail", "helm-platform:tenant:Team::prod-neu-retail", "system:serviceaccount:retail:helm-installer"],
            ],
        );
    });

    it("GIVEN a sharded environment THEN each shard is listed with its stack and its teams, sorted; a foundation has no teams", () => {
        const inventory = planInventory(model({ payments: ["fintech"], commerce: ["retail", "data"] }, []));
        assert.deepEqual(inventory, {
            teams: [],
            shards: [
                { shard: "payments", stack: "prod.payments", teams: ["fintech"] },
                { shard: "commerce", stack: "prod.commerce", teams: ["data", "retail"] },
            ],
        });
    });
});
