import * as assert from "node:assert/strict";
import { stackSettingLocator } from "../../../core/config/environment";
import { type LoadTeamsInput, loadTeams } from "../../../core/load/teams";
import type { StackSpec } from "../../../core/model/stack";
import { TEST_DAY } from "../../helpers";
import { smallEnvironment, smallPlatform, tenantFile } from "../../support/smallTree";

const SINGLE: StackSpec = { name: "dev", environment: "dev", kind: "single" };
const ALLOWANCE =
    'team: shop\nallowances:\n  - reason: more pods for the launch week\n    approvedBy: platform-team\n    expires: "2027-01-15"\n    quota:\n      pods: 200\n';
const DIGEST = `sha256:${"a".repeat(64)}`;
const LOCK = `environments:\n  dev:\n    registry: acrshopdev.azurecr.io\n    charts:\n      shop/web:\n        1.0.0: ${DIGEST}\n`;

/** What the loader hands loadTeams for the small platform's single stack, with `input` over it. */
const inputOf = (input: Partial<LoadTeamsInput> = {}): LoadTeamsInput => ({
    tree: smallPlatform(),
    environment: smallEnvironment(),
    knownEnvironments: ["dev", "uat"],
    locateSetting: stackSettingLocator("dev", undefined).locate,
    today: TEST_DAY,
    stack: SINGLE,
    ...input,
});
const problemsOf = (input: Partial<LoadTeamsInput>) =>
    loadTeams(inputOf(input)).problems.map((p) => `${p.file}:${p.line}: ${p.path}: ${p.message}`);

/** Environment dev with team shop in shard web and team data, whose dev values reference a secret no stack holds, in shard data. */
const sharded = {
    environment: smallEnvironment("  helm-platform:layout: sharded", "  helm-platform:shards:", "    web: [shop]", "    data: [data]"),
    tree: smallPlatform({
        "Pulumi.dev.web.yaml": "config: {}\n",
        "Pulumi.dev.data.yaml": "config: {}\n",
        "tenants/data.yaml": tenantFile("data"),
        "tenants/data/web/values.dev.yaml": "password: !secret db\n",
    }),
};
const shard = (name: string): StackSpec => ({ name: `dev.${name}`, environment: "dev", kind: "shard", shard: name });

