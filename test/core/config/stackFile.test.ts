import * as assert from "node:assert/strict";
import { SECRET } from "../../../core/base/constants";
import { configuredSecrets, readStackConfig, SECRETS_KEY, shardTeamsIn } from "../../../core/config/stackFile";
import { treeOf } from "../../support/smallTree";

const stackFile = (...lines: string[]) => treeOf({ "Pulumi.dev.yaml": `${lines.join("\n")}\n` });
const configOf = (...lines: string[]) => readStackConfig(stackFile(...lines), "dev");

describe("readStackConfig", () => {
    it("GIVEN scalars THEN they are the text the CLI passes; GIVEN maps and lists THEN they are JSON", () => {
        const { config } = configOf(
            "config:",
            "  helm-platform:location: westeurope",
            "  helm-platform:bootstrap: true",
            "  helm-platform:retentionDays: 7",
            "  helm-platform:clusters:",
            "    - name: weu",
            "      zones: [1, 2]",
        );
        assert.deepEqual(config, {
            "helm-platform:location": "westeurope",
            "helm-platform:bootstrap": "true",
            "helm-platform:retentionDays": "7",
            "helm-platform:clusters": '[{"name":"weu","zones":[1,2]}]',
        });
    });

    it("GIVEN an encrypted value, alone or deep in a map or a list THEN it stays hidden and its whole key is a secret", () => {
        const { config, secretKeys } = configOf(
            "config:",
            "  helm-platform:token:",
            "    secure: v1:abc",
            "  helm-platform:nested:",
            "    list: [plain, {secure: v1:def}]",
            "  helm-platform:plain: text",
        );
        assert.equal(config["helm-platform:token"], SECRET);
        assert.equal(config["helm-platform:nested"], JSON.stringify({ list: ["plain", SECRET] }));
        assert.deepEqual(secretKeys, ["helm-platform:token", "helm-platform:nested"]);
        assert.ok(!JSON.stringify(config).includes("v1:"));
    });

    it("GIVEN a map with secure and another key THEN it is no encrypted value, and is passed as written", () => {
        const { config, secretKeys } = configOf("config:", "  helm-platform:odd:", "    secure: v1:abc", "    note: x");
        assert.equal(config["helm-platform:odd"], '{"secure":"v1:abc","note":"x"}');
        assert.deepEqual(secretKeys, []);
    });

    it("GIVEN owners' secrets THEN each has a short fingerprint of its ciphertext, the same for the same ciphertext and never the ciphertext", () => {
        const { secretVersions } = configOf(
            "config:",
            "  helm-platform:secrets:",
            "    platform:",
            "      slack-webhook-url: {secure: v1:c2FtcGxl:one}",
            "      grafana-admin-password: {secure: v1:c2FtcGxl:two}",
            "    fintech:",
            "      payments-db-password: {secure: v1:c2FtcGxl:one}",
            "      not-encrypted: plain",
        );
        assert.deepEqual(Object.keys(secretVersions).sort(), [
            "fintech/payments-db-password",
            "platform/grafana-admin-password",
            "platform/slack-webhook-url",
        ]);
        for (const fingerprint of Object.values(secretVersions)) {
            assert.match(fingerprint, /^[0-9a-f]{12}$/);
        }
        assert.equal(secretVersions["fintech/payments-db-password"], secretVersions["platform/slack-webhook-url"]);
        assert.notEqual(secretVersions["platform/grafana-admin-password"], secretVersions["platform/slack-webhook-url"]);
    });

    it("GIVEN no stack file, one without config, or one that does not parse THEN there is no configuration (the load reports the syntax)", () => {
        const none = { config: {}, secretKeys: [], secretVersions: {} };
        assert.deepEqual(readStackConfig(treeOf({}), "dev"), none);
        assert.deepEqual(configOf("encryptedkey: abc"), none);
        assert.deepEqual(configOf("config: [unclosed"), none);
    });
});

describe("configuredSecrets", () => {
    it("GIVEN the secrets setting THEN it is read by owner, as written", () => {
        assert.deepEqual(configuredSecrets({ [SECRETS_KEY]: JSON.stringify({ platform: { hook: SECRET } }) }), {
            platform: { hook: SECRET },
        });
    });

    it("GIVEN no secrets setting, or one that is no JSON THEN there are none", () => {
        assert.deepEqual(configuredSecrets({}), {});
        assert.deepEqual(configuredSecrets({ [SECRETS_KEY]: "{not json" }), {});
    });
});

describe("shardTeamsIn", () => {
    const config = { "helm-platform:shards": JSON.stringify({ payments: ["fintech", 7, null], commerce: "retail" }) };

    it("GIVEN a shard's list THEN its teams, and only the names among them", () => {
        assert.deepEqual(shardTeamsIn(config, "payments"), ["fintech"]);
    });

    it("GIVEN a shard the setting does not list, or lists as no list THEN it has no teams", () => {
        assert.deepEqual(shardTeamsIn(config, "search"), []);
        assert.deepEqual(shardTeamsIn(config, "commerce"), []);
    });

    it("GIVEN no shards setting, or one that is no JSON THEN no shard has teams", () => {
        assert.deepEqual(shardTeamsIn({}, "payments"), []);
        assert.deepEqual(shardTeamsIn({ "helm-platform:shards": "[" }, "payments"), []);
    });
});
