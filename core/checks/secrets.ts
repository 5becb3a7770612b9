import { CONFIG_NAMESPACE, PLATFORM_SECRET_OWNER, setSecretCommand } from "../base/constants";
import type { KeyPath } from "../base/keyPath";
import { LAYOUT } from "../base/layout";
import { closest, didYouMean, locate, type Problem, problemAt } from "../base/problems";
import { configuredSecrets, SECRETS_KEY, shardTeamsIn } from "../config/stackFile";
import { shardStackName } from "../model/stack";
import { secretOwnerOf } from "../values/hierarchy";
import { secretRefs } from "../values/secrets";
import type { YamlFile } from "../yaml/yamlFile";
import { type CheckOf, settingProblem } from "./check";

export const secretsEncrypted: CheckOf<"stack-file"> = {
    id: "secrets-encrypted",
    stage: "stack-file",
    checks: "every value under helm-platform:secrets is encrypted (secure:) in the stack file, never plain text in git and in logs",
    run: ({ file, locate }) => {
        const problems: Problem[] = [];
        const walk = (value: unknown, path: KeyPath) => {
            if (typeof value === "object" && value !== null && !Array.isArray(value)) {
                const entries = Object.entries(value);
                if (!(entries.length === 1 && entries[0][0] === "secure")) {
                    for (const [k, v] of entries) {
                        walk(v, [...path, k]);
                    }
                }
            } else if (path.length > 1) {
                const fix = `remove it and run pulumi config set --secret --path '${CONFIG_NAMESPACE}:${path.join(".")}' <value>`;
                problems.push(settingProblem(locate, path, "is plain text in the stack file; secrets are encrypted", fix));
            }
        };
        walk((file?.data as { config?: Record<string, unknown> } | undefined)?.config?.[SECRETS_KEY], ["secrets"]);
        return problems;
    },
};

export const shardSecrets: CheckOf<"shard-file"> = {
    id: "shard-secrets",
    stage: "shard-file",
    checks: "a shard's stack file holds the secrets of its own teams only: neither the platform's nor another shard's team's",
    run: ({ environment, shard, shardFile, shardConfig, envConfig }) => {
        const teams = shardTeamsIn(envConfig, shard);
        return Object.keys(configuredSecrets(shardConfig))
            .filter((owner) => !teams.includes(owner))
            .map((owner) => ({
                file: shardFile?.file ?? LAYOUT.stackFile(shardStackName(environment, shard)),
                line: shardFile?.lineOf(["config", SECRETS_KEY, owner]),
                path: `${SECRETS_KEY}.${owner}`,
                message:
                    owner === PLATFORM_SECRET_OWNER
                        ? "the platform's secrets are the foundation's, which a shard never reads"
                        : `team "${owner}" is not in shard ${shard}, so a stack that never deploys it holds its secrets`,
                hint:
                    owner === PLATFORM_SECRET_OWNER
                        ? `keep them in ${LAYOUT.stackFile(environment)}`
                        : `move them to the stack file of ${owner}'s shard, or list ${owner} under helm-platform:shards.${shard}`,
            }));
    },
};

export const monitoringSecrets: CheckOf<"settings"> = {
    id: "monitoring-secrets",
    stage: "settings",
    checks: "with monitoring on, the platform's secrets hold Grafana's admin password and the Slack webhook it names",
    run: ({ settings, locate }) => {
        if (!settings.monitoring.enabled) {
            return [];
        }
        const needed: [string, KeyPath][] = [
            [settings.monitoring.grafanaAdminPasswordSecret, ["monitoring", "grafanaAdminPasswordSecret"]],
        ];
        if (settings.monitoring.slack) {
            needed.push([settings.monitoring.slack.webhookSecret, ["monitoring", "slack", "webhookSecret"]]);
        }
        return needed
            .filter(([name]) => !(name in (settings.secrets[PLATFORM_SECRET_OWNER] ?? {})))
            .map(([name, path]) =>
                settingProblem(
                    locate,
                    path,
                    `secret "${name}" is not configured for the platform`,
                    setSecretCommand(PLATFORM_SECRET_OWNER, name),
                ),
            );
    },
};

/** The secrets provider a production stack must name in its file: an Azure Key Vault key. */
const KEY_VAULT_PROVIDER = /^azurekeyvault:\/\/[a-z0-9-]+\.vault\.azure\.net\/keys\/[A-Za-z0-9-]+(\/[0-9a-f]{32})?$/;

