import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type ScalarTag } from "yaml";
import { secretRef } from "../values/secrets";
import type { KeyPath } from "../keyPath";
import type { Problem } from "../problems";

/** A parsed YAML file that still knows where each key was written. */
export interface YamlFile {
    /** Repo-relative path, as shown in problems and provenance. */
    readonly file: string;
    /** The plain data (maps, arrays, scalars). */
    readonly data: unknown;
    /** 1-based line of the key at `path`, or of its nearest ancestor that exists. */
    lineOf(path: KeyPath): number | undefined;
}

export type ParseResult = { readonly ok: true; readonly yaml: YamlFile } | { readonly ok: false; readonly problems: Problem[] };

/**
 * Parses one YAML file. Syntax errors (and duplicate keys, which YAML forbids) become problems
 * with their line, never exceptions, so that every broken file is reported in one run.
 */
export function parseYamlFile(file: string, text: string): ParseResult {
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true, customTags: [SECRET_TAG] });
    if (doc.errors.length > 0) {
        return {
            ok: false,
            problems: doc.errors.map((e) => ({
                file,
                line: e.linePos?.[0]?.line,
                path: "",
                message: `YAML syntax error: ${firstLine(e.message)}`,
                hint: "fix the YAML syntax (indentation, quoting, a missing ':'); a YAML linter shows the exact spot",
            })),
        };
    }
    const lineAt = (node: Node | null | undefined): number | undefined =>
        node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
    return {
        ok: true,
        yaml: {
            file,
            data: doc.toJS({ maxAliasCount: 100 }) ?? {},
            lineOf: (path) => findLine(doc, path, lineAt),
        },
    };
}

/** `!secret <name>`: a reference to `helm-platform:secrets.<name>`, never the secret itself. */
const SECRET_TAG: ScalarTag = {
    tag: "!secret",
    resolve: (name: string) => secretRef(name.trim()),
};

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

function firstLine(message: string): string {
    return message.split("\n")[0].trim();
}
