import {
    type Document,
    isAlias,
    isMap,
    isScalar,
    isSeq,
    LineCounter,
    type Node,
    type Pair,
    type ParsedNode,
    parseDocument,
    Scalar,
} from "yaml";
import { formatKeyPath, type KeyPath } from "../base/keyPath";
import { closest, type Problem } from "../base/problems";
import { resolvePlainScalar } from "./helmScalars";
import { secretRef } from "./secretTag";

/** A parsed YAML file that still knows where each key was written. */
export interface YamlFile {
    /** Repo-relative path, as shown in problems and provenance. */
    readonly file: string;
    /** The plain data (maps, arrays, scalars): no shared objects, whatever the file's aliases. */
    readonly data: unknown;
    /** 1-based line of the key at `path`, or of its nearest ancestor that exists. */
    lineOf(path: KeyPath): number | undefined;
}

export type ParseResult = { readonly ok: true; readonly yaml: YamlFile } | { readonly ok: false; readonly problems: Problem[] };

/**
 * How a file's scalars are read:
 * - `helm`: values files, as Helm reads them (YAML 1.1 scalars through go-yaml v2 and JSON; see
 *   {@link resolvePlainScalar}), with `!secret <name>` references;
 * - `config`: the platform's own files (tenant files, stack files, alert rules), YAML 1.2.
 * Both refuse what is ambiguous: duplicate keys, null keys, several documents, unknown tags.
 */
export type YamlDialect = "helm" | "config";

/** At most this many nodes may come out of aliases in one file: a "billion laughs" file stops here. */
const MAX_ALIAS_NODES = 100_000;

/** Tags a file may carry, by dialect. */
const KNOWN_TAGS: Readonly<Record<YamlDialect, readonly string[]>> = {
    helm: ["!secret", "!!str", "!!int", "!!float", "!!bool", "!!null", "!!map", "!!seq"],
    config: ["!!str", "!!int", "!!float", "!!bool", "!!null", "!!map", "!!seq"],
};

const shortTag = (tag: string) => tag.replace(/^tag:yaml\.org,2002:/, "!!");

/**
 * Parses one YAML file. Syntax errors and everything {@link YamlDialect} refuses become problems with
 * their line, never exceptions, so that every broken file is reported in one run. Linear in the size of
 * the file: duplicate keys are found with a set per map, not pair by pair.
 */
export function parseYamlFile(file: string, text: string, dialect: YamlDialect = "config"): ParseResult {
    const lineCounter = new LineCounter();
    // failsafe: every scalar stays text, and the helm dialect reads it as Helm would.
    const doc = parseDocument(text, {
        lineCounter,
        prettyErrors: true,
        uniqueKeys: false,
        schema: dialect === "helm" ? "failsafe" : "core",
    });
    const lineAt = (node: { range?: [number, number, number] | null } | null | undefined): number | undefined =>
        node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
    if (doc.errors.length > 0) {
        return {
            ok: false,
            problems: doc.errors.map((e) => ({
                file,
                line: e.linePos?.[0]?.line,
                path: "",
                message: e.code === "MULTIPLE_DOCS" ? "holds more than one YAML document" : `YAML syntax error: ${firstLine(e.message)}`,
                hint:
                    e.code === "MULTIPLE_DOCS"
                        ? "keep one document per file: tools disagree on what several mean (Helm merges them, others read the first)"
                        : "fix the YAML syntax (indentation, quoting, a missing ':'); a YAML linter shows the exact spot",
            })),
        };
    }
    const reader = new NodeReader(file, doc, dialect, lineAt);
    const data = reader.read(doc.contents as ParsedNode | null, []);
    if (reader.problems.length > 0) {
        return { ok: false, problems: reader.problems };
    }
    return { ok: true, yaml: { file, data: data ?? {}, lineOf: (path) => findLine(doc, path, lineAt) } };
}

/** Turns the document's nodes into plain data, node by node, recording what the dialect refuses. */
class NodeReader {
    readonly problems: Problem[] = [];
    private aliasNodes = 0;

