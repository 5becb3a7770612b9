import * as assert from "node:assert/strict";
import { tenantSchema } from "../../core/config/tenant";
import type { TenantFile } from "../../core/config/tenantFiles";
import { parseYamlFile } from "../../core/yaml/yamlFile";
import { GUARDS_STACK, type GuardsSettings, guardsSettingsFile } from "../../guards/settings";
import { githubTeamOf, tenantTeamProblems, tenantTeams } from "../../guards/teams";
import { sampleTree } from "../helpers";

/** A valid tenant file `tenants/<team>.yaml`, naming `githubTeam` when given (on line 3). */
function tenant(team: string, githubTeam?: string): TenantFile {
    const text = [
        `team: ${team}`,
        "environments: [dev]",
        ...(githubTeam ? [`githubTeam: ${githubTeam}`] : []),
        "groups:",
        "  owners: [0b4a1f6e-2c3d-4e5f-8a9b-0c1d2e3f4a51]",
        "",
    ].join("\n");
    const parsed = parseYamlFile(`tenants/${team}.yaml`, text);
    assert.ok(parsed.ok);
    return { yaml: parsed.yaml, data: tenantSchema.parse(parsed.yaml.data) };
}

/** The sample's guards settings (platform team `platform`, uat and prod reviewed by `platform`), with `reviewers` added. */
const settings = (reviewers: Record<string, string[]> = {}): GuardsSettings => {
    const sample = guardsSettingsFile(sampleTree(), GUARDS_STACK);
    return { ...sample, reviewers: { ...sample.reviewers, ...reviewers } };
};

describe("the tenants' GitHub teams (guards/teams.ts)", () => {
    it("GIVEN a tenant without githubTeam THEN its GitHub team is the team's name; with one, that slug", () => {
        assert.equal(githubTeamOf(tenant("fintech").data), "fintech");
        assert.equal(githubTeamOf(tenant("fintech", "payments-engineers").data), "payments-engineers");
    });

    describe("tenantTeams", () => {
        it("GIVEN no tenant THEN no team", () => {
            assert.deepEqual(tenantTeams([]), []);
        });

        it("GIVEN tenants in any order, two sharing a GitHub team THEN one team per slug, sorted, with its tenants sorted", () => {
            const teams = tenantTeams([tenant("retail"), tenant("ledger", "payments"), tenant("cards", "payments"), tenant("data")]);
            assert.deepEqual(
                teams.map((t) => [t.slug, t.tenants]),
                [
                    ["data", ["data"]],
                    ["payments", ["cards", "ledger"]],
                    ["retail", ["retail"]],
                ],
            );
        });

        it("GIVEN a team shared by two tenants THEN its description names both values folders it owns", () => {
            const [team] = tenantTeams([tenant("ledger", "payments"), tenant("cards", "payments")]);
            assert.equal(team?.description, "Owns tenants/cards/, tenants/ledger/ in helm-platform (managed by its guards)");
        });
    });

    describe("tenantTeamProblems", () => {
        it("GIVEN tenants with GitHub teams of their own THEN no problem", () => {
            assert.deepEqual(tenantTeamProblems([tenant("fintech"), tenant("ledger", "payments")], settings()), []);
        });

        it("GIVEN a tenant whose githubTeam is the platform team THEN a problem at its githubTeam line, with the fix", () => {
            assert.deepEqual(tenantTeamProblems([tenant("fintech", "platform")], settings()), [
                {
                    file: "tenants/fintech.yaml",
                    line: 3,
                    path: "githubTeam",
                    message: `GitHub team "platform" is the platform's (platformTeam or a reviewer team of the guards)`,
                    hint: "give the team a GitHub team of its own: githubTeam: <slug>",
                },
            ]);
        });

        it("GIVEN a tenant named like a reviewer team and no githubTeam THEN the problem is at its team key", () => {
            const [problem, ...rest] = tenantTeamProblems([tenant("fintech"), tenant("sre")], settings({ prod: ["platform", "sre"] }));
            assert.deepEqual(rest, []);
            assert.deepEqual([problem?.file, problem?.line, problem?.path], ["tenants/sre.yaml", 1, "team"]);
            assert.equal(problem?.message, `GitHub team "sre" is the platform's (platformTeam or a reviewer team of the guards)`);
        });
    });
});
