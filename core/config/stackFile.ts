import { createHash } from "node:crypto";
import { parse } from "yaml";
import { CONFIG_NAMESPACE, SECRET } from "../base/constants";
import { LAYOUT } from "../base/layout";
import type { SourceTree } from "../base/sourceTree";
import { ownedSecret } from "../values/secrets";

/** A stack's configuration as the Pulumi CLI would hand it to the program. */
export interface StackConfig {
    readonly config: Record<string, string>;
    /** `<owner>/<name>` of a secret under `helm-platform:secrets` → fingerprint of its ciphertext (never of the value). */
    readonly secretVersions: Record<string, string>;
    /** Keys stored encrypted (`secure:`); the offline plan cannot decrypt them and passes a placeholder. */
    readonly secretKeys: string[];
}

/**
 * Reads `Pulumi.<stack>.yaml` the way the CLI passes it on: objects and lists as JSON, scalars as
 * text. Encrypted values stay encrypted: the plan marks them secret and never sees the plaintext.
 * A file that does not parse yields no config; the program itself reports the syntax error.
 */
export function readStackConfig(tree: SourceTree, stack: string): StackConfig {
    const text = tree.read(LAYOUT.stackFile(stack));
    let doc: { config?: Record<string, unknown> } | undefined;
    try {
        doc = text === undefined ? undefined : (parse(text) as typeof doc);
    } catch {
        doc = undefined;
    }
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, value] of Object.entries(doc?.config ?? {})) {
        const [masked, secret] = maskSecure(value);
        if (secret) {
            secretKeys.push(key);
        }
        config[key] = typeof masked === "string" ? masked : JSON.stringify(masked);
    }
    const secretVersions: Record<string, string> = {};
    for (const [owner, names] of entries(doc?.config?.["helm-platform:secrets"])) {
        for (const [name, value] of entries(names)) {
            if (isSecure(value)) {
                secretVersions[ownedSecret(owner, name)] = createHash("sha256")
                    .update(String((value as { secure: unknown }).secure))
                    .digest("hex")
                    .slice(0, 12);
            }
        }
    }
    return { config, secretKeys, secretVersions };
}

/**
 * Replaces every `secure:` value, at any depth (`pulumi config set --secret --path` nests them), by
 * `[secret]`, and says whether there was one: then the whole key is a secret, as the CLI treats it.
 */
function maskSecure(value: unknown): [unknown, boolean] {
    if (isSecure(value)) {
        return [SECRET, true];
    }
    if (Array.isArray(value)) {
        const items = value.map(maskSecure);
        return [items.map(([v]) => v), items.some(([, s]) => s)];
    }
    if (typeof value === "object" && value !== null) {
        const entries = Object.entries(value).map(([k, v]) => [k, ...maskSecure(v)] as const);
        return [Object.fromEntries(entries.map(([k, v]) => [k, v])), entries.some(([, , s]) => s)];
    }
    return [value, false];
}

function entries(value: unknown): [string, unknown][] {
    return typeof value === "object" && value !== null && !Array.isArray(value) ? Object.entries(value) : [];
}

function isSecure(value: unknown): boolean {
    return typeof value === "object" && value !== null && Object.keys(value).length === 1 && "secure" in value;
}

/** The key of every secret in a stack's configuration. */
export const SECRETS_KEY = `${CONFIG_NAMESPACE}:secrets`;

/** `helm-platform:secrets` of a stack's configuration, by owner, as written; nothing when it does not read. */
export function configuredSecrets(config: Readonly<Record<string, string>>): Record<string, Record<string, unknown>> {
    try {
        return JSON.parse(config[SECRETS_KEY] ?? "{}") as Record<string, Record<string, unknown>>;
    } catch {
        return {};
    }
}

/** The teams an environment's configuration places in `shard`, read as written (the environment's schema checks the rest). */
export function shardTeamsIn(envConfig: Readonly<Record<string, string>>, shard: string): string[] {
    try {
        const shards = JSON.parse(envConfig[`${CONFIG_NAMESPACE}:shards`] ?? "{}") as Record<string, unknown>;
        const teams = shards[shard];
        return Array.isArray(teams) ? teams.filter((t): t is string => typeof t === "string") : [];
    } catch {
        return [];
    }
}
