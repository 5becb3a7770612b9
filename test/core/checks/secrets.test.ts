import * as assert from "node:assert/strict";
import * as secrets from "../../../core/checks/secrets";
import {
    monitoringSecrets,
    secretOwners,
    secretsEncrypted,
    secretsPlacement,
    secretsProvider,
    shardSecrets,
} from "../../../core/checks/secrets";
import { stackSettingLocator } from "../../../core/config/environment";
import { readStackConfig } from "../../../core/config/stackFile";
import { firingTests } from "./brokenSamples";
import { environmentStage, formatted, memoryTree, smallEnvironment, smallSettings, teamsStage, tenant, yamlFile } from "./stages";

const secure = "\n        secure: v1:c2FtcGxlLW5vbmNl:c2FtcGxlLWNpcGhlcnRleHQ=\n";
/** `helm-platform:secrets` holding, per owner, the names given (each encrypted). */
const secretsOf = (owners: Record<string, string[]>) =>
    `  helm-platform:secrets:\n${Object.entries(owners)
        .map(([owner, names]) => `    ${owner}:\n${names.map((n) => `      ${n}:${secure}`).join("")}`)
        .join("")}`;
/** The configuration Pulumi hands over for a stack file of `text`. */
const configOf = (stack: string, text: string) => readStackConfig(memoryTree({ [`Pulumi.${stack}.yaml`]: text }), stack).config;

describe("secrets-encrypted: every secret is encrypted in the stack file", () => {
    const run = (secretLines: string) => {
        const file = yamlFile("Pulumi.dev.yaml", `config:\n  helm-platform:secrets:\n${secretLines}`);
        return secretsEncrypted.run({ file, locate: stackSettingLocator("dev", file).locate });
    };

    it("GIVEN encrypted values THEN nothing", () => {
        assert.deepEqual(run(`    fintech:\n      token:${secure}`), []);
    });

    it("GIVEN plain text THEN it is reported at the secret's line, with the command that encrypts it", () => {
        assert.deepEqual(formatted(run("    fintech:\n      token: hunter2\n")), [
            "Pulumi.dev.yaml:4: helm-platform:secrets.fintech.token: is plain text in the stack file; secrets are encrypted " +
                "Fix: remove it and run pulumi config set --secret --path 'helm-platform:secrets.fintech.token' <value>",
        ]);
    });

    it("GIVEN plain values nested deeper, of any type, beside encrypted ones THEN each plain one, at its path", () => {
        const found = run(`    fintech:\n      token:${secure}      db:\n        password: 42\n        user: [admin]\n`);
        assert.deepEqual(
            found.map((p) => p.path),
            ["helm-platform:secrets.fintech.db.password", "helm-platform:secrets.fintech.db.user"],
        );
    });

    it("GIVEN an owner set to plain text THEN it is reported at the owner", () => {
        assert.deepEqual(
            run("    fintech: hunter2\n").map((p) => p.path),
            ["helm-platform:secrets.fintech"],
        );
    });

    it("GIVEN no secrets, or no stack file THEN nothing", () => {
        const file = yamlFile("Pulumi.dev.yaml", "config:\n  helm-platform:location: westeurope\n");
        assert.deepEqual(secretsEncrypted.run({ file, locate: stackSettingLocator("dev", file).locate }), []);
        assert.deepEqual(secretsEncrypted.run({ file: undefined, locate: stackSettingLocator("dev", undefined).locate }), []);
    });
});

describe("shard-secrets: a shard's stack file holds its own teams' secrets only", () => {
    const envConfig = { "helm-platform:shards": JSON.stringify({ payments: ["fintech"], commerce: ["retail", "data"] }) };
    const run = (owners: Record<string, string[]>, withFile = true) => {
        const text = `config:\n${secretsOf(owners)}`;
        return shardSecrets.run({
            environment: "prod",
            shard: "payments",
            shardFile: withFile ? yamlFile("Pulumi.prod.payments.yaml", text) : undefined,
            shardConfig: configOf("prod.payments", text),
            envConfig,
        });
    };

    it("GIVEN the shard's own team's secrets THEN nothing", () => {
        assert.deepEqual(run({ fintech: ["token"] }), []);
    });

    it("GIVEN another shard's team's secrets THEN they are reported at the owner, with both ways to fix it", () => {
        assert.deepEqual(formatted(run({ fintech: ["token"], retail: ["token"] })), [
            'Pulumi.prod.payments.yaml:6: helm-platform:secrets.retail: team "retail" is not in shard payments, so a stack that never deploys it holds its secrets ' +
                "Fix: move them to the stack file of retail's shard, or list retail under helm-platform:shards.payments",
        ]);
    });

    it("GIVEN the platform's secrets THEN they belong to the foundation's file", () => {
        assert.deepEqual(
            run({ platform: ["slack-webhook-url"] }).map((p) => [p.message, p.hint]),
            [["the platform's secrets are the foundation's, which a shard never reads", "keep them in Pulumi.prod.yaml"]],
        );
    });

    it("GIVEN configuration without a shard file THEN the problem names the file it belongs in, without a line", () => {
        assert.deepEqual(
            run({ retail: ["token"] }, false).map((p) => [p.file, p.line]),
            [["Pulumi.prod.payments.yaml", undefined]],
        );
    });
});

