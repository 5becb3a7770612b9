import * as assert from "node:assert/strict";
import * as charts from "../../../core/checks/charts";
import { allowanceCharts, chartKeyringPresent, chartKeyringRequired, foreignChartAllowed } from "../../../core/checks/charts";
import { firingTests, grant } from "./brokenSamples";
import {
    allowances,
    allowancesStage,
    entry,
    environmentStage,
    formatted,
    memoryTree,
    smallEnvironment,
    smallSettings,
    tenant,
} from "./stages";

const KEYRING = "  helm-platform:charts:\n    keyring: keys/charts.pubring.gpg\n";
const PRODUCTION = "  helm-platform:profile: production\n";

describe("chart-keyring-required: the production profile verifies charts against a keyring", () => {
    it("GIVEN the production profile without a keyring THEN it is reported at charts.keyring, with how to export one", () => {
        assert.deepEqual(formatted(chartKeyringRequired.run(smallSettings(PRODUCTION, { environment: "prod" }))), [
            "Pulumi.prod.yaml:1: helm-platform:charts.keyring: the production profile requires verified charts, and no keyring is configured " +
                "Fix: set helm-platform:charts.keyring to the signers' public keyring (gpg --export > keys/charts.pubring.gpg)",
        ]);
    });

    it("GIVEN the production profile with a keyring, or the development profile without one THEN nothing", () => {
        assert.deepEqual(chartKeyringRequired.run(smallSettings(`${PRODUCTION}${KEYRING}`)), []);
        assert.deepEqual(chartKeyringRequired.run(smallSettings()), []);
    });
});

describe("chart-keyring-present: a keyring named by a repository path is committed", () => {
    const withKeyring = (keyring: string) => smallSettings(`  helm-platform:charts:\n    keyring: ${keyring}\n`);
    const run = (keyring: string, files: Record<string, string> = {}) =>
        chartKeyringPresent.run(environmentStage(withKeyring(keyring), { tree: memoryTree(files) }));

    it("GIVEN a repository path with no file THEN it is named, at the line of the key", () => {
        assert.deepEqual(formatted(run("keys/missing.gpg")), [
            'Pulumi.dev.yaml:12: helm-platform:charts.keyring: keyring "keys/missing.gpg" is not in the repository ' +
                "Fix: commit the public keyring there, or give an absolute path on the deploying machine",
        ]);
    });

    it("GIVEN the keyring committed THEN nothing", () => {
        assert.deepEqual(run("keys/charts.pubring.gpg", { "keys/charts.pubring.gpg": "keyring" }), []);
    });

    it("GIVEN a path on the deploying machine (absolute, or under ~) THEN nothing: the repository cannot have it", () => {
        assert.deepEqual(run("/etc/helm/pubring.gpg"), []);
        assert.deepEqual(run("~/.gnupg/pubring.gpg"), []);
    });

    it("GIVEN a keyring the tree refused (a link) THEN nothing: the refusal is the report", () => {
        const refusing = { ...memoryTree({}), refused: () => [{ path: "keys/charts.pubring.gpg", why: "is a symbolic link" }] };
        assert.deepEqual(chartKeyringPresent.run(environmentStage(withKeyring("keys/charts.pubring.gpg"), { tree: refusing })), []);
    });

    it("GIVEN no keyring, or settings that did not read THEN nothing", () => {
        assert.deepEqual(chartKeyringPresent.run(environmentStage(smallSettings())), []);
        assert.deepEqual(chartKeyringPresent.run(environmentStage(undefined)), []);
    });
});

