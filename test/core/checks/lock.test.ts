import * as assert from "node:assert/strict";
import type { LockStage } from "../../../core/checks/check";
import * as lockChecks from "../../../core/checks/lock";
import { chartDigests, chartLockUsable } from "../../../core/checks/lock";
import type { ReleaseSpec } from "../../../core/model/stackModel";
import { firingTests } from "./brokenSamples";
import { sampleStage } from "./stages";

// uat: the production profile requires the lock; the sample's lock holds every chart version uat installs.
const uat = () => sampleStage("uat", "lock");
type Section = NonNullable<LockStage["lock"]>["lock"]["environments"][string];
const section = () => uat().lock?.lock.environments.uat as Section;
const FIX = "run npm run lock -- --stack uat (after npm run publish-charts -- --stack uat) and commit charts.lock.yaml";

/** uat's lock stage with `more` changed. */
const stage = (more: Partial<LockStage>): LockStage => ({ ...uat(), ...more });
/** The lock with uat's section replaced (`undefined`: removed). */
const withSection = (replaced: Section | undefined): LockStage["lock"] => {
    const read = uat().lock as NonNullable<LockStage["lock"]>;
    const { uat: _, ...others } = read.lock.environments;
    return { yaml: read.yaml, lock: { environments: replaced ? { ...others, uat: replaced } : others } };
};
/** uat's releases with the app's version changed. */
const releasesWith = (app: string, version: string): ReleaseSpec[] => uat().releases.map((r) => (r.app === app ? { ...r, version } : r));

describe("chart-lock-usable: the lock has digests for the environment, from its own registry", () => {
    it("GIVEN the sample THEN uat's section is there, from uat's registry", () => {
        assert.equal(section().registry, "acrhelmplatformuat.azurecr.io");
        assert.deepEqual(chartLockUsable.run(uat()), []);
    });

    it("GIVEN a lock without the environment that requires it THEN it is reported at environments", () => {
        const [problem, ...rest] = chartLockUsable.run(stage({ lock: withSection(undefined) }));
        assert.deepEqual(rest, []);
        assert.deepEqual(
            [problem?.file, problem?.path, problem?.message, problem?.hint],
            ["charts.lock.yaml", "environments", "there are no chart digests for uat, whose profile requires them", FIX],
        );
    });

    it("GIVEN no lock file at all THEN the same, at the file it would be", () => {
        assert.deepEqual(chartLockUsable.run(stage({ lock: undefined, lockFilePresent: false })), [
            {
                file: "charts.lock.yaml",
                path: "environments",
                message: "there are no chart digests for uat, whose profile requires them",
                hint: FIX,
            },
        ]);
    });

    it("GIVEN digests read from another registry THEN it is reported at the section's registry", () => {
        const found = chartLockUsable.run(stage({ lock: withSection({ ...section(), registry: "acrhelmplatformdev.azurecr.io" }) }));
        assert.deepEqual(
            found.map((p) => [p.path, p.message]),
            [
                [
                    "environments.uat.registry",
                    "the digests of uat were read from acrhelmplatformdev.azurecr.io, not acrhelmplatformuat.azurecr.io",
                ],
            ],
        );
    });

    it("GIVEN a lock file that is there but broken THEN nothing: its own problems are the report", () => {
        assert.deepEqual(chartLockUsable.run(stage({ lock: undefined, lockFilePresent: true })), []);
    });

    it("GIVEN an environment whose profile does not require the lock THEN a missing section is fine", () => {
        const optional = { ...uat().environment, charts: { ...uat().environment.charts, lock: "optional" as const } };
        assert.deepEqual(chartLockUsable.run(stage({ environment: optional, lock: withSection(undefined) })), []);
    });
});

describe("chart-digests: every chart version the stack installs has its digest", () => {
    it("GIVEN the sample THEN nothing", () => {
        assert.ok(uat().releases.length > 0 && uat().platformReleases.length > 0, "uat installs team and platform charts");
        assert.deepEqual(chartDigests.run(uat()), []);
    });

    it("GIVEN a team's version without a digest THEN it is reported at the version in the tenant file", () => {
        const found = chartDigests.run(stage({ releases: releasesWith("ledger", "2.1.1") }));
        assert.deepEqual(
            found.map((p) => [p.file, p.path, p.message, p.hint]),
            [["tenants/fintech.yaml", "apps.ledger.versions.uat", "fintech/ledger 2.1.1 has no digest in charts.lock.yaml for uat", FIX]],
        );
    });

    it("GIVEN the version installed on two clusters THEN it is reported once", () => {
        const releases = releasesWith("ledger", "2.1.1");
        const twice = [...releases, ...releases.filter((r) => r.app === "ledger").map((r) => ({ ...r, cluster: "neu" }))];
        assert.equal(chartDigests.run(stage({ releases: twice })).length, 1);
    });

    it("GIVEN a platform chart's version without a digest THEN it is reported at the environment's charts in the lock", () => {
        const platformReleases = uat().platformReleases.map((r) => (r.chart.endsWith("/helm-exporter") ? { ...r, version: "1.3.1" } : r));
        const found = chartDigests.run(stage({ platformReleases }));
        assert.deepEqual(
            found.map((p) => [p.file, p.path, p.message]),
            [["charts.lock.yaml", "environments.uat.charts", "the platform's chart platform/helm-exporter 1.3.1 has no digest for uat"]],
        );
    });

    it("GIVEN a platform chart from a public repository (not oci://) THEN it cannot be pinned, and is not reported", () => {
        const platformReleases = uat().platformReleases.map((r) => ({
            ...r,
            chart: "https://prometheus-community.github.io/helm-charts",
            version: "0.0.1",
        }));
        assert.deepEqual(chartDigests.run(stage({ platformReleases })), []);
    });

    it("GIVEN a lock that is absent, from another registry, or not required THEN nothing: chart-lock-usable says so, or nothing needs it", () => {
        const releases = releasesWith("ledger", "2.1.1");
        assert.deepEqual(chartDigests.run(stage({ releases, lock: undefined, lockFilePresent: false })), []);
        const elsewhere = withSection({ ...section(), registry: "acrhelmplatformdev.azurecr.io" });
        assert.deepEqual(chartDigests.run(stage({ releases, lock: elsewhere })), []);
        const optional = { ...uat().environment, charts: { ...uat().environment.charts, lock: "optional" as const } };
        assert.deepEqual(chartDigests.run(stage({ releases, environment: optional })), []);
    });
});

describe("lock checks in the loader", () => {
    firingTests(lockChecks, {
        "chart-lock-usable": {
            stack: "uat",
            changes: { "charts.lock.yaml": ["registry: acrhelmplatformuat.azurecr.io", "registry: acrhelmplatformdev.azurecr.io"] },
            reports: "the digests of uat were read from acrhelmplatformdev.azurecr.io, not acrhelmplatformuat.azurecr.io",
        },
        "chart-digests": {
            stack: "prod.payments",
            changes: { "tenants/fintech.yaml": ["prod: 2.0.3", "prod: 2.0.4"] },
            reports: "fintech/ledger 2.0.4 has no digest in charts.lock.yaml for prod",
        },
    });
});