describe("monitoring-secrets: with monitoring on, the platform holds Grafana's password and the Slack webhook", () => {
    const slack = "    slack:\n      channel: '#platform-alerts'\n      webhookSecret: slack-webhook-url\n";
    const run = (monitoring: string, platform: string[]) =>
        monitoringSecrets.run(
            smallSettings(secretsOf({ platform, fintech: ["slack-webhook-url"] }), { monitoring: `    enabled: true\n${monitoring}` }),
        );

    it("GIVEN both configured THEN nothing", () => {
        assert.deepEqual(run(slack, ["grafana-admin-password", "slack-webhook-url"]), []);
    });

    it("GIVEN neither THEN each is reported at the setting naming it, with the command that sets it", () => {
        assert.deepEqual(formatted(run(slack, ["other"])), [
            'Pulumi.dev.yaml:9: helm-platform:monitoring.grafanaAdminPasswordSecret: secret "grafana-admin-password" is not configured for the platform ' +
                "Fix: pulumi config set --secret --path 'helm-platform:secrets.platform.grafana-admin-password' <value>",
            'Pulumi.dev.yaml:13: helm-platform:monitoring.slack.webhookSecret: secret "slack-webhook-url" is not configured for the platform ' +
                "Fix: pulumi config set --secret --path 'helm-platform:secrets.platform.slack-webhook-url' <value>",
        ]);
    });

    it("GIVEN no Slack channel THEN only Grafana's password is needed", () => {
        assert.deepEqual(run("", ["grafana-admin-password"]), []);
    });

    it("GIVEN monitoring off THEN nothing is needed", () => {
        assert.deepEqual(monitoringSecrets.run(smallSettings()), []);
    });
});

describe("secrets-provider: a production stack file's secrets provider is an Azure Key Vault key", () => {
    const production = smallSettings("  helm-platform:profile: production\n", { environment: "prod" });
    const run = (header: string, settings = production) =>
        secretsProvider.run(environmentStage(settings, { stackFile: yamlFile("Pulumi.prod.yaml", `${header}config: {}\n`) }));

    it("GIVEN a Key Vault key, with or without its version THEN nothing", () => {
        assert.deepEqual(run("secretsprovider: azurekeyvault://kv-helm-platform-prod.vault.azure.net/keys/pulumi-prod\n"), []);
        const versioned = `secretsprovider: azurekeyvault://kv-prod.vault.azure.net/keys/pulumi-prod/${"0123456789abcdef".repeat(2)}\n`;
        assert.deepEqual(run(versioned), []);
    });

    it("GIVEN another provider THEN it is reported at secretsprovider, with the command that changes it", () => {
        assert.deepEqual(formatted(run("secretsprovider: passphrase\n")), [
            'Pulumi.prod.yaml:1: secretsprovider: "passphrase" is not an Azure Key Vault key ' +
                "Fix: pulumi stack change-secrets-provider 'azurekeyvault://<vault>.vault.azure.net/keys/<key>' (see docs/deploying.md: Secrets provider)",
        ]);
    });

    it("GIVEN a Key Vault address that is not a key's THEN it is refused", () => {
        assert.equal(run("secretsprovider: azurekeyvault://kv-prod.vault.azure.net/secrets/pulumi\n").length, 1);
        assert.equal(run("secretsprovider: azurekeyvault://kv-prod.vault.azure.net/keys/pulumi/v2\n").length, 1);
    });

    it("GIVEN no provider THEN the production profile's need is said", () => {
        assert.deepEqual(
            run("").map((p) => p.message),
            ["the production profile encrypts secrets with Azure Key Vault, and no secrets provider is set"],
        );
    });

    it("GIVEN the development profile, or no stack file THEN nothing", () => {
        assert.deepEqual(run("secretsprovider: passphrase\n", smallSettings()), []);
        assert.deepEqual(secretsProvider.run(environmentStage(production)), []);
    });
});

describe("secrets-placement: in a sharded environment a team's secrets are in its shard's file", () => {
    const sharded = "  helm-platform:layout: sharded\n  helm-platform:shards:\n    payments: [fintech]\n";
    const run = (owners: Record<string, string[]>, layout = sharded) => {
        const settings = smallSettings(`${layout}${secretsOf(owners)}`, { environment: "prod" });
        const text = `config:\n${secretsOf(owners)}`;
        return secretsPlacement.run(environmentStage(settings, { envFileConfig: configOf("prod", text) }));
    };

    it("GIVEN the platform's secrets only THEN nothing", () => {
        assert.deepEqual(run({ platform: ["slack-webhook-url"] }), []);
    });

    it("GIVEN a team's secrets THEN they are reported at the owner, naming its shard's file", () => {
        assert.deepEqual(
            run({ platform: ["slack-webhook-url"], fintech: ["token"] }).map((p) => [p.path, p.message, p.hint]),
            [
                [
                    "helm-platform:secrets.fintech",
                    "in a sharded environment a team's secrets live in its shard's stack file",
                    "move them to Pulumi.prod.payments.yaml",
                ],
            ],
        );
    });

    it("GIVEN secrets of a team no shard holds THEN the fix places it first", () => {
        assert.deepEqual(
            run({ retail: ["token"] }).map((p) => p.hint),
            ["place team retail in a shard (helm-platform:shards) and move them to that shard's stack file"],
        );
    });

    it("GIVEN a single stack THEN teams' secrets are in its file", () => {
        assert.deepEqual(run({ fintech: ["token"] }, ""), []);
    });
});

