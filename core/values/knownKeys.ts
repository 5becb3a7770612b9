import { formatKeyPath, type KeyPath } from "../base/keyPath";
import { closest } from "../base/problems";
import { isMap, type Values } from "./merge";

/** A values key that the chart neither defaults nor describes, and the key it probably meant. */
export interface UnknownKey {
    /** Dotted key path, as in provenance (`replicaCont`, `image.tga`). */
    readonly key: string;
    readonly path: KeyPath;
    /** The known key at the same level nearest in spelling, if one is near. */
    readonly nearest?: string;
}

/** What a chart says about its values: its `values.yaml` and its `values.schema.json`, either may be absent. */
export interface ChartKnowledge {
    readonly defaults?: Values;
    readonly schema?: unknown;
}

/** Keys Helm passes to every chart and subchart, which no chart has to declare. */
const ALWAYS_KNOWN = new Set(["global"]);

/** `$ref` chains and nested `allOf`s end here: a schema deeper than this is taken as free-form. */
const MAX_SCHEMA_DEPTH = 32;

type Schema = Readonly<Record<string, unknown>>;

/** What one level of the values may hold, from the defaults and the schemas at that path. */
interface Level {
    readonly defaults: unknown;
    /** The schemas that describe this level, `$ref`s and `allOf`/`anyOf`/`oneOf` branches expanded. */
    readonly schemas: readonly (Schema | boolean)[];
}

/**
 * The keys of `values` that the chart does not know: neither in its `values.yaml` nor in its schema.
 * Anything under a map that is empty or free-form (in the defaults, or in a schema without
 * `properties`, or whose `additionalProperties` admits more) is known, and so is `global`; below an
 * unknown key nothing more is reported. Arrays are not looked into.
 */
export function unknownKeys(values: Values, chart: ChartKnowledge): UnknownKey[] {
    if (chart.defaults === undefined && chart.schema === undefined) {
        return [];
    }
    const root = chart.schema;
    const found: UnknownKey[] = [];
    const walk = (value: Values, level: Level, path: KeyPath) => {
        const { free, names, patterns } = describe(level);
        if (free) {
            return;
        }
        for (const [key, child] of Object.entries(value)) {
            if (path.length === 0 && ALWAYS_KNOWN.has(key)) {
                continue;
            }
            const here = [...path, key];
            if (!names.has(key) && !patterns.some((p) => p.test(key))) {
                found.push({ key: formatKeyPath(here), path: here, nearest: closest(key, names) });
            } else if (isMap(child)) {
                walk(child, childLevel(level, key, root), here);
            }
        }
    };
    walk(values, { defaults: chart.defaults, schemas: chart.schema === undefined ? [] : expand(chart.schema, root, 0) }, []);
    return found;
}

/** The keys a level knows, or that it is free-form. */
function describe(level: Level): { free: boolean; names: Set<string>; patterns: RegExp[] } {
    const names = new Set<string>();
    const patterns: RegExp[] = [];
    const { defaults, schemas } = level;
    let free = defaults !== undefined && (!isMap(defaults) || Object.keys(defaults).length === 0);
    if (isMap(defaults)) {
        for (const key of Object.keys(defaults)) {
            names.add(key);
        }
    }
    for (const schema of schemas) {
        if (typeof schema === "boolean") {
            free ||= schema;
            continue;
        }
        const properties = isMap(schema["properties"]) ? Object.keys(schema["properties"]) : [];
        const patternKeys = isMap(schema["patternProperties"]) ? Object.keys(schema["patternProperties"]) : [];
        const additional = schema["additionalProperties"];
        if ((properties.length === 0 && patternKeys.length === 0) || additional === true || isMap(additional)) {
            free = true;
        }
        for (const key of properties) {
            names.add(key);
        }
        patterns.push(...patternKeys.flatMap((p) => regex(p)));
    }
    // Nothing describes this level (a key only a schema names, without saying what is under it).
    if (defaults === undefined && schemas.length === 0) {
        free = true;
    }
    return { free, names, patterns };
}

/** The defaults and schemas of `key` under `level`. */
function childLevel(level: Level, key: string, root: unknown): Level {
    const defaults = isMap(level.defaults) ? level.defaults[key] : undefined;
    const schemas = level.schemas.flatMap((schema) => {
        if (typeof schema === "boolean") {
            return [];
        }
        const properties = isMap(schema["properties"]) ? schema["properties"] : {};
        const patternProperties = isMap(schema["patternProperties"]) ? schema["patternProperties"] : {};
        const direct = Object.hasOwn(properties, key) ? [properties[key]] : [];
        const patterned = Object.entries(patternProperties)
            .filter(([p]) => regex(p).some((r) => r.test(key)))
            .map(([, s]) => s);
        return [...direct, ...patterned].flatMap((s) => expand(s, root, 0));
    });
    return { defaults, schemas };
}

/** A schema with its local `$ref`s followed and its `allOf`/`anyOf`/`oneOf` branches listed beside it. */
function expand(schema: unknown, root: unknown, depth: number): (Schema | boolean)[] {
    if (typeof schema === "boolean") {
        return [schema];
    }
    if (!isMap(schema) || depth > MAX_SCHEMA_DEPTH) {
        return [true];
    }
    const out: (Schema | boolean)[] = [];
    const ref = schema["$ref"];
    if (typeof ref === "string") {
        const target = resolveRef(ref, root);
        out.push(...(target === undefined ? [true] : expand(target, root, depth + 1)));
    }
    const branches = ["allOf", "anyOf", "oneOf"].flatMap((k) => (Array.isArray(schema[k]) ? (schema[k] as unknown[]) : []));
    out.push(...branches.flatMap((b) => expand(b, root, depth + 1)));
    const own = Object.keys(schema).some((k) => ["properties", "patternProperties", "additionalProperties"].includes(k));
    // A schema that only combines others (a $ref, an allOf) says nothing of its own about the keys.
    if (own || out.length === 0) {
        out.push(schema);
    }
    return out;
}

/** A JSON pointer `#/...` into the schema's own document; undefined for anything else. */
function resolveRef(ref: string, root: unknown): unknown {
    if (!ref.startsWith("#")) {
        return undefined;
    }
    let node: unknown = root;
    for (const raw of ref.slice(1).split("/").filter(Boolean)) {
        const segment = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
        node = isMap(node) ? node[segment] : Array.isArray(node) ? node[Number(segment)] : undefined;
    }
    return node;
}

function regex(pattern: string): RegExp[] {
    try {
        return [new RegExp(pattern, "u")];
    } catch {
        return [/(?:)/]; // a pattern this engine cannot read admits every key: no warning rather than a wrong one
    }
}
