import { parse } from "yaml";
import { LAYOUT } from "../core/layout";
import type { SourceTree } from "../core/sourceTree";

/** A stack's configuration as the Pulumi CLI would hand it to the program. */
export interface StackConfig {
    readonly config: Record<string, string>;
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
        if (isSecure(value)) {
            config[key] = "[secret]";
            secretKeys.push(key);
        } else {
            config[key] = typeof value === "string" ? value : JSON.stringify(value);
        }
    }
    return { config, secretKeys };
}

function isSecure(value: unknown): boolean {
    return typeof value === "object" && value !== null && Object.keys(value).length === 1 && "secure" in value;
}
