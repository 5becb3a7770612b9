import { formatKeyPath, type KeyPath } from "../base/keyPath";

/** A Helm values document: the plain data of a YAML map. */
export type Values = { [key: string]: unknown };

/** One layer of the hierarchy: a values document and the repo-relative file it came from. */
export interface ValuesLayer {
    readonly source: string;
    readonly values: Readonly<Values>;
}

/** Merged values plus, for every leaf key path, the file that set it. */
export interface MergedValues {
    readonly values: Values;
    /** `dotted.key.path` → repo-relative file. Arrays, scalars, `null` and empty maps are leaves. */
    readonly sources: Readonly<Record<string, string>>;
}

/** The origin of a value: a file for a leaf, or one origin per key for a map. */
type Origin = string | { [key: string]: Origin };

/**
 * Merges layers from lowest to highest precedence exactly as Helm merges several `-f` files
 * (`helm install -f a.yaml -f b.yaml`): maps merge recursively; every other value (scalars, arrays
 * and an explicit `null`) replaces what lower layers set. An explicit `null` stays in the result so
 * that Helm removes the chart's own default for that key. Inputs are never mutated.
 *
 * @see https://helm.sh/docs/chart_template_guide/values_files/
 * @see https://helm.sh/docs/chart_template_guide/values_files/#deleting-a-default-key
 */
export function mergeValues(layers: readonly ValuesLayer[]): MergedValues {
    const values: Values = {};
    const origins: { [key: string]: Origin } = {};
    for (const layer of layers) {
        mergeInto(values, origins, layer.values, layer.source);
    }
    const sources: Record<string, string> = {};
    flattenOrigins(origins, [], sources);
    return { values, sources: sortKeys(sources) };
}

/**
 * `merged` with one more layer on top, each leaf keeping the file that set it: for the platform's values
 * that depend on what the files merged to.
 */
export function withLayer(merged: MergedValues, layer: ValuesLayer): MergedValues {
    const below = "\u0000below";
    const result = mergeValues([{ source: below, values: merged.values }, layer]);
    const sources = Object.fromEntries(
        Object.entries(result.sources).map(([key, source]) => [key, source === below ? (merged.sources[key] ?? source) : source]),
    );
    return { values: result.values, sources };
}

function mergeInto(target: Values, origins: { [key: string]: Origin }, layer: Readonly<Values>, source: string): void {
    for (const [key, value] of Object.entries(layer)) {
        const current = ownKey(target, key);
        if (isMap(value) && isMap(current)) {
            const existing = ownKey(origins, key);
            const childOrigins = typeof existing === "object" ? existing : {};
            setKey(origins, key, childOrigins);
            mergeInto(current, childOrigins, value, source);
            if (Object.keys(current).length === 0) {
                setKey(origins, key, source);
            }
        } else {
            setKey(target, key, clone(value));
            setKey(origins, key, originOf(value, source));
        }
    }
}

function originOf(value: unknown, source: string): Origin {
    if (!isMap(value) || Object.keys(value).length === 0) {
        return source;
    }
    const origin: { [key: string]: Origin } = {};
    for (const [key, child] of Object.entries(value)) {
        setKey(origin, key, originOf(child, source));
    }
    return origin;
}

function flattenOrigins(origin: { [key: string]: Origin }, path: KeyPath, out: Record<string, string>): void {
    for (const [key, child] of Object.entries(origin)) {
        const childPath = [...path, key];
        if (typeof child === "string") {
            setKey(out, formatKeyPath(childPath), child);
        } else {
            flattenOrigins(child, childPath, out);
        }
    }
}

/** A YAML map (not an array, not null). */
export function isMap(value: unknown): value is Values {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A copy in which every leaf (anything but a map or an array) is `f(leaf)`; never mutates its input. */
export function mapLeaves(value: unknown, f: (leaf: unknown) => unknown): unknown {
    if (Array.isArray(value)) {
        return value.map((v) => mapLeaves(v, f));
    }
    if (isMap(value)) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapLeaves(v, f)]));
    }
    return f(value);
}

/** Reads an own property only: `__proto__` and friends are data in a values file. */
function ownKey<T>(source: { [key: string]: T }, key: string): T | undefined {
    return Object.hasOwn(source, key) ? source[key] : undefined;
}

/** Sets an own property, even `__proto__`, which plain assignment would misread. */
function setKey(target: object, key: string, value: unknown): void {
    if (key === "__proto__") {
        Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
    } else {
        (target as Record<string, unknown>)[key] = value;
    }
}

function clone<T>(value: T): T {
    return value === undefined ? value : structuredClone(value);
}

/** A copy with map keys sorted at every depth, so serialised values diff quietly. */
export function sortKeys<T>(value: T): T {
    if (Array.isArray(value)) {
        return value.map(sortKeys) as T;
    }
    if (isMap(value)) {
        const out: Values = {};
        for (const key of Object.keys(value).sort()) {
            setKey(out, key, sortKeys(ownKey(value, key)));
        }
        return out as T;
    }
    return value;
}

/**
 * The values a chart's templates see: the release's merged values over the chart's defaults, as Helm
 * coalesces them. A key the release sets to `null` removes the chart's default (and stays `null` where
 * the chart has none); maps merge key by key; otherwise the release's value wins, a map over a scalar
 * or a scalar over a map included.
 * @see https://helm.sh/docs/chart_template_guide/values_files/#deleting-a-default-key
 */
export function coalesceWithChart(defaults: Readonly<Values>, values: Readonly<Values>): Values {
    const out = clone(values) as Values;
    coalesceInto(out, defaults);
    return out;
}

function coalesceInto(dst: Values, src: Readonly<Values>): void {
    for (const [key, defaultValue] of Object.entries(src)) {
        if (!Object.hasOwn(dst, key)) {
            setKey(dst, key, clone(defaultValue));
            continue;
        }
        const value = ownKey(dst, key);
        if (value === null) {
            delete dst[key];
        } else if (isMap(value) && isMap(defaultValue)) {
            coalesceInto(value, defaultValue);
        }
    }
}

/** The file that set `path` or, for a map, any key below it. */
export function sourceOf(sources: Readonly<Record<string, string>>, path: KeyPath): string | undefined {
    for (let i = path.length; i > 0; i--) {
        const prefix = formatKeyPath(path.slice(0, i));
        const exact = sources[prefix];
        if (exact) {
            return exact;
        }
        const below = Object.keys(sources).find((k) => k.startsWith(`${prefix}.`) || k.startsWith(`${prefix}[`));
        if (below && i === path.length) {
            return sources[below];
        }
    }
    return undefined;
}
