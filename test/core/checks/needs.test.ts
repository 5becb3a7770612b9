import * as assert from "node:assert/strict";
import type { ReleasesStage } from "../../../core/checks/check";
import * as needs from "../../../core/checks/needs";
import { needsAcyclic, needsDeclared, needsDeployed } from "../../../core/checks/needs";
import type { ReleaseSpec } from "../../../core/model/stackModel";
import { firingTests } from "./brokenSamples";
import { formatted, sampleStage, smallEnvironment, teamsStage, tenant } from "./stages";

const dev = smallEnvironment();

/** `team`'s tenant file with apps, each `[app, its needs]`. */
const needing = (team: string, ...apps: [string, string[]][]) =>
    tenant(
        team,
        `apps:\n${apps.map(([app, n]) => `  ${app}:\n    chart: ${app}\n    needs: [${n.join(", ")}]\n    versions:\n      dev: 1.0.0\n`).join("")}`,
    );

describe("needs-declared: every need names a declared app other than itself", () => {
    const problems = (...files: ReturnType<typeof needing>[]) => needsDeclared.run(teamsStage(dev, files));

    it("GIVEN needs of the team's own app and of another team's THEN nothing", () => {
        assert.deepEqual(
            problems(needing("fintech", ["api", ["ledger", "data/ingest"]], ["ledger", []]), needing("data", ["ingest", []])),
            [],
        );
    });

    it("GIVEN a need no tenant file declares THEN it is reported at the need", () => {
        assert.deepEqual(formatted(problems(needing("fintech", ["api", ["ledger", "ledgr"]], ["ledger", []]))), [
            'tenants/fintech.yaml:8: apps.api.needs[1]: needs "ledgr", which no tenant file declares Fix: name an app as <app> (same team) or <team>/<app>',
        ]);
    });

    it("GIVEN another team's app it does not have THEN it is reported", () => {
        assert.deepEqual(
            problems(needing("fintech", ["api", ["data/ingest"]]), needing("data", ["export", []])).map((p) => p.message),
            ['needs "data/ingest", which no tenant file declares'],
        );
    });

    it("GIVEN a need of a team whose file is unreadable THEN nothing: that file's problems are the report", () => {
        const stage = teamsStage(dev, [needing("fintech", ["api", ["data/ingest"]])], { unreadable: new Set(["data"]) });
        assert.deepEqual(needsDeclared.run(stage), []);
    });

    it("GIVEN an app that needs itself, by its name or as <team>/<app> THEN each is reported", () => {
        assert.deepEqual(
            problems(needing("fintech", ["api", ["api", "fintech/api"]])).map((p) => [p.path, p.message]),
            [
                ["apps.api.needs[0]", "an app cannot need itself"],
                ["apps.api.needs[1]", "an app cannot need itself"],
            ],
        );
    });

    it("GIVEN an app of a team that runs in another environment THEN its needs are judged too", () => {
        const prod = tenant("retail", "apps:\n  shop:\n    chart: shop\n    needs: [cart]\n    versions:\n      prod: 1.0.0\n", ["prod"]);
        assert.deepEqual(
            needsDeclared.run(teamsStage(dev, [prod])).map((p) => p.file),
            ["tenants/retail.yaml"],
        );
    });
});

