import * as assert from "node:assert/strict";
import {
    type ChartId,
    chartKey,
    chartOf,
    chartReference,
    chartRepository,
    chartRoot,
    chartSourceDir,
    ownerRepositoryPrefix,
    parseChartReference,
    pushTarget,
} from "../../../core/base/chartPaths";

const REGISTRY = "acrhelmplatformprod.azurecr.io";
const ledger: ChartId = { owner: "fintech", chart: "ledger" };

describe("chartOf and chartKey", () => {
    it("GIVEN a bare chart name THEN the chart is the app's own team's", () => {
        assert.deepEqual(chartOf("fintech", "ledger"), ledger);
    });

    it("GIVEN <team>/<chart> THEN the chart is that team's, whoever names it", () => {
        assert.deepEqual(chartOf("retail", "fintech/ledger"), ledger);
    });

    it("GIVEN a chart's key THEN any team reading it back gets the same chart", () => {
        assert.equal(chartKey(ledger), "fintech/ledger");
        assert.deepEqual(chartOf("retail", chartKey(ledger)), ledger);
    });
});

describe("a chart's registry paths", () => {
    it("GIVEN a chart THEN it lives in its owner's repository folder, under the root, where its owner pushes", () => {
        assert.equal(chartRoot(REGISTRY), `oci://${REGISTRY}/helm-charts`);
        assert.equal(pushTarget(REGISTRY, "fintech"), `oci://${REGISTRY}/helm-charts/fintech`);
        assert.equal(chartRepository(ledger), "helm-charts/fintech/ledger");
        assert.equal(chartReference(REGISTRY, ledger), `oci://${REGISTRY}/helm-charts/fintech/ledger`);
        assert.ok(chartRepository(ledger).startsWith(ownerRepositoryPrefix("fintech")));
        assert.ok(chartReference(REGISTRY, ledger).startsWith(`${pushTarget(REGISTRY, "fintech")}/`));
    });

    it("GIVEN an owner whose name begins another's THEN its prefix does not cover the other's charts", () => {
        assert.equal(ownerRepositoryPrefix("fin"), "helm-charts/fin/");
        assert.ok(!chartRepository(ledger).startsWith(ownerRepositoryPrefix("fin")));
    });

    it("GIVEN a chart version THEN its source folder mirrors the registry's path", () => {
        assert.equal(chartSourceDir(ledger, "2.1.0"), "charts/fintech/ledger/2.1.0");
    });
});

describe("parseChartReference", () => {
    it("GIVEN what chartReference writes THEN it reads back the registry, owner and chart", () => {
        assert.deepEqual(parseChartReference(chartReference(REGISTRY, ledger)), { registry: REGISTRY, ...ledger });
    });

    const others = [
        ["another repository root", `oci://${REGISTRY}/charts/fintech/ledger`],
        ["no chart", `oci://${REGISTRY}/helm-charts/fintech`],
        ["a deeper path", `oci://${REGISTRY}/helm-charts/fintech/ledger/extra`],
        ["a tag", `oci://${REGISTRY}/helm-charts/fintech/ledger:2.1.0`],
        ["a digest", `oci://${REGISTRY}/helm-charts/fintech/ledger@sha256:0000`],
        ["another scheme", `https://${REGISTRY}/helm-charts/fintech/ledger`],
        ["a classic repository's chart", "bitnami/redis"],
        ["nothing", ""],
    ] as const;
    it("GIVEN anything but oci://<registry>/helm-charts/<owner>/<chart> THEN it is no platform chart", () => {
        assert.deepEqual(
            others.filter(([, reference]) => parseChartReference(reference) !== undefined).map(([what]) => what),
            [],
        );
    });
});
