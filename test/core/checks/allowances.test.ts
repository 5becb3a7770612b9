import * as assert from "node:assert/strict";
import type { KeyPath } from "../../../core/base/keyPath";
import * as allowanceChecks from "../../../core/checks/allowances";
import {
    allowanceEnvironments,
    allowanceFileName,
    allowanceTeam,
    askFor,
    eachGrant,
    eachRequest,
    granted,
} from "../../../core/checks/allowances";
import { allowanceIn } from "../../../core/config/allowanceFiles";
import { firingTests } from "./brokenSamples";
import { allowances, allowancesFile, allowancesStage, entry, formatted, smallEnvironment, tenant } from "./stages";

const dev = smallEnvironment();
const fintech = tenant("fintech");
const domains = (...d: string[]) => entry(`    ingressDomains: [${d.join(", ")}]\n`);

describe("askFor: the fix of a request beyond the allowance", () => {
    it("GIVEN a grant THEN it names the grant, the team's allowances file, the environment, what an entry needs, and who approves", () => {
        const allowance = allowanceIn([], "fintech", "uat");
        assert.equal(
            askFor(allowance, "uat", "serviceTypes: [LoadBalancer]"),
            "ask the platform team (owners of allowances/) to allow serviceTypes: [LoadBalancer] in allowances/fintech.yaml " +
                "(for uat, with reason, approvedBy and expires), or ask for less",
        );
    });
});

describe("granted: everything the entries of a team's allowance grant of one kind", () => {
    const file = allowances(
        "fintech",
        domains("a.contoso.example"),
        entry("    serviceTypes: [NodePort]\n"),
        domains("b.contoso.example", "c.contoso.example"),
    );

    it("GIVEN entries granting it and entries granting something else THEN the grants of every entry, in order", () => {
        assert.deepEqual(
            granted(allowanceIn([file], "fintech", "dev"), (e) => e.ingressDomains),
            ["a.contoso.example", "b.contoso.example", "c.contoso.example"],
        );
    });

    it("GIVEN no entry granting it, or no entries THEN none", () => {
        assert.deepEqual(
            granted(allowanceIn([file], "fintech", "dev"), (e) => e.egress),
            [],
        );
        assert.deepEqual(
            granted(allowanceIn([], "fintech", "dev"), (e) => e.ingressDomains),
            [],
        );
    });
});

describe("eachRequest: a rule on what each team that runs here asks for", () => {
    it("GIVEN teams of this environment and another THEN the rule sees each team of this one, with its allowance here", () => {
        const seen: string[] = [];
        const rule = eachRequest(({ tenant: t, allowance, environment }) => {
            seen.push(`${t.data.team}:${allowance.team}:${allowance.entries.length}:${environment.name}`);
            return [];
        });
        const prodOnly = tenant("retail", "", ["prod"]);
        rule(allowancesStage(dev, [fintech, prodOnly, tenant("data")], [allowances("fintech", domains("a.contoso.example"))]));
        assert.deepEqual(seen, ["fintech:fintech:1:dev", "data:data:0:dev"]);
    });

    it("GIVEN a refusal THEN a problem at the request in the tenant file, whose fix asks for the grant", () => {
        const rule = eachRequest(({ refuse }) => [refuse(["groups", "owners", 0], "is refused", "owners: [x]")]);
        assert.deepEqual(formatted(rule(allowancesStage(dev, [fintech]))), [
            "tenants/fintech.yaml:3: groups.owners[0]: is refused Fix: ask the platform team (owners of allowances/) to allow owners: [x] " +
                "in allowances/fintech.yaml (for dev, with reason, approvedBy and expires), or ask for less",
        ]);
    });
});

describe("eachGrant: a rule on every allowance entry that applies here, of teams with a tenant file", () => {
    /** The entries the rule sees, as `<file> <index of the entry>`, with whether the team's tenant file came along. */
    const seen = (...args: Parameters<typeof allowancesStage>) => {
        const found: string[] = [];
        const rule = eachGrant(({ file, entry: e, tenant: t, at }) => {
            found.push(`${file.yaml.file} ${e.reason} ${t?.data.team ?? "no tenant"}`);
            return [at(["reason"] as KeyPath, "m", "h")];
        });
        return { found, problems: rule(allowancesStage(...args)) };
    };
    const reasoned = (reason: string, grants = "    serviceTypes: [NodePort]\n") =>
        `  - reason: ${reason}\n    approvedBy: platform-team (PLAT-1)\n    expires: "2028-01-31"\n${grants}`;

    it("GIVEN entries for every environment, for this one and for another THEN the first two, with the team's file, at their own paths", () => {
        const file = allowances(
            "fintech",
            reasoned("Everywhere at once"),
            reasoned("Only in development", "    environments: [dev]\n    serviceTypes: [NodePort]\n"),
            reasoned("Only in production", "    environments: [prod]\n    serviceTypes: [NodePort]\n"),
        );
        const { found, problems } = seen(dev, [fintech], [file]);
        assert.deepEqual(found, [
            "allowances/fintech.yaml Everywhere at once fintech",
            "allowances/fintech.yaml Only in development fintech",
        ]);
        assert.deepEqual(
            problems.map((p) => `${p.path}@${p.line}`),
            ["allowances[0].reason@3", "allowances[1].reason@7"],
        );
    });

    it("GIVEN a file of a team that runs elsewhere THEN its entries are judged too", () => {
        const { found } = seen(dev, [tenant("fintech", "", ["prod"])], [allowances("fintech", reasoned("For production"))]);
        assert.deepEqual(found, ["allowances/fintech.yaml For production fintech"]);
    });

    it("GIVEN a team whose tenant file is there but invalid THEN its entries, without a tenant file", () => {
        const { found } = seen(dev, [], [allowances("fintech", reasoned("With a broken file"))], { tenantFileTeams: new Set(["fintech"]) });
        assert.deepEqual(found, ["allowances/fintech.yaml With a broken file no tenant"]);
    });

    it("GIVEN a file named for another team, or of a team without a tenant file THEN nothing: those are one problem each", () => {
        const misnamed = allowancesFile(`team: fintech\nallowances:\n${reasoned("Misnamed file")}`, "allowances/shop.yaml");
        assert.deepEqual(seen(dev, [fintech], [misnamed]).found, []);
        assert.deepEqual(seen(dev, [fintech], [allowances("ghost", reasoned("No such team"))]).found, []);
    });
});

