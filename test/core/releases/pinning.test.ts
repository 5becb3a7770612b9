import * as assert from "node:assert/strict";
import type { PlatformReleaseSpec } from "../../../core/model/monitoring";
import type { ReleaseSpec } from "../../../core/model/stackModel";
import { type ChartLock, formatChartLock, sectionOf, withEnvironment } from "../../../core/releases/lock";
import { pinToLock, usableLock } from "../../../core/releases/pinning";
import { parseYamlFile } from "../../../core/yaml/yamlFile";
import { release as teamRelease } from "../../support/smallModel";

const PROD_REGISTRY = "acrhelmplatformprod.azurecr.io";
const digest = (c: string) => `sha256:${c.repeat(64)}`;
/** prod's section, read from prod's registry; uat's from its own, with another digest for the same version. */
const LOCK: ChartLock = withEnvironment(
    withEnvironment(
        undefined,
        "prod",
        sectionOf(PROD_REGISTRY, [
            { owner: "fintech", chart: "payments-api", version: "1.4.2", digest: digest("a") },
            { owner: "fintech", chart: "ledger", version: "2.0.0", digest: digest("b") },
            { owner: "platform", chart: "kube-prometheus-stack", version: "79.5.0", digest: digest("c") },
        ]),
    ),
    "uat",
    sectionOf("acrhelmplatformuat.azurecr.io", [{ owner: "fintech", chart: "payments-api", version: "1.4.2", digest: digest("d") }]),
);
/** The lock as loading reads it: the parsed file with its YAML. */
function read(lock: ChartLock) {
    const parsed = parseYamlFile("charts.lock.yaml", formatChartLock(lock));
    assert.ok(parsed.ok);
    return { lock, yaml: parsed.yaml };
}

/** A team release of `<owner>/<chart>@<version>`, as loading builds it before pinning. */
const release = (team: string, chartOwner: string, chartName: string, version: string): ReleaseSpec =>
    teamRelease(team, chartName, {
        environment: "prod",
        chartName,
        chartOwner,
        chart: `oci://${PROD_REGISTRY}/helm-charts/${chartOwner}/${chartName}`,
        version,
    });
const platform = (chart: string, version: string, repository?: string): PlatformReleaseSpec => ({
    cluster: "weu",
    namespace: "monitoring",
    releaseName: "kube-prometheus-stack",
    chart,
    version,
    ...(repository ? { repository } : {}),
    values: {},
    sources: {},
});
const MIRRORED = platform(`oci://${PROD_REGISTRY}/helm-charts/platform/kube-prometheus-stack`, "79.5.0");
const UPSTREAM = platform("kube-prometheus-stack", "79.5.0", "https://prometheus-community.github.io/helm-charts");

describe("releases pinned to charts.lock.yaml (core/releases/pinning)", () => {
    describe("the lock an environment may pin to", () => {
        it("GIVEN a lock with the environment's section, read from its own registry THEN that lock", () => {
            const lock = read(LOCK);
            assert.equal(usableLock(lock, "prod", PROD_REGISTRY), LOCK);
        });

        it("GIVEN no lock, or one without the environment THEN none", () => {
            assert.equal(usableLock(undefined, "prod", PROD_REGISTRY), undefined);
            assert.equal(usableLock(read(LOCK), "dev", PROD_REGISTRY), undefined);
        });

        it("GIVEN the environment's section read from another registry THEN none: its digests say nothing of this one", () => {
            assert.equal(usableLock(read(LOCK), "prod", "acrhelmplatformnew.azurecr.io"), undefined);
            assert.equal(usableLock(read(LOCK), "uat", PROD_REGISTRY), undefined);
        });
    });

    describe("pinning", () => {
        it("GIVEN no usable lock THEN the releases are left as they are", () => {
            const releases = [release("fintech", "fintech", "payments-api", "1.4.2")];
            const platformReleases = [MIRRORED];
            const pinned = pinToLock(undefined, "prod", releases, platformReleases);
            assert.equal(pinned.releases, releases);
            assert.equal(pinned.platformReleases, platformReleases);
        });

        it("GIVEN a team release whose version the lock holds THEN it gets the environment's digest, nothing else changed", () => {
            const unpinned = release("fintech", "fintech", "payments-api", "1.4.2");
            assert.deepEqual(pinToLock(LOCK, "prod", [unpinned], []).releases, [{ ...unpinned, digest: digest("a") }]);
            assert.equal(pinToLock(LOCK, "uat", [unpinned], []).releases[0]?.digest, digest("d"), "uat's own digest");
        });

        it("GIVEN a version, chart or environment the lock lacks THEN the release has no digest", () => {
            const releases = [release("fintech", "fintech", "payments-api", "1.4.3"), release("fintech", "fintech", "reports", "1.4.2")];
            const pinned = pinToLock(LOCK, "prod", releases, []).releases;
            assert.deepEqual(pinned, releases);
            assert.ok(pinned.every((r) => !("digest" in r)));
            assert.deepEqual(pinToLock(LOCK, "dev", [release("fintech", "fintech", "ledger", "2.0.0")], []).releases[0]?.digest, undefined);
        });

        it("GIVEN a release of another team's chart THEN it is pinned by the chart's owner, not by its own team", () => {
            const shared = release("retail", "fintech", "ledger", "2.0.0");
            assert.equal(pinToLock(LOCK, "prod", [shared], []).releases[0]?.digest, digest("b"));
            assert.equal(pinToLock(LOCK, "prod", [release("retail", "retail", "ledger", "2.0.0")], []).releases[0]?.digest, undefined);
        });

        it("GIVEN a platform chart mirrored into the registry THEN it is pinned by its reference's owner and chart", () => {
            assert.deepEqual(pinToLock(LOCK, "prod", [], [MIRRORED]).platformReleases, [{ ...MIRRORED, digest: digest("c") }]);
        });

        it("GIVEN a platform chart from its public repository THEN it cannot be pinned, whatever the lock holds", () => {
            assert.deepEqual(pinToLock(LOCK, "prod", [], [UPSTREAM]).platformReleases, [UPSTREAM]);
        });
    });
});