describe("foreign-chart-allowed: another team's chart only where the allowance lists it", () => {
    const dev = smallEnvironment();
    /** Team fintech's app ledger installing `chart`, in `versions` (lines indented by six). */
    const installing = (chart: string, versions = "      dev: 1.0.0\n") =>
        tenant("fintech", `apps:\n  ledger:\n    chart: ${chart}\n    versions:\n${versions}`, ["dev", "prod"]);

    it("GIVEN another team's chart without an allowance THEN it is refused at the app's chart, asking for that chart", () => {
        const [problem, ...rest] = foreignChartAllowed.run(allowancesStage(dev, [installing("retail/catalog")]));
        assert.deepEqual(rest, []);
        assert.deepEqual(
            [problem?.path, problem?.line, problem?.message],
            ["apps.ledger.chart", 7, "app ledger installs team retail's chart catalog, which team fintech is not allowed to use in dev"],
        );
        assert.match(problem?.hint ?? "", /^ask .* to allow charts: \[retail\/catalog\] in allowances\/fintech\.yaml \(for dev,/);
    });

    it("GIVEN the chart listed in the team's allowance THEN nothing", () => {
        const allowed = allowances("fintech", entry("    charts: [retail/catalog]\n"));
        assert.deepEqual(foreignChartAllowed.run(allowancesStage(dev, [installing("retail/catalog")], [allowed])), []);
    });

    it("GIVEN another chart of that team listed THEN it is still refused", () => {
        const allowed = allowances("fintech", entry("    charts: [retail/storefront]\n"));
        assert.equal(foreignChartAllowed.run(allowancesStage(dev, [installing("retail/catalog")], [allowed])).length, 1);
    });

    it("GIVEN the team's own chart, by name or as <team>/<chart> THEN nothing", () => {
        assert.deepEqual(foreignChartAllowed.run(allowancesStage(dev, [installing("ledger")])), []);
        assert.deepEqual(foreignChartAllowed.run(allowancesStage(dev, [installing("fintech/ledger")])), []);
    });

    it("GIVEN an app that does not run in this environment THEN its chart is not judged here", () => {
        assert.deepEqual(foreignChartAllowed.run(allowancesStage(dev, [installing("retail/catalog", "      prod: 1.0.0\n")])), []);
    });
});

describe("allowance-charts: an allowance's charts are of teams with a tenant file", () => {
    const dev = smallEnvironment();

    it("GIVEN a chart of a team no tenant file declares THEN it is reported at the chart", () => {
        const file = allowances("fintech", entry("    charts: [retail/catalog, ghost/ledger]\n"));
        assert.deepEqual(formatted(allowanceCharts.run(allowancesStage(dev, [tenant("fintech"), tenant("retail")], [file]))), [
            'allowances/fintech.yaml:6: allowances[0].charts[1]: no tenant file declares team "ghost", whose chart this would be ' +
                "Fix: name a chart as <team>/<chart> of a team in tenants/",
        ]);
    });

    it("GIVEN charts of teams with a tenant file, the team's own included THEN nothing", () => {
        const file = allowances("fintech", entry("    charts: [retail/catalog, fintech/ledger]\n"));
        assert.deepEqual(allowanceCharts.run(allowancesStage(dev, [tenant("fintech"), tenant("retail", "", ["prod"])], [file])), []);
    });
});

describe("chart checks in the loader", () => {
    firingTests(charts, {
        "chart-keyring-required": {
            stack: "uat",
            changes: { "Pulumi.uat.yaml": ["  helm-platform:charts:\n    keyring: keys/charts.pubring.gpg\n", ""] },
            reports: "the production profile requires verified charts, and no keyring is configured",
        },
        "chart-keyring-present": {
            stack: "dev",
            changes: { "Pulumi.dev.yaml": ["keyring: keys/charts.pubring.gpg", "keyring: keys/signers.gpg"] },
            reports: 'keyring "keys/signers.gpg" is not in the repository',
        },
        "allowance-charts": {
            stack: "dev",
            changes: { "allowances/fintech.yaml": { append: grant("charts: [ghost/ledger]") } },
            reports: 'no tenant file declares team "ghost", whose chart this would be',
        },
        "foreign-chart-allowed": {
            stack: "dev",
            changes: { "tenants/fintech.yaml": ["    chart: ledger\n", "    chart: retail/catalog\n"] },
            reports: "app ledger installs team retail's chart catalog, which team fintech is not allowed to use in dev",
        },
    });
});
