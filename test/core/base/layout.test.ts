import * as assert from "node:assert/strict";
import { APP_VALUES_FILE, LAYOUT } from "../../../core/base/layout";

describe("APP_VALUES_FILE", () => {
    const read: [name: string, environment: string | undefined, cluster: string | undefined][] = [
        ["values.yaml", undefined, undefined],
        ["values.prod.yaml", "prod", undefined],
        ["values.prod.weu.yaml", "prod", "weu"],
        ["values.dev-2.eus-1.yaml", "dev-2", "eus-1"],
    ];
    for (const [name, environment, cluster] of read) {
        it(`GIVEN ${name} THEN it is an app's values file of environment ${environment ?? "any"} and cluster ${cluster ?? "any"}`, () => {
            const match = APP_VALUES_FILE.exec(name);
            assert.ok(match, name);
            assert.deepEqual([match[1], match[2]], [environment, cluster]);
        });
    }

    const refused = [
        "values.yml",
        "Values.yaml",
        "values.PROD.yaml",
        "values..yaml",
        "values.prod.weu.extra.yaml",
        "values.prod_1.yaml",
        "my-values.yaml",
        "values.yaml.bak",
        "values.prod.yaml ",
    ];
    it("GIVEN any other name THEN it is not a values file", () => {
        assert.deepEqual(
            refused.filter((name) => APP_VALUES_FILE.test(name)),
            [],
        );
    });
});

describe("LAYOUT", () => {
    it("GIVEN a team and an app THEN their files are inside the folders the layout names", () => {
        assert.equal(LAYOUT.allowancesFile("fintech"), `${LAYOUT.allowancesDir}/fintech.yaml`);
        assert.equal(LAYOUT.appDir("fintech", "ledger"), `${LAYOUT.tenantsDir}/fintech/ledger`);
    });

    it("GIVEN a shard's stack name THEN its stack file keeps the dot Pulumi writes", () => {
        assert.equal(LAYOUT.stackFile("prod"), "Pulumi.prod.yaml");
        assert.equal(LAYOUT.stackFile("prod.payments"), "Pulumi.prod.payments.yaml");
    });
});
