import * as assert from "node:assert/strict";
import * as promotion from "../../../core/checks/promotion";
import { allowanceExemptions, promotionExemptionAllowed, promotionFrom, promotionFromKnown } from "../../../core/checks/promotion";
import { firingTests, grant } from "./brokenSamples";
import { allowances, allowancesStage, entry, environmentStage, formatted, smallEnvironment, smallSettings, tenant } from "./stages";

const fromLine = (from: string) => `  helm-platform:promotion:\n    from: ${from}\n`;

describe("promotion-from: an environment is not promoted from itself", () => {
    it("GIVEN promotion from itself THEN it is reported at promotion.from", () => {
        assert.deepEqual(formatted(promotionFrom.run(smallSettings(fromLine("uat"), { environment: "uat" }))), [
            "Pulumi.uat.yaml:12: helm-platform:promotion.from: an environment cannot be promoted from itself " +
                "Fix: name the environment before this one, or remove helm-platform:promotion",
        ]);
    });

    it("GIVEN promotion from another environment, or none THEN nothing", () => {
        assert.deepEqual(promotionFrom.run(smallSettings(fromLine("dev"), { environment: "uat" })), []);
        assert.deepEqual(promotionFrom.run(smallSettings()), []);
    });
});

describe("promotion-from-known: the environment promoted from has a stack file", () => {
    const run = (from: string, environments?: string[]) =>
        promotionFromKnown.run(
            environmentStage(smallSettings(fromLine(from), { environment: "prod" }), environments ? { environments } : {}),
        );

    it("GIVEN an unknown environment THEN it is reported at promotion.from, listing the environments", () => {
        assert.deepEqual(
            run("staging").map((p) => [p.path, p.message, p.hint]),
            [["helm-platform:promotion.from", 'unknown environment "staging"', "environments are: dev, prod, uat"]],
        );
    });

    it("GIVEN a typo THEN the closest environment", () => {
        assert.deepEqual(
            run("uta").map((p) => p.hint),
            ['did you mean "uat"?'],
        );
    });

    it("GIVEN a known environment, no promotion, or settings that did not read THEN nothing", () => {
        assert.deepEqual(run("uat"), []);
        assert.deepEqual(promotionFromKnown.run(environmentStage(smallSettings())), []);
        assert.deepEqual(promotionFromKnown.run(environmentStage(undefined)), []);
    });
});

describe("promotion-exemption-allowed: an app skips the promotion gate only where the allowance lists it", () => {
    const uat = smallEnvironment(fromLine("dev"), { environment: "uat" });
    /** Team fintech's app ledger with an exemption, running in `versions` (lines indented by six). */
    const exempting = (versions = "      uat: 2.1.1\n") =>
        tenant(
            "fintech",
            `apps:\n  ledger:\n    chart: ledger\n    promotionExemption: the ledger's hotfix line\n    versions:\n${versions}`,
            ["dev", "uat"],
        );

    it("GIVEN an exemption the allowance does not list THEN it is refused at the exemption, asking for it", () => {
        const found = promotionExemptionAllowed.run(allowancesStage(uat, [exempting()]));
        assert.deepEqual(
            found.map((p) => [p.path, p.line, p.message]),
            [["apps.ledger.promotionExemption", 8, "app ledger may not skip the promotion gate in uat"]],
        );
        assert.match(found[0]?.hint ?? "", /to allow promotionExemptions: \[ledger\] in allowances\/fintech\.yaml \(for uat,/);
    });

    it("GIVEN the app listed THEN nothing; another app listed THEN it is refused", () => {
        const listing = (app: string) => [allowances("fintech", entry(`    promotionExemptions: [${app}]\n`))];
        assert.deepEqual(promotionExemptionAllowed.run(allowancesStage(uat, [exempting()], listing("ledger"))), []);
        assert.equal(promotionExemptionAllowed.run(allowancesStage(uat, [exempting()], listing("payments"))).length, 1);
    });

    it("GIVEN an environment without a promotion gate, or an app that does not run in it THEN nothing", () => {
        assert.deepEqual(promotionExemptionAllowed.run(allowancesStage(smallEnvironment(), [exempting("      dev: 2.1.1\n")])), []);
        assert.deepEqual(promotionExemptionAllowed.run(allowancesStage(uat, [exempting("      dev: 2.1.1\n")])), []);
    });
});

describe("allowance-exemptions: an allowance exempts apps the team has", () => {
    const dev = smallEnvironment();
    const fintech = tenant(
        "fintech",
        "apps:\n  ledger:\n    chart: ledger\n    versions:\n      dev: 1.0.0\n  payments:\n    chart: payments\n    versions:\n      dev: 1.0.0\n",
    );
    const exempting = (...apps: string[]) => allowances("fintech", entry(`    promotionExemptions: [${apps.join(", ")}]\n`));

    it("GIVEN an app the team does not have THEN it is reported at the entry's exemption, listing the team's apps", () => {
        assert.deepEqual(formatted(allowanceExemptions.run(allowancesStage(dev, [fintech], [exempting("ledger", "refunds")]))), [
            'allowances/fintech.yaml:6: allowances[0].promotionExemptions[1]: team fintech has no app "refunds" Fix: apps are: ledger, payments',
        ]);
    });

    it("GIVEN the team's apps THEN nothing", () => {
        assert.deepEqual(allowanceExemptions.run(allowancesStage(dev, [fintech], [exempting("ledger", "payments")])), []);
    });

    it("GIVEN a team whose tenant file is unreadable THEN nothing: its apps are unknown", () => {
        const stage = allowancesStage(dev, [], [exempting("refunds")], { tenantFileTeams: new Set(["fintech"]) });
        assert.deepEqual(allowanceExemptions.run(stage), []);
    });
});

describe("promotion checks in the loader", () => {
    firingTests(promotion, {
        "promotion-from": {
            stack: "uat",
            changes: { "Pulumi.uat.yaml": ["    from: dev\n", "    from: uat\n"] },
            reports: "an environment cannot be promoted from itself",
        },
        "promotion-from-known": {
            stack: "uat",
            changes: { "Pulumi.uat.yaml": ["    from: dev\n", "    from: qa\n"] },
            reports: 'promotion.from: unknown environment "qa"',
        },
        "allowance-exemptions": {
            stack: "dev",
            changes: { "allowances/fintech.yaml": { append: grant("promotionExemptions: [refunds]") } },
            reports: 'team fintech has no app "refunds"',
        },
        "promotion-exemption-allowed": {
            stack: "uat",
            changes: {
                "tenants/fintech.yaml": ["    chart: ledger\n", "    chart: ledger\n    promotionExemption: the ledger's hotfix line\n"],
            },
            reports: "app ledger may not skip the promotion gate in uat",
        },
    });
});
