import * as assert from "node:assert/strict";
import { parseStackName, shardStackName } from "../../../core/model/stack";

describe("stack names", () => {
    it("GIVEN an environment's own stack THEN it names the environment and no shard", () => {
        assert.deepEqual(parseStackName("prod"), { environment: "prod" });
    });

    it("GIVEN a shard's stack name THEN it reads back the environment and the shard", () => {
        assert.equal(shardStackName("prod", "payments"), "prod.payments");
        assert.deepEqual(parseStackName(shardStackName("prod", "payments")), { environment: "prod", shard: "payments" });
    });

    it("GIVEN a name with two dots THEN the environment ends at the first, and the rest is the shard (which the checks refuse)", () => {
        assert.deepEqual(parseStackName("prod.pay.ments"), { environment: "prod", shard: "pay.ments" });
    });

    it("GIVEN a name ending with a dot THEN the shard is empty, not absent", () => {
        assert.deepEqual(parseStackName("prod."), { environment: "prod", shard: "" });
    });
});
