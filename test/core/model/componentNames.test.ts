import * as assert from "node:assert/strict";
import { platformComponentName, teamComponentName } from "../../../core/model/componentNames";

describe("component names (part of every URN below them)", () => {
    it("GIVEN an environment THEN its Platform is named after it", () => {
        assert.equal(platformComponentName("prod"), "prod");
    });

    it("GIVEN a team on a cluster THEN its Team starts with the Platform's name and names the cluster, then the team", () => {
        assert.equal(teamComponentName(platformComponentName("prod"), "weu", "fintech"), "prod-weu-fintech");
        assert.notEqual(teamComponentName("prod", "weu", "fintech"), teamComponentName("prod", "neu", "fintech"));
    });
});
