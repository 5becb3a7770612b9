import * as assert from "node:assert/strict";
import type { ReleasesStage } from "../../../core/checks/check";
import * as releases from "../../../core/checks/releases";
import { releaseNames } from "../../../core/checks/releases";
import type { ReleaseSpec } from "../../../core/model/stackModel";
import { firingTests } from "./brokenSamples";
import { formatted, sampleStage, tenant } from "./stages";

describe("release-names: <team>-<app> is a valid Helm release name, unique across teams", () => {
    let dev: ReleasesStage;
    let paymentsApi: ReleaseSpec;
    before(() => {
        dev = sampleStage("dev", "releases");
        paymentsApi = dev.releases.find((r) => r.name === "fintech-payments-api") as ReleaseSpec;
    });
    /** dev's releases and tenant files, with team `team`'s app `app` beside them. */
    const withApp = (team: string, app: string): ReleasesStage => {
        const name = `${team}-${app}`;
        return {
            ...dev,
            releases: [...dev.releases, { ...paymentsApi, name, team, app }],
            stackTenants: [...dev.stackTenants, tenant(team, `apps:\n  ${app}:\n    chart: ${app}\n    versions:\n      dev: 1.0.0\n`)],
        };
    };

    it("GIVEN the sample's releases, one of them on two clusters of prod THEN nothing", () => {
        assert.deepEqual(releaseNames.run(dev), []);
        const prod = sampleStage("prod.commerce", "releases");
        assert.equal(prod.releases.filter((r) => r.name === "retail-storefront").length, 2);
        assert.deepEqual(releaseNames.run(prod), []);
    });

    it("GIVEN another team whose team and app make the same name THEN it is reported at that team's app", () => {
        assert.deepEqual(formatted(releaseNames.run(withApp("fintech-payments", "api"))), [
            'tenants/fintech-payments.yaml:6: apps.api: release name "fintech-payments-api" is also produced by team "fintech" ' +
                "Fix: rename the app so <team>-<app> is unique",
        ]);
    });

    it("GIVEN a name longer than Helm allows THEN it is reported at the app, with how to shorten it", () => {
        const team = "a-team-with-a-rather-long-name";
        const app = "and-an-app-named-at-length";
        const [problem, ...rest] = releaseNames.run(withApp(team, app));
        assert.deepEqual(rest, []);
        assert.deepEqual(
            [problem?.file, problem?.path, problem?.message, problem?.hint],
            [
                `tenants/${team}.yaml`,
                `apps.${app}`,
                `release name "${team}-${app}" is 57 characters; Helm allows at most 53`,
                "shorten the team or app name: releases are named <team>-<app>",
            ],
        );
    });

    it("GIVEN a name of exactly 53 characters THEN nothing", () => {
        const team = "a-team-with-a-rather-long-name";
        assert.deepEqual(releaseNames.run(withApp(team, "app-of-22-characters-x")), []);
    });
});

describe("release-names in the loader", () => {
    firingTests(releases, {
        "release-names": {
            stack: "dev",
            changes: {
                "tenants/fintech-payments.yaml":
                    "team: fintech-payments\ngroups:\n  owners: [0b4a1f6e-2c3d-4e5f-8a9b-0c1d2e3f4a51]\nenvironments: [dev]\napps:\n  api:\n    chart: api\n    versions:\n      dev: 1.0.0\n",
            },
            reports: 'release name "fintech-payments-api" is also produced by team',
        },
    });
});
