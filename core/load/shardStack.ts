import { PLATFORM_SECRET_OWNER } from "../base/constants";
import { isShardOf } from "../checks/shards";
import { configuredSecrets, SECRETS_KEY, shardTeamsIn } from "../config/stackFile";
import type { EnvironmentSpec } from "../model/environment";
import type { StackSpec } from "../model/stack";

/**
 * A shard stack's configuration as the loader reads it: the environment's settings, from its stack file
 * in the repository, with the shard's own secrets (the shard's `Pulumi.<env>.<shard>.yaml` holds only
 * its teams' secrets, encrypted with its own key; the environment's file only the platform's). What
 * else the shard's file holds is not read (checks `shard-settings`, `shard-secrets`): settings have one place.
 */
export function shardConfiguration(
    envConfig: Readonly<Record<string, string>>,
    shard: string,
    shardConfig: Readonly<Record<string, string>>,
): Record<string, string> {
    const teams = shardTeamsIn(envConfig, shard);
    const own = Object.fromEntries(Object.entries(configuredSecrets(shardConfig)).filter(([owner]) => teams.includes(owner)));
    const platformSecrets = configuredSecrets(envConfig)[PLATFORM_SECRET_OWNER];
    const secrets = { ...(platformSecrets ? { [PLATFORM_SECRET_OWNER]: platformSecrets } : {}), ...own };
    return { ...envConfig, [SECRETS_KEY]: JSON.stringify(secrets) };
}

/**
 * What the stack holds in its environment's layout: everything (`single`), the platform (the foundation
 * of a sharded environment, named after it) or one shard's teams; undefined when the name and the layout
 * disagree (check `stack-shard`).
 */
export function stackSpecOf(stack: string, shard: string | undefined, environment: EnvironmentSpec): StackSpec | undefined {
    if (shard === undefined) {
        return { name: stack, environment: environment.name, kind: environment.layout === "sharded" ? "foundation" : "single" };
    }
    return isShardOf(environment, shard) ? { name: stack, environment: environment.name, kind: "shard", shard } : undefined;
}
