/**
 * Values files of the kind Helm users write, generated for property tests: nested maps and lists,
 * scalars of every YAML 1.1 kind written plainly or quoted, anchors and aliases, merge keys before and
 * after the keys they feed, keys with dots and odd characters. Built as text, so the files are what a
 * person would type, not what a serialiser would choose.
 */
import fc from "fast-check";

type Node =
    | { readonly kind: "scalar"; readonly token: string }
    | { readonly kind: "map"; readonly entries: readonly (readonly [string, Node])[] }
    | { readonly kind: "seq"; readonly items: readonly Node[] };

/** Plain scalars whose reading differs between YAML 1.1 and 1.2, or between Go and the spec. */
const PLAIN_TOKENS = [
    "yes",
    "no",
    "on",
    "off",
    "y",
    "n",
    "Y",
    "N",
    "Yes",
    "OFF",
    "true",
    "False",
    "TRUE",
    "~",
    "null",
    "NULL",
    "010",
    "007",
    "08",
    "09.5",
    "0o17",
    "0O17",
    "0x1F",
    "0X1f",
    "0b101",
    "-0b11",
    "+12",
    "-12",
    "1_000",
    "1_000.5",
    "1e3",
    "1E3",
    "1.5e-3",
    ".5",
    "-.5",
    "1.",
    "1e400",
    "0",
    "-0",
    "3.14",
    "12345678901234567890",
    "9007199254740993",
    "0xFFFFFFFFFFFFFFFF",
    "2001-12-14",
    "2001-12-14t21:59:43.10-05:00",
    "190:20:30",
    "abc",
    "hello_world",
    "a.b.c",
    "v1.2.3",
    "1.2.3",
    "+",
    "0x",
    "_1",
];

/** Quoted scalars: always text, whatever they look like. */
const QUOTED_TOKENS = [
    '"yes"',
    "'010'",
    '"~"',
    '"null"',
    '""',
    "''",
    '"a: b"',
    '"#not a comment"',
    '"line\\nbreak"',
    "'it''s'",
    '"1e3"',
    '"0x1F"',
    '"ümlaut"',
];

/** Keys: a small pool so layers collide, some needing quotes. */
const KEYS = [
    "a",
    "b",
    "c",
    "image",
    "tag",
    "x1",
    '"a.b"',
    '"with space"',
    '"ümlaut"',
    "'single'",
    '"__proto__"',
    "1",
    "42",
    "snake_case",
    "kebab-case",
];

const scalar: fc.Arbitrary<Node> = fc.oneof(
    fc.constantFrom(...PLAIN_TOKENS, ...QUOTED_TOKENS).map((token) => ({ kind: "scalar" as const, token })),
    fc.integer({ min: -1_000_000, max: 1_000_000 }).map((n) => ({ kind: "scalar" as const, token: String(n) })),
    fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }).map((n) => ({ kind: "scalar" as const, token: String(n) })),
    fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/).map((token) => ({ kind: "scalar" as const, token })),
    fc.constant({ kind: "scalar" as const, token: "" }),
);

const tree = fc.letrec<{ node: Node; map: Node; seq: Node }>((tie) => ({
    node: fc.oneof({ depthSize: "small", withCrossShrink: true }, scalar, tie("map"), tie("seq")),
    map: fc
        .uniqueArray(fc.tuple(fc.constantFrom(...KEYS), tie("node")), { maxLength: 5, selector: ([k]) => unquote(k) })
        .map((entries) => ({ kind: "map" as const, entries })),
    seq: fc.array(tie("node"), { maxLength: 4 }).map((items) => ({ kind: "seq" as const, items })),
}));

/** A top-level values document: a map. */
const document = fc.uniqueArray(fc.tuple(fc.constantFrom(...KEYS), tree.node), {
    minLength: 1,
    maxLength: 6,
    selector: ([k]) => unquote(k),
});

function unquote(key: string): string {
    return key.startsWith('"') || key.startsWith("'") ? key.slice(1, -1) : key;
}

/**
 * Emits a document as block YAML. `choices` decide, deterministically, where anchors go, which
 * later values become aliases of anchored nodes, and where merge keys are added and whether before or
 * after a map's own keys. Only nodes already complete are aliased, so no alias reaches its ancestor.
 */
function emit(entries: readonly (readonly [string, Node])[], choices: readonly number[]): string {
    let next = 0;
    const choose = (n: number) => (choices.length === 0 ? 0 : choices[next++ % choices.length] % n);
    const anchors: { name: string; map: boolean }[] = [];
    const lines: string[] = [];
    const pad = (indent: number) => " ".repeat(indent);

    const value = (node: Node, indent: number, prefix: string) => {
        const anchored = anchors.length > 0 && choose(5) === 0 ? anchors[choose(anchors.length)] : undefined;
        if (anchored && node.kind === "scalar") {
            lines.push(`${prefix} *${anchored.name}`);
            return;
        }
        if (node.kind === "scalar") {
            lines.push(node.token === "" ? prefix : `${prefix} ${node.token}`);
            return;
        }
        const anchor = choose(3) === 0 ? `a${anchors.length + lines.length}` : undefined;
        const tag = anchor ? ` &${anchor}` : "";
        if (node.kind === "seq") {
            if (node.items.length === 0) {
                lines.push(`${prefix}${tag} []`);
            } else {
                lines.push(`${prefix}${tag}`);
                for (const item of node.items) {
                    value(item, indent + 2, `${pad(indent + 2)}-`);
                }
            }
        } else {
            const maps = anchors.filter((a) => a.map);
            const merge = maps.length > 0 && choose(4) === 0 ? `${pad(indent + 2)}<<: *${maps[choose(maps.length)].name}` : undefined;
            if (node.entries.length === 0 && !merge) {
                lines.push(`${prefix}${tag} {}`);
            } else {
                lines.push(`${prefix}${tag}`);
                const mergeFirst = choose(2) === 0;
                if (merge && mergeFirst) {
                    lines.push(merge);
                }
                for (const [k, v] of node.entries) {
                    value(v, indent + 2, `${pad(indent + 2)}${k}:`);
                }
                if (merge && !mergeFirst) {
                    lines.push(merge);
                }
            }
        }
        if (anchor) {
            anchors.push({ name: anchor, map: node.kind === "map" });
        }
    };
    for (const [k, v] of entries) {
        value(v, 0, `${k}:`);
    }
    return `${lines.join("\n")}\n`;
}

/** Two to four values files that overlap, as text. */
export const valuesLayers: fc.Arbitrary<string[]> = fc
    .array(fc.tuple(document, fc.array(fc.nat(), { minLength: 1, maxLength: 16 })), { minLength: 2, maxLength: 4 })
    .map((docs) => docs.map(([entries, choices]) => emit(entries, choices)));