describe("needs-acyclic: needs form no cycle", () => {
    it("GIVEN two apps of a team that need each other THEN one problem, at the smallest app, walking the cycle", () => {
        assert.deepEqual(
            formatted(needsAcyclic.run(teamsStage(dev, [needing("fintech", ["payments", ["ledger"]], ["ledger", ["payments"]])]))),
            [
                "tenants/fintech.yaml:13: apps.ledger.needs: needs form a cycle: fintech/ledger -> fintech/payments -> fintech/ledger Fix: remove one of the needs",
            ],
        );
    });

    it("GIVEN a cycle across teams THEN it is reported in the file of its smallest app's team", () => {
        const found = needsAcyclic.run(
            teamsStage(dev, [needing("retail", ["shop", ["fintech/pay"]]), needing("fintech", ["pay", ["retail/shop"]])]),
        );
        assert.deepEqual(
            found.map((p) => [p.file, p.message]),
            [["tenants/fintech.yaml", "needs form a cycle: fintech/pay -> retail/shop -> fintech/pay"]],
        );
    });

    it("GIVEN a chain, an app that needs itself, or an undeclared need THEN no cycle (the others are needs-declared's)", () => {
        const chain = needing("fintech", ["a", ["b"]], ["b", ["c"]], ["c", ["c", "ghost"]]);
        assert.deepEqual(needsAcyclic.run(teamsStage(dev, [chain])), []);
    });

    it("GIVEN two separate cycles THEN each once", () => {
        const found = needsAcyclic.run(teamsStage(dev, [needing("fintech", ["a", ["b"]], ["b", ["a"]], ["c", ["d"]], ["d", ["c"]])]));
        assert.deepEqual(found.map((p) => p.message).sort(), [
            "needs form a cycle: fintech/a -> fintech/b -> fintech/a",
            "needs form a cycle: fintech/c -> fintech/d -> fintech/c",
        ]);
    });
});

describe("needs-deployed: a release's needs run on its cluster", () => {
    // prod's commerce shard: data's ingest-worker runs on weu only, retail's storefront on weu and neu.
    const stage = () => sampleStage("prod.commerce", "releases");
    const withNeeds = (app: string, ...n: string[]): ReleasesStage => ({
        ...stage(),
        releases: stage().releases.map((r): ReleaseSpec => (r.app === app ? { ...r, needs: n } : r)),
    });

    it("GIVEN the sample THEN the storefront runs on two clusters and the ingest worker on one", () => {
        assert.deepEqual(
            stage()
                .releases.map((r) => `${r.name}@${r.cluster}`)
                .sort(),
            ["data-ingest-worker@weu", "retail-storefront@neu", "retail-storefront@weu"],
        );
        assert.deepEqual(needsDeployed.run(stage()), []);
    });

    it("GIVEN a need that runs on one of the release's clusters only THEN it is reported once, for the other cluster", () => {
        assert.deepEqual(
            needsDeployed.run(withNeeds("storefront", "data-ingest-worker")).map((p) => [p.file, p.path, p.message, p.hint]),
            [
                [
                    "tenants/retail.yaml",
                    "apps.storefront.needs[0]",
                    "needs data-ingest-worker, which does not run on prod/neu",
                    "deploy the needed app there too, or pin this app to the clusters where it runs",
                ],
            ],
        );
    });

    it("GIVEN a need declared elsewhere that runs on no cluster of this stack THEN it is reported once, at the first cluster", () => {
        // fintech's ledger is declared (in fintech's file) but deployed by the payments shard.
        assert.deepEqual(
            needsDeployed.run(withNeeds("storefront", "fintech-ledger")).map((p) => p.message),
            ["needs fintech-ledger, which does not run on prod/weu"],
        );
    });

    it("GIVEN a need on the release's own cluster, or one no tenant file declares THEN nothing (the undeclared one is needs-declared's)", () => {
        assert.deepEqual(needsDeployed.run(withNeeds("ingest-worker", "retail-storefront")), []);
        assert.deepEqual(needsDeployed.run(withNeeds("storefront", "retail-ghost")), []);
    });
});

describe("needs checks in the loader", () => {
    firingTests(needs, {
        "needs-declared": {
            stack: "dev",
            changes: { "tenants/fintech.yaml": ["needs: [ledger]", "needs: [ledgr]"] },
            reports: 'needs "ledgr", which no tenant file declares',
        },
        "needs-acyclic": {
            stack: "dev",
            changes: { "tenants/fintech.yaml": ["    chart: ledger\n", "    chart: ledger\n    needs: [payments-api]\n"] },
            reports: "needs form a cycle: fintech/ledger -> fintech/payments-api -> fintech/ledger",
        },
        "needs-deployed": {
            stack: "prod.commerce",
            changes: { "tenants/retail.yaml": ["    chart: storefront\n", "    chart: storefront\n    needs: [data/ingest-worker]\n"] },
            reports: "needs data-ingest-worker, which does not run on prod/neu",
        },
    });
});