    constructor(
        private readonly file: string,
        private readonly doc: Document,
        private readonly dialect: YamlDialect,
        private readonly lineAt: (node: Node | null | undefined) => number | undefined,
    ) {}

    read(node: ParsedNode | Node | null, path: KeyPath, viaAlias = false): unknown {
        if (node === null || node === undefined) {
            return null;
        }
        if (viaAlias && ++this.aliasNodes > MAX_ALIAS_NODES) {
            if (this.aliasNodes === MAX_ALIAS_NODES + 1) {
                this.problem(
                    node,
                    path,
                    `its aliases expand to more than ${MAX_ALIAS_NODES} nodes`,
                    "copy the shared part fewer times, or write it out",
                );
            }
            return null;
        }
        if (isAlias(node)) {
            const target = node.resolve(this.doc);
            // Every alias is a copy of its own: a higher values layer that changes it leaves the anchor alone.
            return target ? this.read(target, path, true) : null;
        }
        const tag = node.tag ? shortTag(node.tag) : undefined;
        if (tag === "!secret" && this.dialect !== "helm") {
            this.problem(
                node,
                path,
                "!secret is only read in values files",
                "reference secrets in the app's values files (tenants/<team>/<app>/values*.yaml)",
            );
            return null;
        }
        if (tag !== undefined && !KNOWN_TAGS[this.dialect].includes(tag)) {
            const known = KNOWN_TAGS[this.dialect];
            const suggestion = closest(tag, known);
            this.problem(
                node,
                path,
                `unknown tag ${tag}`,
                suggestion ? `did you mean ${suggestion}?` : `the tags read here are ${known.join(", ")}`,
            );
            return null;
        }
        if (isMap(node)) {
            return this.readMap(node.items as Pair<ParsedNode, ParsedNode | null>[], path, viaAlias);
        }
        if (isSeq(node)) {
            return (node.items as (ParsedNode | null)[]).map((item, i) => this.read(item, [...path, i], viaAlias));
        }
        return isScalar(node) ? this.readScalar(node, tag, path) : null;
    }

    private readScalar(node: Scalar, tag: string | undefined, path: KeyPath): unknown {
        if (tag === "!secret") {
            return secretRef(String(node.value).trim());
        }
        if (this.dialect === "config") {
            return node.value;
        }
        const text = String(node.value ?? "");
        if (tag === "!!str") {
            return text;
        }
        const plain = tag !== undefined || node.type === Scalar.PLAIN;
        if (!plain) {
            return text;
        }
        const resolved = resolvePlainScalar(text);
        if (resolved.kind === "unsupported") {
            this.problem(
                node,
                path,
                `${text} is not a number Helm can read (its values become JSON, which has no infinity or NaN)`,
                "write a finite number, or quote it as text",
            );
            return null;
        }
        const expected =
            tag === undefined
                ? undefined
                : ({ "!!int": "number", "!!float": "number", "!!bool": "bool", "!!null": "null" } as Record<string, string>)[tag];
        if (tag !== undefined && expected !== undefined && resolved.kind !== expected) {
            const kind = { "!!int": "an integer", "!!float": "a number", "!!bool": "a boolean", "!!null": "null" }[tag as "!!int"];
            this.problem(node, path, `${tag} ${JSON.stringify(text)} is not ${kind}`, `write ${kind}, or drop the tag`);
            return null;
        }
        return resolved.value;
    }

    /**
     * A map, with YAML merge keys (`<<: *defaults`) expanded as Helm does: a merge sets its keys over
     * the ones written before it, the keys written after it win, and in a list of merges the first wins.
     */
    private readMap(pairs: Pair<ParsedNode, ParsedNode | null>[], path: KeyPath, viaAlias: boolean): Record<string, unknown> {
        const out: Record<string, unknown> = {};
        const seen = new Map<string, ParsedNode>();
        for (const pair of pairs) {
            const keyNode = pair.key;
            if (isScalar(keyNode) && keyNode.type === Scalar.PLAIN && keyNode.value === "<<" && !keyNode.tag) {
                this.merge(out, pair.value, [...path, "<<"]);
                continue;
            }
            const key = this.keyOf(keyNode, path);
            if (key === undefined) {
                continue;
            }
            const first = seen.get(key);
            if (first && !viaAlias) {
                this.problem(
                    keyNode,
                    [...path, key],
                    `duplicate key "${key}" (also on line ${this.lineAt(first)})`,
                    "keep one: tools disagree on which of the two wins",
                );
            }
            seen.set(key, keyNode as ParsedNode);
            setKey(out, key, this.read(pair.value, [...path, key], viaAlias));
        }
        return out;
    }

