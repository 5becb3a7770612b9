/**
 * The configuration reference, generated from the JSON Schemas of the files (themselves generated from
 * the zod schemas the loader validates with): one table row per key path, with its type, its default
 * and the schema's description. `npm run docs` writes them; a test fails when they are stale.
 */
import { CONFIG_NAMESPACE } from "../core/base/constants";
import {
    type JsonSchema,
    STACK_FILE_SCHEMA,
    stackFileJsonSchema,
    TENANT_FILE_SCHEMA,
    tenantFileJsonSchema,
} from "../core/config/fileSchemas";
import { PROFILES } from "../core/config/profiles";

/** One key of a file: where it is, and its schema. */
export interface KeyRow {
    readonly path: string;
    readonly schema: JsonSchema;
    readonly required: boolean;
}

const props = (schema: JsonSchema): Record<string, JsonSchema> => (schema["properties"] as Record<string, JsonSchema>) ?? {};
const requiredOf = (schema: JsonSchema): string[] => (schema["required"] as string[]) ?? [];
const objectSchema = (value: unknown): JsonSchema | undefined =>
    typeof value === "object" && value !== null && !Array.isArray(value) ? (value as JsonSchema) : undefined;

/** The name a map's keys stand for (`<app>`), from the title its key schema carries. */
function keyPlaceholder(schema: JsonSchema): string {
    const names = objectSchema(schema["propertyNames"]);
    return `<${(names?.["title"] as string | undefined) ?? "key"}>`;
}

/** A key as a path segment: `a`, or `["requests.cpu"]` when it holds a dot (as `pulumi config set --path` writes it). */
const segment = (prefix: string, key: string): string =>
    key.includes(".") ? `${prefix}[${JSON.stringify(key)}]` : prefix ? `${prefix}.${key}` : key;

/** Every key path under `schema`, depth first, in the schema's order: `a`, `a.b`, `list[].c`, `map.<key>`. */
export function keyRows(schema: JsonSchema, prefix = ""): KeyRow[] {
    const rows: KeyRow[] = [];
    const required = new Set(requiredOf(schema));
    for (const [key, child] of Object.entries(props(schema))) {
        const path = segment(prefix, key);
        rows.push({ path, schema: child, required: required.has(key) }, ...nested(child, path));
    }
    return rows;
}

/** The keys inside one key's value: an object's, a list's items', a map's values'. */
function nested(schema: JsonSchema, path: string): KeyRow[] {
    if (schema["properties"]) {
        return keyRows(schema, path);
    }
    const items = objectSchema(schema["items"]);
    if (items) {
        return items["properties"] ? keyRows(items, `${path}[]`) : [];
    }
    const values = objectSchema(schema["additionalProperties"]);
    if (values && (values["properties"] || values["additionalProperties"] || values["items"])) {
        const child = `${path}.${keyPlaceholder(schema)}`;
        return [{ path: child, schema: values, required: false }, ...nested(values, child)];
    }
    return [];
}

/** Larger than any bound a person writes: zod's integers carry `Number.MAX_SAFE_INTEGER`. */
const UNBOUNDED = Number.MAX_SAFE_INTEGER;

/** The type of a key in words, with its constraints: `list of string, at least 1`, `` `a` \| `b` ``. */
export function typeOf(schema: JsonSchema): string {
    if (schema["deprecated"] === true) {
        return "refused";
    }
    if (Array.isArray(schema["enum"])) {
        return (schema["enum"] as unknown[]).map((v) => `\`${String(v)}\``).join(" \\| ");
    }
    if (Array.isArray(schema["anyOf"])) {
        return (schema["anyOf"] as JsonSchema[]).map(typeOf).join(" or ");
    }
    const type = schema["type"];
    const bounds: string[] = [];
    const bound = (key: string, words: string) => {
        const n = schema[key];
        if (typeof n === "number" && Math.abs(n) !== UNBOUNDED) {
            bounds.push(`${words} ${n}`);
        }
    };
    bound("minLength", "at least");
    bound("maxLength", "at most");
    bound("minimum", "from");
    bound("maximum", "to");
    bound("minItems", "at least");
    bound("maxItems", "at most");
    if (typeof schema["pattern"] === "string") {
        bounds.push(`\`${schema["pattern"]}\``);
    }
    const suffix = bounds.length > 0 ? `, ${bounds.join(", ")}` : "";
    if (type === "array") {
        return `list of ${typeOf(objectSchema(schema["items"]) ?? {})}${suffix}`;
    }
    if (type === "object") {
        const values = objectSchema(schema["additionalProperties"]);
        if (!values || schema["properties"]) {
            return "object";
        }
        const names = objectSchema(schema["propertyNames"]);
        const keys = Array.isArray(names?.["enum"]) ? ` (${typeOf(names as JsonSchema)})` : "";
        return `map of \`${keyPlaceholder(schema)}\`${keys} to ${typeOf(values)}`;
    }
    if (Array.isArray(type)) {
        return `${type.join(" or ")}${suffix}`;
    }
    return typeof type === "string" ? `${type}${suffix}` : "any";
}

