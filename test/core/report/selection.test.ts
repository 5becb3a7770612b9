import * as assert from "node:assert/strict";
import type { InventoryTeam, PlanRelease, PlanResource } from "../../../core/report/planTypes";
import { narrowPlan, selectedRoots, selectionProblem, teamNameOf, urnOf } from "../../../core/report/selection";
import { planWith, planResource as resource } from "../../support/planContract";

const PLATFORM = "helm-platform:index:Platform::prod";

/** One team on one cluster: its Team component (whose own inputs say nothing true), installer provider, release. */
function team(name: string, cluster: string): { resources: PlanResource[]; entry: InventoryTeam; release: PlanRelease } {
    const component = `helm-platform:tenant:Team::prod-${cluster}-${name}`;
    const provider = `pulumi:providers:kubernetes::prod-${cluster}-${name}-installer`;
    const helmRelease = `helm-platform:release:HelmRelease::prod-${cluster}-${name}-app`;
    return {
        resources: [
            resource("helm-platform:tenant:Team", `prod-${cluster}-${name}`, PLATFORM, { team: "not-read", cluster: "not-read" }),
            resource("pulumi:providers:kubernetes", `prod-${cluster}-${name}-installer`, component, {
                clusterIdentifier: `prod/${cluster}`,
            }),
            resource("helm-platform:release:HelmRelease", `prod-${cluster}-${name}-app`, component),
            resource(
                "kubernetes:helm.sh/v3:Release",
                `prod-${cluster}-${name}-app-release`,
                helmRelease,
                { name: `${name}-app`, namespace: name },
                provider,
            ),
        ],
        entry: { team: name, cluster, namespace: name, component, installer: `system:serviceaccount:${name}:helm-installer` },
        release: { cluster, namespace: name, name: `${name}-app`, chart: "oci://acr/c", version: "1.0.0", values: {}, sources: {} },
    };
}

const teams = [team("fintech", "weu"), team("retail", "weu"), team("fintech", "neu")];
const plan = planWith({
    resources: [resource("helm-platform:index:Platform", "prod", null), ...teams.flatMap((t) => t.resources)],
    releases: teams.map((t) => t.release),
    inventory: { teams: teams.map((t) => t.entry), shards: [] },
});

describe("selections of a plan (core/report/selection), read from its inventory", () => {
    it("GIVEN a team and a cluster THEN the root is that team's Team component there, its URN through its parents", () => {
        const roots = selectedRoots(plan, { team: "fintech", cluster: "neu" });
        assert.deepEqual(
            roots.map((r) => urnOf(plan, `${r.type}::${r.name}`)),
            ["urn:pulumi:prod::helm-platform::helm-platform:index:Platform$helm-platform:tenant:Team::prod-neu-fintech"],
        );
        assert.deepEqual(
            selectedRoots(plan, { cluster: "weu" }).map((r) => r.name),
            ["prod-weu-fintech", "prod-weu-retail"],
        );
    });

    it("GIVEN a team or cluster the inventory lacks THEN the problem names the ones it has", () => {
        assert.equal(selectionProblem(plan, { team: "data" }), 'no team "data" runs in prod (teams: fintech, retail)');
        assert.equal(selectionProblem(plan, { cluster: "eus" }), 'stack prod has no cluster "eus" (clusters: weu, neu)');
        assert.equal(selectionProblem(plan, { team: "retail", cluster: "weu" }), undefined);
    });

    it("GIVEN a resource under a Team THEN its team is the inventory's, not what the component's inputs say", () => {
        const release = plan.resources.find((r) => r.name === "prod-neu-fintech-app-release") as PlanResource;
        assert.equal(teamNameOf(plan, release), "fintech");
        assert.equal(teamNameOf(plan, plan.resources[0] as PlanResource), undefined);
    });

    it("GIVEN a team THEN the narrowed plan keeps its resources, releases and inventory entries only", () => {
        const narrowed = narrowPlan(plan, { team: "fintech" });
        assert.deepEqual(
            narrowed.releases.map((r) => `${r.cluster}/${r.name}`),
            ["weu/fintech-app", "neu/fintech-app"],
        );
        assert.deepEqual(
            narrowed.inventory.teams.map((t) => t.component),
            ["helm-platform:tenant:Team::prod-weu-fintech", "helm-platform:tenant:Team::prod-neu-fintech"],
        );
        assert.equal(narrowed.resources.length, 8);
    });
});
