import { CONFIG_NAMESPACE, PLATFORM_SECRET_OWNER } from "../base/constants";
import { LAYOUT } from "../base/layout";
import { didYouMean, type Location, type Problem } from "../base/problems";
import type { SourceTree } from "../base/sourceTree";
import { readStackConfig } from "../config/stackFile";
import type { EnvironmentSpec } from "../model/environment";
import { type StackSpec, shardStackName } from "../model/stack";
import type { YamlFile } from "../yaml/yamlFile";

const SECRETS_KEY = `${CONFIG_NAMESPACE}:secrets`;

const secretsOf = (config: Readonly<Record<string, string>>): Record<string, Record<string, unknown>> => {
    try {
        return JSON.parse(config[SECRETS_KEY] ?? "{}") as Record<string, Record<string, unknown>>;
    } catch {
        return {};
    }
};

/**
 * A shard stack's configuration as the loader reads it: the environment's settings, from its stack file
 * in the repository, with the shard's own secrets (the shard's `Pulumi.<env>.<shard>.yaml` holds only
 * its teams' secrets, encrypted with its own key; the environment's file only the platform's). What
 * else the shard's file sets for the platform is a problem: settings have one place.
 */
export function shardConfiguration(
    tree: SourceTree,
    environment: string,
    shard: string,
    shardFile: YamlFile | undefined,
    shardConfig: Readonly<Record<string, string>>,
): { config: Record<string, string>; problems: Problem[] } {
    const problems: Problem[] = [];
    const envConfig = readStackConfig(tree, environment).config;
    for (const key of Object.keys(shardConfig).filter((k) => k.startsWith(`${CONFIG_NAMESPACE}:`) && k !== SECRETS_KEY)) {
        problems.push({
            file: shardFile?.file ?? "the shard's configuration",
            line: shardFile?.lineOf(["config", key]),
            path: key,
            message: "is a setting of the environment, which a shard's stack file does not hold",
            hint: `set it in ${LAYOUT.stackFile(environment)}; a shard's stack file holds only its teams' ${SECRETS_KEY}`,
        });
    }
    const teams = shardTeams(envConfig, shard);
    const own: Record<string, unknown> = {};
    for (const [owner, names] of Object.entries(secretsOf(shardConfig))) {
        if (teams.includes(owner)) {
            own[owner] = names;
            continue;
        }
        problems.push({
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
        });
    }
    const platformSecrets = secretsOf(envConfig)[PLATFORM_SECRET_OWNER];
    const secrets = { ...(platformSecrets ? { [PLATFORM_SECRET_OWNER]: platformSecrets } : {}), ...own };
    return { config: { ...envConfig, [SECRETS_KEY]: JSON.stringify(secrets) }, problems };
}

/** The teams the environment's file places in `shard`, read as written (the environment's schema checks the rest). */
function shardTeams(envConfig: Readonly<Record<string, string>>, shard: string): string[] {
    try {
        const shards = JSON.parse(envConfig[`${CONFIG_NAMESPACE}:shards`] ?? "{}") as Record<string, unknown>;
        const teams = shards[shard];
        return Array.isArray(teams) ? teams.filter((t): t is string => typeof t === "string") : [];
    } catch {
        return [];
    }
}

/**
 * In a sharded environment, the environment's stack file holds the platform's secrets only: every stack
 * of the environment reads that file, and a team's secrets belong in its own shard's stack file, which
 * only that shard decrypts.
 */
export function checkSecretsPlacement(
    envFileConfig: Readonly<Record<string, string>>,
    environment: EnvironmentSpec,
    locate: (path: readonly string[]) => Location,
): Problem[] {
    if (environment.layout !== "sharded") {
        return [];
    }
    const shardOf = (team: string) => Object.entries(environment.shards).find(([, teams]) => teams.includes(team))?.[0];
    return Object.keys(secretsOf(envFileConfig))
        .filter((owner) => owner !== PLATFORM_SECRET_OWNER)
        .map((owner) => {
            const shard = shardOf(owner);
            return {
                ...locate(["secrets", owner]),
                message: "in a sharded environment a team's secrets live in its shard's stack file",
                hint: shard
                    ? `move them to ${LAYOUT.stackFile(shardStackName(environment.name, shard))}`
                    : `place team ${owner} in a shard (helm-platform:shards) and move them to that shard's stack file`,
            };
        });
}

/**
 * What the stack holds in its environment's layout: everything (`single`), the platform (the foundation
 * of a sharded environment, named after it) or one shard's teams; a problem when the name and the layout
 * disagree.
 */
export function stackSpecOf(
    stack: string,
    shard: string | undefined,
    environment: EnvironmentSpec,
    locate: (path: readonly string[]) => Location,
): { spec?: StackSpec; problems: Problem[] } {
    if (shard === undefined) {
        return {
            spec: { name: stack, environment: environment.name, kind: environment.layout === "sharded" ? "foundation" : "single" },
            problems: [],
        };
    }
    const shards = Object.keys(environment.shards);
    if (environment.layout !== "sharded" || !shards.includes(shard)) {
        const message =
            environment.layout === "sharded"
                ? `there is no shard "${shard}" in ${environment.name}`
                : `stack ${stack} is a shard, but ${environment.name} is one stack (layout: single)`;
        const hint =
            environment.layout === "sharded"
                ? didYouMean(shard, shards, `the shards are: ${shards.map((s) => shardStackName(environment.name, s)).join(", ")}`)
                : `deploy ${environment.name}, or set helm-platform:layout: sharded and name the shards`;
        return { problems: [{ ...locate(["shards"]), message, hint }] };
    }
    return { spec: { name: stack, environment: environment.name, kind: "shard", shard }, problems: [] };
}