/** A table cell: pipes escaped; `<` outside code spans escaped, so that `<team>` is not read as HTML. */
export function cell(text: string): string {
    return text
        .split("`")
        .map((part, i) => (i % 2 === 0 ? part.replaceAll("<", "&lt;") : part))
        .join("`")
        .replace(/(?<!\\)\|/g, "\\|");
}

/** One row per key: key path, type, default (or `required`), description. */
export function keyTable(rows: readonly KeyRow[], display: (path: string) => string = (p) => p): string {
    const lines = ["| key | type | default | description |", "| --- | --- | --- | --- |"];
    for (const { path, schema, required } of rows) {
        const fallback = required ? "required" : "";
        const value = "default" in schema ? `\`${JSON.stringify(schema["default"])}\`` : fallback;
        const description = (schema["description"] as string | undefined) ?? "";
        lines.push(`| \`${display(path)}\` | ${cell(typeOf(schema))} | ${cell(value)} | ${cell(description)} |`);
    }
    return lines.join("\n");
}

/** Every leaf of a value as `path: value`, objects walked and lists kept whole. */
function leaves(value: unknown, prefix = ""): [string, unknown][] {
    const object = objectSchema(value);
    if (!object) {
        return [[prefix, value]];
    }
    return Object.entries(object).flatMap(([key, v]) => leaves(v, prefix ? `${prefix}.${key}` : key));
}

/** The defaults of each profile side by side, one row per setting it gives. */
export function profileTable(): string {
    const names = Object.keys(PROFILES) as (keyof typeof PROFILES)[];
    const columns = names.map((name) => new Map(leaves(PROFILES[name])));
    const paths = [...new Set(columns.flatMap((c) => [...c.keys()]))];
    const show = (v: unknown) => (v === undefined ? "" : `\`${Array.isArray(v) ? v.join(", ") || "none" : String(v)}\``);
    return [
        `| setting | ${names.map((n) => `\`${n}\``).join(" | ")} |`,
        `| --- | ${names.map(() => "---").join(" | ")} |`,
        ...paths.map((path) => `| \`${path}\` | ${columns.map((c) => cell(show(c.get(path)))).join(" | ")} |`),
    ].join("\n");
}

const GENERATED = (source: string) =>
    `<!-- Generated by \`npm run docs\` (scripts/docs.ts) from ${source}; edit the schema's descriptions, not this file. -->`;

/** docs/reference/stack-settings.md. */
export function stackSettingsReference(): string {
    const config = props(stackFileJsonSchema())["config"] as JsonSchema;
    const rows = keyRows(config).filter((r) => r.path.startsWith(`${CONFIG_NAMESPACE}:`));
    const prefix = `${CONFIG_NAMESPACE}:`;
    return `${GENERATED("`stackSettingsSchema` in core/config/stackSettings.ts and what it uses in core/config/")}

# Stack settings reference

Every setting of an environment is a key of \`config:\` in its stack file, \`Pulumi.<environment>.yaml\`,
written \`${prefix}<key>\`. Pulumi hands objects and lists to the program as JSON, which is validated
against the schema below before anything is registered: an unknown key is an error with a "did you
mean", and every problem is reported with file, line and key path. A shard's stack file
(\`Pulumi.<environment>.<shard>.yaml\`) holds no setting, only its teams' \`${prefix}secrets\`
([sharding](../sharding.md)).

Editors validate and complete the file with its JSON Schema, [\`${STACK_FILE_SCHEMA}\`](../../${STACK_FILE_SCHEMA}),
which the sample stack files name on their first line. Cross-field rules, profiles and the checks made
before anything is registered: [configuration](../configuration.md).

A default in the table is what the schema fills in; "Omitted:" in a description says what a key without a
schema default stands for, often the profile's value (below). \`<name>\` in a key path is a key you choose.

${keyTable(rows, (path) => path.slice(prefix.length))}

## Profiles

\`${prefix}profile\` names the tier of defaults every cluster, registry and governance setting not given
in the stack file comes from (\`core/config/profiles.ts\`):

${profileTable()}
`;
}

/** docs/reference/tenant-file.md. */
export function tenantFileReference(): string {
    return `${GENERATED("`tenantSchema` in core/config/tenant.ts and what it uses in core/config/")}

# Tenant file reference

A team's file, \`tenants/<team>.yaml\`, named after the team; onboarding a team is adding one
([onboarding](../onboarding.md)). The keys below are validated before anything is registered; every
problem is reported with file, line and key path. What the team asks for beyond its defaults must be in
its allowance ([allowances](../allowances.md)).

Editors validate and complete the file with its JSON Schema, [\`${TENANT_FILE_SCHEMA}\`](../../${TENANT_FILE_SCHEMA}),
which the sample tenant files name on their first line.

A default in the table is what the schema fills in; "Omitted:" in a description says what a key without a
schema default stands for. \`<name>\` in a key path is a key you choose.

${keyTable(keyRows(tenantFileJsonSchema()))}
`;
}

/** Every generated reference page, by repository-relative file. */
export function referenceDocs(): ReadonlyMap<string, string> {
    return new Map([
        ["docs/reference/stack-settings.md", stackSettingsReference()],
        ["docs/reference/tenant-file.md", tenantFileReference()],
    ]);
}
