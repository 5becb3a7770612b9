import type { z } from "zod";
import { formatKeyPath, type KeyPath } from "../base/keyPath";
import { closest, didYouMean, type Problem, showValue } from "../base/problems";

/** Where a validated document came from, so problems can name the file and line. */
export interface ProblemSource {
    readonly file: string;
    lineOf(path: KeyPath): number | undefined;
    /** Maps a schema path to the path inside the file (for example `clusters` → `config."helm-platform:clusters"`). */
    readonly filePath?: (path: KeyPath) => KeyPath;
    /** Maps a schema path to the path shown to people (for example `clusters[0]` → `helm-platform:clusters[0]`). */
    readonly displayPath?: (path: KeyPath) => string;
}

/**
 * Validates `data` with `schema` and turns every zod issue into a {@link Problem} that names the file,
 * the line, the key path and the bad value, with a hint (including "did you mean" for unknown keys).
 */
export function validateWith<S extends z.ZodType>(
    schema: S,
    data: unknown,
    source: ProblemSource,
): { value?: z.output<S>; problems: Problem[] } {
    const result = schema.safeParse(data, { reportInput: true });
    if (result.success) {
        return { value: result.data, problems: [] };
    }
    const meant = new Set<string>();
    const problems = result.error.issues.flatMap((issue) => toProblems(issue, schema, source, meant));
    // A misspelt required key shows up twice: as an unknown key and as the missing key it was meant to be.
    // Keep the unknown key (its hint names the right spelling) and drop the echo.
    return { problems: problems.filter((p) => !(p.message.startsWith("required key is missing") && meant.has(p.path))) };
}

/** @param meant collects the path of every key an unknown key's hint suggests, as the problems show it */
function toProblems(issue: z.core.$ZodIssue, schema: z.ZodType, source: ProblemSource, meant: Set<string>): Problem[] {
    const base = issue.path.filter((s): s is string | number => typeof s !== "symbol");
    const shown = (path: KeyPath) => (source.displayPath ? source.displayPath(path) : formatKeyPath(path));
    const make = (path: KeyPath, message: string, hint: string): Problem => ({
        file: source.file,
        line: source.lineOf(source.filePath ? source.filePath(path) : path),
        path: shown(path),
        message,
        hint,
    });
    switch (issue.code) {
        case "unrecognized_keys": {
            const known = keysAt(schema, base);
            return issue.keys.map((key) => {
                const suggestion = closest(key, known);
                if (suggestion !== undefined) {
                    meant.add(shown([...base, suggestion]));
                }
                const hint = didYouMean(key, known, `remove it; allowed keys here: ${known.join(", ") || "none"}`);
                // Quoted as JSON: the key is the file author's text, and a line break in it would forge a line of the report.
                return make([...base, key], `unknown key ${JSON.stringify(key)}`, hint);
            });
        }
        case "invalid_type": {
            if (issue.input === undefined) {
                return [make(base, `required key is missing (expected ${issue.expected})`, "add it")];
            }
            const hint =
                issue.expected === "string" && (typeof issue.input === "number" || typeof issue.input === "boolean")
                    ? `quote it so YAML reads it as text: "${String(issue.input)}"`
                    : `write ${article(issue.expected)} here`;
            return [make(base, `expected ${issue.expected}, got ${showValue(issue.input)}`, hint)];
        }
        default:
            return [make(base, `${issue.message} (got ${showValue(issue.input)})`, hintFor(issue))];
    }
}

const article = (expected: string) =>
    expected === "array" ? "a list" : expected === "object" ? "a map" : /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;

/** A fix for every other kind of issue: the schema's own hint when it gives one, else what the value must be. */
function hintFor(issue: z.core.$ZodIssue): string {
    const given = (issue as { params?: { hint?: string } }).params?.hint;
    if (given) {
        return given;
    }
    switch (issue.code) {
        case "invalid_value":
            return `use one of: ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
        case "too_small":
            return issue.origin === "array"
                ? `list at least ${String(issue.minimum)}`
                : issue.origin === "string"
                  ? `write at least ${String(issue.minimum)} characters`
                  : `use ${String(issue.minimum)} or more`;
        case "too_big":
            return issue.origin === "array"
                ? `list at most ${String(issue.maximum)}`
                : issue.origin === "string"
                  ? `write at most ${String(issue.maximum)} characters`
                  : `use ${String(issue.maximum)} or less`;
        case "invalid_key":
            return "rename the key as the message says";
        default:
            // Messages of this project's schemas say what the value must be ("must be an Azure region name such as westeurope").
            return issue.message.startsWith("must ")
                ? `make it ${issue.message.slice("must ".length).replace(/^be /, "")}`
                : "change the value as the message says";
    }
}

/** The keys a (strict) object schema accepts at `path`, for "did you mean" hints. */
export function keysAt(schema: z.ZodType, path: KeyPath): string[] {
    let node: unknown = schema;
    for (const segment of [...path, undefined]) {
        node = unwrap(node);
        const def = defOf(node);
        if (segment === undefined) {
            return def?.type === "object" ? Object.keys(def.shape as object) : [];
        }
        if (def?.type === "object") {
            node = (def.shape as Record<string, unknown>)[String(segment)];
        } else if (def?.type === "array") {
            node = def.element;
        } else if (def?.type === "record") {
            node = def.valueType;
        } else {
            return [];
        }
    }
    return [];
}

type Def = { type: string; [key: string]: unknown };

function defOf(node: unknown): Def | undefined {
    return (node as { _zod?: { def?: Def } } | undefined)?._zod?.def;
}

function unwrap(node: unknown): unknown {
    for (let def = defOf(node); def; def = defOf(node)) {
        if (["optional", "default", "nullable", "prefault", "readonly", "catch"].includes(def.type)) {
            node = def.innerType;
        } else if (def.type === "pipe") {
            node = def.in;
        } else {
            break;
        }
    }
    return node;
}
