import * as assert from "node:assert/strict";
import { aksName, githubEnvironmentSubject } from "../../../core/azure/names";

describe("Azure names", () => {
    it("GIVEN an environment and a cluster THEN the AKS resource is named after both, whatever else the stack holds", () => {
        assert.equal(aksName("prod", "weu"), "aks-prod-weu");
        assert.notEqual(aksName("prod", "weu"), aksName("uat", "weu"));
    });

    it("GIVEN a repository and a GitHub environment THEN the subject is GitHub's default for a job in that environment", () => {
        assert.equal(githubEnvironmentSubject("contoso/fintech-services", "prod"), "repo:contoso/fintech-services:environment:prod");
    });
});
