import * as assert from "node:assert/strict";
import * as ingress from "../../../core/checks/ingress";
import { ingressFromTeam } from "../../../core/checks/ingress";
import { firingTests } from "./brokenSamples";
import { formatted, smallEnvironment, teamsStage, tenant } from "./stages";

describe("ingress-from-team: ingress is admitted from another team that has a tenant file", () => {
    const dev = smallEnvironment();
    /** Team retail admitting `teams` (each one rule), beside team fintech's file. */
    const admitting = (...teams: string[]) =>
        tenant(
            "retail",
            `network:\n  ingress:\n${teams.map((t) => `    - description: Calls from ${t}\n      team: ${t}\n      ports: [{port: 8080}]\n`).join("")}`,
        );

    it("GIVEN another team with a tenant file THEN nothing", () => {
        assert.deepEqual(ingressFromTeam.run(teamsStage(dev, [admitting("fintech"), tenant("fintech")])), []);
    });

    it("GIVEN the team itself THEN its own pods need no allowance", () => {
        assert.deepEqual(formatted(ingressFromTeam.run(teamsStage(dev, [admitting("retail")]))), [
            "tenants/retail.yaml:8: network.ingress[0].team: a team's own pods always reach each other Fix: remove this allowance",
        ]);
    });

    it("GIVEN a team no file declares THEN it is reported at its rule, with the closest team", () => {
        const found = ingressFromTeam.run(teamsStage(dev, [admitting("fintech", "fintek"), tenant("fintech")]));
        assert.deepEqual(
            found.map((p) => [p.path, p.message, p.hint]),
            [["network.ingress[1].team", 'no tenant file declares team "fintek"', 'did you mean "fintech"?']],
        );
    });

    it("GIVEN a team like none THEN the fix says where teams are", () => {
        assert.deepEqual(
            ingressFromTeam.run(teamsStage(dev, [admitting("ghost")])).map((p) => p.hint),
            ["name a team from tenants/"],
        );
    });

    it("GIVEN a team whose file is there but unreadable THEN nothing: that file's problems are the report", () => {
        const stage = teamsStage(dev, [admitting("fintech")], {
            tenantFileTeams: new Set(["retail", "fintech"]),
            unreadable: new Set(["fintech"]),
        });
        assert.deepEqual(ingressFromTeam.run(stage), []);
    });

    it("GIVEN a team admitted that runs in another environment only THEN nothing: its file declares it", () => {
        assert.deepEqual(ingressFromTeam.run(teamsStage(dev, [admitting("fintech"), tenant("fintech", "", ["prod"])])), []);
    });
});

describe("ingress-from-team in the loader", () => {
    firingTests(ingress, {
        "ingress-from-team": {
            stack: "dev",
            changes: { "tenants/retail.yaml": ["      team: fintech\n", "      team: fintek\n"] },
            reports: 'network.ingress[0].team: no tenant file declares team "fintek"',
        },
    });
});