describe("allowance-file-name: an allowances file is named for its team", () => {
    it("GIVEN a file named for another team THEN it is reported at its team, with the file it belongs in", () => {
        const misnamed = allowancesFile(`team: retail\nallowances:\n${domains("shop.contoso.example")}`, "allowances/shop.yaml");
        assert.deepEqual(formatted(allowanceFileName.run(allowancesStage(dev, [tenant("retail")], [misnamed]))), [
            'allowances/shop.yaml:1: team: team "retail" is in allowances/shop.yaml, which is named for "shop" Fix: a team\'s allowances are in allowances/retail.yaml',
        ]);
    });

    it("GIVEN files named for their teams, with or without a tenant file THEN nothing", () => {
        const files = [allowances("fintech", domains("a.contoso.example")), allowances("ghost", domains("b.contoso.example"))];
        assert.deepEqual(allowanceFileName.run(allowancesStage(dev, [fintech], files)), []);
    });
});

describe("allowance-team: an allowances file is for a team with a tenant file", () => {
    it("GIVEN a file of a team no tenant file declares THEN it is reported at its team", () => {
        assert.deepEqual(
            formatted(allowanceTeam.run(allowancesStage(dev, [fintech], [allowances("ghost", domains("a.contoso.example"))]))),
            [
                'allowances/ghost.yaml:1: team: no tenant file declares team "ghost" Fix: add tenants/ghost.yaml, or remove allowances/ghost.yaml',
            ],
        );
    });

    it("GIVEN a team whose tenant file is unreadable, or one that runs elsewhere THEN nothing: the team has a file", () => {
        const files = [allowances("fintech", domains("a.contoso.example")), allowances("data", domains("b.contoso.example"))];
        const stage = allowancesStage(dev, [tenant("data", "", ["prod"])], files, { tenantFileTeams: new Set(["fintech", "data"]) });
        assert.deepEqual(allowanceTeam.run(stage), []);
    });

    it("GIVEN a misnamed file of an unknown team THEN nothing: allowance-file-name reports it", () => {
        const misnamed = allowancesFile(`team: ghost\nallowances:\n${domains("a.contoso.example")}`, "allowances/shop.yaml");
        assert.deepEqual(allowanceTeam.run(allowancesStage(dev, [fintech], [misnamed])), []);
    });
});

describe("allowance-environments: the environments an entry names exist", () => {
    const withEnvironments = (...envs: string[]) =>
        allowances("fintech", entry(`    environments: [${envs.join(", ")}]\n    serviceTypes: [NodePort]\n`));

    it("GIVEN an unknown environment THEN it is reported at its index, with the known ones", () => {
        assert.deepEqual(formatted(allowanceEnvironments.run(allowancesStage(dev, [fintech], [withEnvironments("dev", "qa")]))), [
            'allowances/fintech.yaml:6: allowances[0].environments[1]: unknown environment "qa" Fix: environments are: dev, prod, uat',
        ]);
    });

    it("GIVEN entries for other environments than this one THEN they are judged as well", () => {
        assert.equal(allowanceEnvironments.run(allowancesStage(dev, [fintech], [withEnvironments("prod", "staging")])).length, 1);
    });

    it("GIVEN known environments, or a file of a team without a tenant file THEN nothing", () => {
        assert.deepEqual(allowanceEnvironments.run(allowancesStage(dev, [fintech], [withEnvironments("uat", "prod")])), []);
        const ghost = allowances("ghost", entry("    environments: [qa]\n    serviceTypes: [NodePort]\n"));
        assert.deepEqual(allowanceEnvironments.run(allowancesStage(dev, [fintech], [ghost])), []);
    });
});

describe("allowances file checks in the loader", () => {
    firingTests(allowanceChecks, {
        "allowance-file-name": {
            stack: "dev",
            changes: { "allowances/shop.yaml": { copyOf: "allowances/retail.yaml" } },
            reports: 'team "retail" is in allowances/shop.yaml, which is named for "shop"',
        },
        "allowance-team": {
            stack: "dev",
            changes: { "allowances/ghost.yaml": { copyOf: "allowances/retail.yaml", edit: ["team: retail\n", "team: ghost\n"] } },
            reports: 'allowances/ghost.yaml:2: team: no tenant file declares team "ghost"',
        },
        "allowance-environments": {
            stack: "dev",
            changes: { "allowances/data.yaml": ["environments: [uat, prod]", "environments: [uat, prod, qa]"] },
            reports: 'allowances[0].environments[2]: unknown environment "qa"',
        },
    });
});
