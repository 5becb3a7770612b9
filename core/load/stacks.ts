import { CONFIG_NAMESPACE } from "../base/constants";
import type { SourceTree } from "../base/sourceTree";
import { readStackConfig } from "../config/stackFile";
import { readTenantFiles } from "../config/tenantFiles";
import { promotionOrder } from "../model/promotionOrder";
import { parseStackName, type StackKind, shardStackName } from "../model/stack";
import { knownEnvironments } from "./loadConfiguration";

/** One Pulumi stack of the platform, as the environment's stack file lays it out. */
export interface StackEntry {
    readonly name: string;
    readonly environment: string;
    readonly kind: StackKind;
    readonly shard?: string;
    /** Teams the environment's file places in the shard. */
    readonly teams?: readonly string[];
}

/**
 * The stacks of an environment as its stack file declares them: the environment's own (single, or the
 * foundation when sharded) and one per shard. Read as written; the loader validates the settings.
 */
export function stacksOf(tree: SourceTree, environment: string): StackEntry[] {
    const config = readStackConfig(tree, environment).config;
    const parse = (key: string): unknown => {
        try {
            return JSON.parse(config[`${CONFIG_NAMESPACE}:${key}`] ?? "null");
        } catch {
            return config[`${CONFIG_NAMESPACE}:${key}`];
        }
    };
    if (parse("layout") !== "sharded") {
        return [{ name: environment, environment, kind: "single" }];
    }
    const shards = parse("shards");
    const entries = shards && typeof shards === "object" && !Array.isArray(shards) ? Object.entries(shards) : [];
    return [
        { name: environment, environment, kind: "foundation" },
        ...entries.map(([shard, teams]) => ({
            name: shardStackName(environment, shard),
            environment,
            kind: "shard" as const,
            shard,
            teams: Array.isArray(teams) ? teams.filter((t): t is string => typeof t === "string") : [],
        })),
    ];
}

/**
 * The environments in promotion order (dev, uat, prod in the sample: each after the one it is promoted
 * from), as their stack files say; settings that do not read yet sort by name (loading reports them).
 */
export function environmentsInPromotionOrder(tree: SourceTree): string[] {
    const links = knownEnvironments(tree).map((environment) => {
        const { config } = readStackConfig(tree, environment);
        let from: unknown;
        try {
            from = (JSON.parse(config[`${CONFIG_NAMESPACE}:promotion`] ?? "{}") as { from?: unknown }).from;
        } catch {
            from = undefined;
        }
        return { environment, ...(typeof from === "string" ? { promotionFrom: from } : {}) };
    });
    return promotionOrder(links);
}

/** Every stack of every environment. */
export function allStacks(tree: SourceTree): StackEntry[] {
    return knownEnvironments(tree).flatMap((env) => stacksOf(tree, env));
}

/**
 * What a name given on a command line stands for: an environment is every stack of it; a stack name
 * (`prod.payments`) is that stack alone. Undefined for a name that is neither.
 */
export function stacksNamed(tree: SourceTree, name: string): StackEntry[] | undefined {
    const { environment, shard } = parseStackName(name);
    if (!knownEnvironments(tree).includes(environment)) {
        return undefined;
    }
    const stacks = stacksOf(tree, environment);
    if (shard === undefined) {
        return stacks;
    }
    const one = stacks.find((s) => s.name === name);
    return one ? [one] : undefined;
}

/** The stack that deploys `team` in `environment`: its shard where the environment is sharded, else the environment's stack. */
export function stackOfTeamIn(tree: SourceTree, environment: string, team: string): string {
    return stacksOf(tree, environment).find((s) => s.teams?.includes(team))?.name ?? environment;
}

/** The teams whose tenant files say they run in `environment`, by name, as the files are written. */
export function teamsRunningIn(tree: SourceTree, environment: string): string[] {
    return readTenantFiles(tree, [])
        .filter((t) => t.data.environments?.includes(environment))
        .map((t) => t.data.team)
        .sort();
}

/**
 * The team whose tenant file declares release `<team>-<app>`, if one does (release names are unique):
 * in a sharded environment, the release is in that team's shard.
 */
export function teamOfRelease(tree: SourceTree, release: string): string | undefined {
    const tenants = readTenantFiles(tree, []);
    return tenants.find((t) => Object.keys(t.data.apps ?? {}).some((app) => `${t.data.team}-${app}` === release))?.data.team;
}
