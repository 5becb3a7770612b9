import * as assert from "node:assert/strict";
import type { ReleaseSpec, StackModel } from "../../../core/model/stackModel";
import { releaseInventory } from "../../../core/releases/inventory";
import { release as teamRelease } from "../../support/smallModel";

/** A team release of `chartName@version` on `cluster`, with nothing else the inventory reads. */
const release = (name: string, cluster: string, chartName: string, version: string): ReleaseSpec => {
    const [team, ...app] = name.split("-") as [string, ...string[]];
    return teamRelease(team, app.join("-"), {
        cluster,
        environment: "prod",
        chartName,
        chart: `oci://acrhelmplatformprod.azurecr.io/helm-charts/${team}/${chartName}`,
        version,
    });
};
/** The inventory reads a model's releases only. */
const inventoryOf = (releases: ReleaseSpec[]) => releaseInventory({ releases } as Pick<StackModel, "releases"> as StackModel);

describe("the release inventory a stack exports (core/releases/inventory)", () => {
    it("GIVEN no releases THEN an empty inventory", () => {
        assert.deepEqual(inventoryOf([]), {});
    });

    it("GIVEN a release on several clusters THEN its chart and version per cluster, under its name", () => {
        assert.deepEqual(
            inventoryOf([
                release("fintech-payments-api", "weu", "payments-api", "1.4.2"),
                release("fintech-payments-api", "neu", "payments-api", "1.4.1"),
            ]),
            { "fintech-payments-api": { neu: "payments-api@1.4.1", weu: "payments-api@1.4.2" } },
        );
    });

    it("GIVEN releases in any order THEN names and clusters are sorted, so the exported output stays the same", () => {
        const releases = [
            release("retail-storefront", "weu", "storefront", "3.1.4"),
            release("fintech-ledger", "weu", "ledger", "2.0.0"),
            release("fintech-ledger", "neu", "ledger", "2.0.0"),
        ];
        const inventory = inventoryOf(releases);
        assert.deepEqual(Object.keys(inventory), ["fintech-ledger", "retail-storefront"]);
        assert.deepEqual(Object.keys(inventory["fintech-ledger"] ?? {}), ["neu", "weu"]);
        assert.equal(JSON.stringify(inventoryOf([...releases].reverse())), JSON.stringify(inventory));
    });
});