    private merge(out: Record<string, unknown>, source: ParsedNode | null, path: KeyPath): void {
        const sources = source && isSeq(source) ? [...(source.items as ParsedNode[])].reverse() : [source];
        for (const item of sources) {
            const merged = this.read(item, path, true);
            if (merged === null || typeof merged !== "object" || Array.isArray(merged)) {
                this.problem(
                    item,
                    path,
                    "a merge key (<<) takes a map, an alias of one, or a list of them",
                    "point << at an anchored map: <<: *defaults",
                );
                continue;
            }
            for (const [k, v] of Object.entries(merged)) {
                setKey(out, k, v);
            }
        }
    }

    /** The key as Helm (or, for config files, YAML 1.2) reads it; a key it would read as something else is refused. */
    private keyOf(keyNode: ParsedNode | null, path: KeyPath): string | undefined {
        if (!isScalar(keyNode)) {
            this.problem(keyNode, path, "a map key is not a plain value", "write the key as text");
            return undefined;
        }
        const text = String(keyNode.value ?? "");
        if (
            keyNode.value === null ||
            (this.dialect === "helm" && keyNode.type === Scalar.PLAIN && resolvePlainScalar(text).kind === "null")
        ) {
            this.problem(keyNode, path, "a map key is null", "give the key a name; Helm refuses null keys");
            return undefined;
        }
        if (this.dialect === "helm" && keyNode.type === Scalar.PLAIN && !keyNode.tag) {
            const resolved = resolvePlainScalar(text);
            const asHelm =
                resolved.kind === "number" && resolved.integer
                    ? String(resolved.value)
                    : resolved.kind === "bool"
                      ? String(resolved.value)
                      : resolved.kind === "string"
                        ? text
                        : undefined;
            if (asHelm !== text) {
                this.problem(
                    keyNode,
                    [...path, text],
                    `Helm reads the key ${text} as ${asHelm === undefined ? `the number ${String(resolved.value)}` : JSON.stringify(asHelm)}`,
                    `quote it ("${text}") if you mean the text`,
                );
                return undefined;
            }
        }
        return text;
    }

    private problem(node: Node | null | undefined, path: KeyPath, message: string, hint: string): void {
        this.problems.push({ file: this.file, line: this.lineAt(node), path: formatKeyPath(path), message, hint });
    }
}

/** Sets an own property, even `__proto__`, which plain assignment would misread. */
function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
    if (key === "__proto__") {
        Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
    } else {
        target[key] = value;
    }
}

function findLine(doc: Document, path: KeyPath, lineAt: (node: Node | null | undefined) => number | undefined): number | undefined {
    let node: unknown = doc.contents;
    let line = lineAt(doc.contents as Node | null);
    for (const segment of path) {
        if (isMap(node)) {
            const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
            if (!pair) {
                break;
            }
            line = lineAt(pair.key as Node) ?? line;
            node = pair.value;
        } else if (isSeq(node) && typeof segment === "number" && segment < node.items.length) {
            node = node.items[segment];
            line = lineAt(node as Node) ?? line;
        } else {
            break;
        }
    }
    return line;
}

/**
 * The parser's message without its position suffix (" at line 4, column 3:" and the snippet after it):
 * the line is the problem's own, the column is kept in words.
 */
function firstLine(message: string): string {
    const first = message.split("\n")[0].trim();
    const position = / at line \d+, column (\d+):?$/.exec(first);
    return position ? `${first.slice(0, position.index)} (column ${position[1]})` : first.replace(/:$/, "");
}
