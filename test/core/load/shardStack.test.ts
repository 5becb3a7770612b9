import * as assert from "node:assert/strict";
import { SECRETS_KEY } from "../../../core/config/stackFile";
import { shardConfiguration, stackSpecOf } from "../../../core/load/shardStack";
import { smallEnvironment } from "../../support/smallTree";

const SHARDED = ["  helm-platform:layout: sharded", "  helm-platform:shards:", "    payments: [fintech]", "    commerce: [retail, data]"];

describe("shardConfiguration", () => {
    const envConfig = {
        "helm-platform:location": "westeurope",
        "helm-platform:shards": JSON.stringify({ payments: ["fintech"], commerce: ["retail"] }),
        [SECRETS_KEY]: JSON.stringify({ platform: { "slack-webhook-url": "[secret]" }, fintech: { stale: "[secret]" } }),
    };
    const secretsOf = (config: Record<string, string>) => JSON.parse(config[SECRETS_KEY] as string);

    it("GIVEN a shard's own file THEN its settings are the environment's, whatever the shard's file says", () => {
        const config = shardConfiguration(envConfig, "payments", {
            "helm-platform:location": "northeurope",
            "helm-platform:profile": "production",
        });
        assert.equal(config["helm-platform:location"], "westeurope");
        assert.equal(config["helm-platform:profile"], undefined);
        assert.equal(config["helm-platform:shards"], envConfig["helm-platform:shards"]);
    });

    it("GIVEN secrets in both files THEN the platform's come from the environment's file and the shard's teams' from the shard's", () => {
        const shardConfig = { [SECRETS_KEY]: JSON.stringify({ fintech: { "payments-db-password": "[secret]" } }) };
        assert.deepEqual(secretsOf(shardConfiguration(envConfig, "payments", shardConfig)), {
            platform: { "slack-webhook-url": "[secret]" },
            fintech: { "payments-db-password": "[secret]" },
        });
    });

    it("GIVEN a shard's file with the platform's or another shard's team's secrets THEN none of them is read", () => {
        const shardConfig = { [SECRETS_KEY]: JSON.stringify({ platform: { "slack-webhook-url": "[forged]" }, retail: { x: "[secret]" } }) };
        assert.deepEqual(secretsOf(shardConfiguration(envConfig, "payments", shardConfig)), {
            platform: { "slack-webhook-url": "[secret]" },
        });
    });

    it("GIVEN an environment with no platform secrets and a shard with none THEN there are no secrets, not a platform owner of nothing", () => {
        const config = shardConfiguration({ "helm-platform:shards": envConfig["helm-platform:shards"] }, "payments", {});
        assert.deepEqual(secretsOf(config), {});
    });
});

describe("stackSpecOf", () => {
    const single = smallEnvironment();
    const sharded = smallEnvironment(...SHARDED);

    it("GIVEN an environment in one stack THEN its stack holds everything", () => {
        assert.deepEqual(stackSpecOf("dev", undefined, single), { name: "dev", environment: "dev", kind: "single" });
    });

    it("GIVEN a sharded environment THEN the stack named after it is the foundation, and a shard's stack holds that shard", () => {
        assert.deepEqual(stackSpecOf("dev", undefined, sharded), { name: "dev", environment: "dev", kind: "foundation" });
        assert.deepEqual(stackSpecOf("dev.payments", "payments", sharded), {
            name: "dev.payments",
            environment: "dev",
            kind: "shard",
            shard: "payments",
        });
    });

    it("GIVEN a shard the environment does not declare, or any shard of a single-stack environment THEN the stack is none of its", () => {
        assert.equal(stackSpecOf("dev.search", "search", sharded), undefined);
        assert.equal(stackSpecOf("dev.payments", "payments", single), undefined);
    });
});