describe("loadTeams", () => {
    it("GIVEN a team that runs here THEN the model has its tenant, its allowance and its release with the values merged over the platform's", () => {
        const { model, problems } = loadTeams(inputOf({ tree: smallPlatform({ "allowances/shop.yaml": ALLOWANCE }) }));
        assert.deepEqual(problems, []);
        assert.deepEqual(
            model?.teams.map((t) => [t.team, t.namespace]),
            [["shop", "shop"]],
        );
        assert.deepEqual(
            model?.allowances.map((a) => [a.team, a.entries.map((e) => e.quota)]),
            [["shop", [{ pods: "200" }]]],
        );
        const [release] = model?.releases ?? [];
        assert.deepEqual([release?.name, release?.cluster, release?.valueFiles], ["shop-web", "weu", ["tenants/shop/web/values.yaml"]]);
        assert.deepEqual([release?.values["replicaCount"], release?.values["image"]], [2, { tag: "1.0.0" }]);
        const global = release?.values["global"] as { platform?: { environment?: string } } | undefined;
        assert.equal(global?.platform?.environment, "dev");
        assert.deepEqual([model?.stack, model?.today, model?.monitoring], [SINGLE, TEST_DAY, undefined]);
    });

    it("GIVEN a team that runs only in another environment THEN nothing of it is here", () => {
        const { model, problems } = loadTeams(inputOf({ tree: smallPlatform({ "tenants/data.yaml": tenantFile("data", ["uat"]) }) }));
        assert.deepEqual(problems, []);
        assert.deepEqual(
            model?.teams.map((t) => t.team),
            ["shop"],
        );
        assert.deepEqual(
            model?.allowances.map((a) => a.team),
            ["shop"],
        );
    });

    it("GIVEN a problem THEN there is no model, and every problem is listed", () => {
        const tree = smallPlatform({ "tenants/data.yaml": tenantFile("data", ["qa"]), "tenants/shop/web/values.yaml": "a: 1\na: 2\n" });
        const { model, problems } = loadTeams(inputOf({ tree }));
        assert.equal(model, undefined);
        assert.deepEqual(
            problems.map((p) => `${p.file}:${p.line}: ${p.path}: ${p.message}`),
            [
                'tenants/data.yaml:4: environments[0]: unknown environment "qa"',
                'tenants/data.yaml:9: apps.web.versions.qa: unknown environment "qa"',
                'tenants/shop/web/values.yaml:2: a: duplicate key "a" (also on line 1)',
            ],
        );
    });

    it("GIVEN no checks THEN only what cannot be read is a problem", () => {
        const tree = smallPlatform({ "tenants/data.yaml": tenantFile("data", ["qa"]) });
        const { model, problems } = loadTeams(inputOf({ tree, checks: [] }));
        assert.deepEqual(problems, []);
        assert.deepEqual(
            model?.teams.map((t) => t.team),
            ["shop"],
        );
    });

    it("GIVEN the foundation of a sharded environment THEN it deploys no team, and no team's secrets are needed there", () => {
        const { model, problems } = loadTeams(inputOf({ ...sharded, stack: { name: "dev", environment: "dev", kind: "foundation" } }));
        assert.deepEqual(problems, []);
        assert.deepEqual([model?.teams, model?.releases, model?.allowances], [[], [], []]);
    });

    it("GIVEN a shard THEN it deploys its own teams, and a secret of another shard's team is that shard's to configure", () => {
        const web = loadTeams(inputOf({ ...sharded, stack: shard("web") }));
        assert.deepEqual(web.problems, []);
        assert.deepEqual(
            web.model?.releases.map((r) => r.name),
            ["shop-web"],
        );
        assert.deepEqual(problemsOf({ ...sharded, stack: shard("data") }), [
            'tenants/data/web/values.dev.yaml:1: password: secret "db" is not configured for team data',
        ]);
    });

    it("GIVEN a team whose file is broken and no shard elsewhere THEN its values' secrets are still judged, with its file's problems", () => {
        const tree = smallPlatform({ "tenants/data.yaml": "team: data\n", "tenants/data/web/values.dev.yaml": "password: !secret db\n" });
        assert.deepEqual(problemsOf({ tree }), [
            "tenants/data.yaml:1: groups: required key is missing (expected object)",
            "tenants/data.yaml:1: environments: required key is missing (expected array)",
            'tenants/data/web/values.dev.yaml:1: password: secret "db" is not configured for team data',
        ]);
    });

    it("GIVEN an environment being bootstrapped THEN every file is checked, and no team, release or allowance is deployed", () => {
        const environment = smallEnvironment("  helm-platform:bootstrap: true");
        const { model, problems } = loadTeams(inputOf({ environment, tree: smallPlatform({ "allowances/shop.yaml": ALLOWANCE }) }));
        assert.deepEqual(problems, []);
        assert.deepEqual([model?.teams, model?.releases, model?.allowances], [[], [], []]);
        assert.deepEqual(problemsOf({ environment, tree: smallPlatform({ "tenants/shop/web/values.yaml": "a: 1\na: 2\n" }) }), [
            'tenants/shop/web/values.yaml:2: a: duplicate key "a" (also on line 1)',
        ]);
    });

    it("GIVEN charts.lock.yaml THEN each release installs the locked digest; GIVEN lock ignore THEN none", () => {
        const tree = smallPlatform({ "charts.lock.yaml": LOCK });
        assert.deepEqual(
            loadTeams(inputOf({ tree })).model?.releases.map((r) => r.digest),
            [DIGEST],
        );
        assert.deepEqual(
            loadTeams(inputOf({ tree, lock: "ignore" })).model?.releases.map((r) => r.digest),
            [undefined],
        );
    });
});