describe("secret-owners: every owner of secrets is the platform or a team that runs here", () => {
    const run = (owners: Record<string, string[]>, files: ReturnType<typeof tenant>[], unreadable: string[] = []) =>
        secretOwners.run(teamsStage(smallEnvironment(secretsOf(owners)), files, { unreadable: new Set(unreadable) }));

    it("GIVEN the platform and a team that runs here THEN nothing", () => {
        assert.deepEqual(run({ platform: ["a"], fintech: ["b"] }, [tenant("fintech")]), []);
    });

    it("GIVEN a team no tenant file declares THEN it is reported at the owner, with the closest team", () => {
        assert.deepEqual(
            run({ fintec: ["b"] }, [tenant("fintech"), tenant("retail")]).map((p) => [p.path, p.message, p.hint]),
            [["helm-platform:secrets.fintec", 'no tenant file declares team "fintec"', 'did you mean "fintech"?']],
        );
    });

    it("GIVEN a team that runs elsewhere only THEN its secrets are never used here", () => {
        assert.deepEqual(
            run({ retail: ["b"] }, [tenant("fintech"), tenant("retail", "", ["prod"])]).map((p) => [p.message, p.hint]),
            [['team "retail" does not run in dev, so its secrets are never used', "remove it; teams in dev: fintech"]],
        );
    });

    it("GIVEN no team that runs here THEN the fix says so", () => {
        assert.deepEqual(
            run({ ghost: ["b"] }, []).map((p) => p.hint),
            ["remove it; teams in dev: none"],
        );
    });

    it("GIVEN a team whose file is unreadable THEN nothing: that file's problems are the report", () => {
        assert.deepEqual(run({ data: ["b"] }, [], ["data"]), []);
    });
});

describe("secret checks in the loader", () => {
    firingTests(secrets, {
        "secrets-encrypted": {
            stack: "dev",
            changes: {
                "Pulumi.dev.yaml": [
                    "    fintech:\n      payments-db-password:\n        secure: v1:c2FtcGxlLW5vbmNl:c2FtcGxlLWNpcGhlcnRleHQtcmVwbGFjZS1tZQ==",
                    "    fintech:\n      payments-db-password: hunter2",
                ],
            },
            reports: "secrets.fintech.payments-db-password: is plain text in the stack file",
        },
        "shard-secrets": {
            stack: "prod.payments",
            changes: {
                "Pulumi.prod.payments.yaml": ["    fintech:\n", "    retail:\n      token:\n        secure: v1:abc\n    fintech:\n"],
            },
            reports: 'team "retail" is not in shard payments',
        },
        "monitoring-secrets": {
            stack: "dev",
            changes: { "Pulumi.dev.yaml": ["      webhookSecret: slack-webhook-url\n", "      webhookSecret: slack-hook\n"] },
            reports: 'secret "slack-hook" is not configured for the platform',
        },
        "secrets-placement": {
            stack: "prod",
            changes: {
                "Pulumi.prod.yaml": [
                    "    platform:\n      slack-webhook-url:",
                    "    fintech:\n      token:\n        secure: v1:abc\n    platform:\n      slack-webhook-url:",
                ],
            },
            reports: "in a sharded environment a team's secrets live in its shard's stack file",
        },
        "secrets-provider": {
            stack: "uat",
            changes: {
                "Pulumi.uat.yaml": [
                    "secretsprovider: azurekeyvault://kv-helm-platform-uat.vault.azure.net/keys/pulumi-uat",
                    "secretsprovider: passphrase",
                ],
            },
            reports: '"passphrase" is not an Azure Key Vault key',
        },
        "secret-owners": {
            stack: "dev",
            changes: { "Pulumi.dev.yaml": ["    fintech:\n", "    ledgers:\n      token:\n        secure: v1:abc\n    fintech:\n"] },
            reports: 'secrets.ledgers: no tenant file declares team "ledgers"',
        },
        "secret-scope": {
            stack: "dev",
            changes: { "values/common.yaml": { append: "token: !secret payments-db-password\n" } },
            reports: "in a values file every team's release receives would hand it to every team",
        },
        "secret-configured": {
            stack: "dev",
            changes: { "tenants/fintech/ledger/values.yaml": { append: "token: !secret ledger-token\n" } },
            reports: 'secret "ledger-token" is not configured for team fintech',
        },
    });
});
