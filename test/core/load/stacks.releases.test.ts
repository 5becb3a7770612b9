import * as assert from "node:assert/strict";
import { stacksOf, teamOfRelease } from "../../../core/load/stacks";
import { changedTree, sampleTree } from "../../helpers";

describe("the stack a release is in", () => {
    it("GIVEN a release <team>-<app> THEN it names the team whose file declares the app, whatever the environment", () => {
        assert.equal(teamOfRelease(sampleTree(), "fintech-payments-api"), "fintech");
        // retail's catalog does not run in prod; its team is still retail.
        assert.equal(teamOfRelease(sampleTree(), "retail-catalog"), "retail");
        assert.equal(teamOfRelease(sampleTree(), "data-ingest-worker"), "data");
    });

    it("GIVEN teams whose names prefix each other THEN the team is the one that declares the app, not the first that matches", () => {
        const tree = changedTree({
            "tenants/data-eng.yaml":
                "team: data-eng\ngroups:\n  owners: [0b4a1f6e-2c3d-4e5f-8a9b-0c1d2e3f4a59]\nenvironments: [dev]\napps:\n  worker:\n    chart: worker\n    versions:\n      dev: 1.0.0\n",
        });
        assert.equal(teamOfRelease(tree, "data-eng-worker"), "data-eng");
        assert.equal(teamOfRelease(tree, "data-ingest-worker"), "data");
    });

    it("GIVEN a name no team declares THEN there is none", () => {
        assert.equal(teamOfRelease(sampleTree(), "fintech-payment-api"), undefined);
        assert.equal(teamOfRelease(sampleTree(), "kube-prometheus-stack"), undefined);
    });

    it("puts each team of the sample's prod in the shard the environment's file names", () => {
        assert.deepEqual(
            stacksOf(sampleTree(), "prod").map((s) => [s.name, s.kind, s.teams ?? []]),
            [
                ["prod", "foundation", []],
                ["prod.payments", "shard", ["fintech"]],
                ["prod.commerce", "shard", ["retail", "data"]],
            ],
        );
    });
});