export const secretsProvider: CheckOf<"environment"> = {
    id: "secrets-provider",
    stage: "environment",
    checks: "where the profile asks for it (production), the stack file's secrets provider is an Azure Key Vault key",
    run: ({ environment, stackFile }) => {
        if (environment?.secretsProvider !== "azurekeyvault" || !stackFile) {
            return [];
        }
        const provider = (stackFile.data as { secretsprovider?: unknown } | undefined)?.secretsprovider;
        if (typeof provider === "string" && KEY_VAULT_PROVIDER.test(provider)) {
            return [];
        }
        const message =
            provider === undefined
                ? "the production profile encrypts secrets with Azure Key Vault, and no secrets provider is set"
                : `"${String(provider)}" is not an Azure Key Vault key`;
        return [
            problemAt(
                stackFile,
                ["secretsprovider"],
                message,
                "pulumi stack change-secrets-provider 'azurekeyvault://<vault>.vault.azure.net/keys/<key>' (see docs/deploying.md: Secrets provider)",
            ),
        ];
    },
};

export const secretsPlacement: CheckOf<"environment"> = {
    id: "secrets-placement",
    stage: "environment",
    checks: "in a sharded environment, the environment's stack file holds the platform's secrets only; a team's are in its shard's file",
    run: ({ environment, envFileConfig, locate }) => {
        if (environment?.layout !== "sharded") {
            return [];
        }
        const shardOf = (team: string) => Object.entries(environment.shards).find(([, teams]) => teams.includes(team))?.[0];
        return Object.keys(configuredSecrets(envFileConfig))
            .filter((owner) => owner !== PLATFORM_SECRET_OWNER)
            .map((owner) => {
                const shard = shardOf(owner);
                return settingProblem(
                    locate,
                    ["secrets", owner],
                    "in a sharded environment a team's secrets live in its shard's stack file",
                    shard
                        ? `move them to ${LAYOUT.stackFile(shardStackName(environment.name, shard))}`
                        : `place team ${owner} in a shard (helm-platform:shards) and move them to that shard's stack file`,
                );
            });
    },
};

export const secretOwners: CheckOf<"teams"> = {
    id: "secret-owners",
    stage: "teams",
    checks: "every owner of secrets in the stack settings is the platform or a team that runs in the environment",
    run: ({ environment, tenants, unreadable, locateSetting }) => {
        const running = tenants.filter((t) => t.data.environments.includes(environment.name)).map((t) => t.data.team);
        return Object.keys(environment.secrets)
            .filter((owner) => owner !== PLATFORM_SECRET_OWNER && !running.includes(owner) && !unreadable.has(owner))
            .map((team) =>
                settingProblem(
                    locateSetting,
                    ["secrets", team],
                    tenants.some((t) => t.data.team === team)
                        ? `team "${team}" does not run in ${environment.name}, so its secrets are never used`
                        : `no tenant file declares team "${team}"`,
                    didYouMean(team, running, `remove it; teams in ${environment.name}: ${running.join(", ") || "none"}`),
                ),
            );
    },
};

/** Each `!secret` of a values file, with the file. */
const secretReferences = (files: readonly { readonly yaml: YamlFile; readonly values: unknown }[]) =>
    files.flatMap((f) => secretRefs(f.values).map((ref) => ({ ...f, ref })));

export const secretScope: CheckOf<"values-files"> = {
    id: "secret-scope",
    stage: "values-files",
    checks: "secrets are referenced only in a team's own values files (or the monitoring values), never in values every team's release receives",
    run: ({ files }) =>
        secretReferences(files)
            .filter(({ yaml }) => secretOwnerOf(yaml.file) === undefined)
            .map(({ yaml, ref }) => ({
                ...locate(yaml, ref.path),
                message: `secret "${ref.name}" in a values file every team's release receives would hand it to every team`,
                hint: "reference secrets in the app's own values files (tenants/<team>/<app>/), from the team's secrets",
            })),
};

export const secretConfigured: CheckOf<"values-files"> = {
    id: "secret-configured",
    stage: "values-files",
    checks: "every secret a values file of this stack references is configured for the file's owner (its team, or the platform)",
    run: ({ files, secrets, secretsNeeded }) =>
        secretReferences(files.filter(secretsNeeded)).flatMap(({ yaml, ref }) => {
            const owner = secretOwnerOf(yaml.file);
            if (owner === undefined || (secrets[owner] ?? []).includes(ref.name)) {
                return [];
            }
            return [
                {
                    ...locate(yaml, ref.path),
                    message: `secret "${ref.name}" is not configured for ${owner === PLATFORM_SECRET_OWNER ? "the platform" : `team ${owner}`}`,
                    hint: secretHint(owner, ref.name, secrets),
                },
            ];
        }),
};

function secretHint(owner: string, name: string, secrets: Readonly<Record<string, readonly string[]>>): string {
    const set = setSecretCommand(owner, name);
    const elsewhere = Object.entries(secrets)
        .filter(([o, names]) => o !== owner && names.includes(name))
        .map(([o]) => (o === PLATFORM_SECRET_OWNER ? "the platform" : `team ${o}`));
    if (elsewhere.length > 0) {
        return `${set}; "${name}" exists for ${elsewhere.join(", ")}, and a file can use only its own owner's secrets`;
    }
    const suggestion = closest(name, secrets[owner] ?? []);
    return suggestion ? `${set} (or did you mean "${suggestion}"?)` : set;
}
