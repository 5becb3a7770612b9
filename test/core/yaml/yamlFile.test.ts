import * as assert from "node:assert/strict";
import { mergeValues, type Values } from "../../../core/values/merge";
import { secretRef } from "../../../core/values/secrets";
import { type ParseResult, parseYamlFile } from "../../../core/yaml/yamlFile";
import { bigValuesFile } from "../../../scripts/benchValues";

const data = (result: ParseResult) => {
    assert.ok(result.ok, result.ok ? "" : result.problems.map((p) => p.message).join("\n"));
    return result.yaml.data as Values;
};
const helm = (text: string) => parseYamlFile("values.yaml", text, "helm");
const problems = (result: ParseResult) => (result.ok ? [] : result.problems);

describe("reading values files as Helm does", () => {
    const cases: [string, unknown][] = [
        ["yes", true],
        ["No", false],
        ["on", true],
        ["OFF", false],
        ["y", true],
        ["n", false],
        ["~", null],
        ["", null],
        ["010", 8],
        ["0o17", 15],
        ["0x1F", 31],
        ["0b101", 5],
        ["-0b11", -3],
        ["1_000", 1000],
        ["1_000.5", 1000.5],
        ["+12", 12],
        ["08", 8],
        ["1e3", 1000],
        [".5", 0.5],
        ["1.", 1],
        ["2001-12-14", "2001-12-14"],
        ["190:20:30", "190:20:30"],
        ["1e400", "1e400"],
        // biome-ignore lint/correctness/noPrecisionLoss: Helm reads this integer as the nearest float, as JavaScript does.
        ["12345678901234567890", 12345678901234567890],
        ["v1.2.3", "v1.2.3"],
        ["0x", "0x"],
        ["_1", "_1"],
    ];
    for (const [text, expected] of cases) {
        it(`reads plain ${JSON.stringify(text)} as ${JSON.stringify(expected)}`, () => {
            assert.deepStrictEqual(data(helm(`k: ${text}\n`)).k, expected);
        });
    }

    it("keeps quoted scalars as text and honours !!str", () => {
        assert.deepStrictEqual(data(helm(`a: "yes"\nb: '010'\nc: !!str on\nd: !!int "12"\n`)), { a: "yes", b: "010", c: "on", d: 12 });
    });

    it("copies every alias: a higher layer changing the copy leaves the anchor alone", () => {
        const lower = data(helm("top:\n  base: &b {x: 1, deep: {z: 1}}\n  copy: *b\n"));
        const higher = data(helm("top:\n  copy:\n    x: 2\n    deep: {z: 2}\n"));
        const merged = mergeValues([
            { source: "lower", values: lower },
            { source: "higher", values: higher },
        ]).values as { top: Record<string, { x: number; deep: { z: number } }> };
        assert.deepEqual(merged.top.base, { x: 1, deep: { z: 1 } });
        assert.deepEqual(merged.top.copy, { x: 2, deep: { z: 2 } });
    });

    it("expands merge keys as Helm does: a merge overrides keys before it, keys after it win, the first of a list wins", () => {
        const text =
            'd: &d {a: 1, b: 2}\no: &o {b: 20, c: 30}\nbefore: {<<: *d, a: 100}\nafter: {a: 100, <<: *d}\nlist: {<<: [*d, *o]}\nquoted: {"<<": 5}\n';
        const values = data(helm(text));
        assert.deepEqual(values.before, { a: 100, b: 2 });
        assert.deepEqual(values.after, { a: 1, b: 2 });
        assert.deepEqual(values.list, { a: 1, b: 2, c: 30 });
        assert.deepEqual(values.quoted, { "<<": 5 });
    });

    it("reads !secret as a reference, and only in values files", () => {
        assert.equal(data(helm("password: !secret db\n")).password, secretRef("db"));
        const [p] = problems(parseYamlFile("tenants/fintech.yaml", "description: !secret db\n"));
        assert.match(p.message, /!secret is only read in values files/);
    });
});

describe("refusing what is ambiguous, with file, line and a fix", () => {
    const refused: [string, string, RegExp, number, RegExp][] = [
        ["a mistyped tag", "db:\n  password: !secrte name\n", /unknown tag !secrte/, 2, /did you mean !secret\?/],
        ["a duplicate key", "a: 1\nb: 2\na: 3\n", /duplicate key "a" \(also on line 1\)/, 3, /keep one/],
        ["a null key", "~: x\n", /a map key is null/, 1, /give the key a name/],
        ["several documents", "a: 1\n---\nb: 2\n", /holds more than one YAML document/, 2, /one document per file/],
        ["infinity", "scale: .inf\n", /\.inf is not a number Helm can read/, 1, /finite number/],
        ["a key Helm reads as a boolean", "node:\n  y: 2\n", /Helm reads the key y as "true"/, 2, /quote it \("y"\)/],
        ["a key Helm reads as another number", "ports:\n  010: http\n", /Helm reads the key 010 as "8"/, 2, /quote it/],
        ["a tag that does not fit", "count: !!int twelve\n", /!!int "twelve" is not an integer/, 1, /drop the tag/],
    ];
    for (const [what, text, message, line, hint] of refused) {
        it(`refuses ${what}`, () => {
            const found = problems(helm(text));
            assert.equal(found.length, 1, found.map((p) => p.message).join("\n"));
            assert.match(found[0].message, message);
            assert.equal(found[0].line, line);
            assert.match(found[0].hint, hint);
        });
    }

    it("stops an alias bomb instead of expanding it", () => {
        const levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"];
        for (let i = 1; i < 8; i++) {
            levels.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(", ")}]`);
        }
        const [p] = problems(helm(`${levels.join("\n")}\n`));
        assert.match(p.message, /aliases expand to more than 100000 nodes/);
    });
});

describe("reading very large values files", () => {
    it("GIVEN a values file of 70,000 keys THEN every key is read, the last one whole", () => {
        // What it costs at 70,000 and 700,000 keys is measured by npm run bench:values, not here.
        const values = data(helm(bigValuesFile(70_000)));
        assert.equal(Object.keys(values).length, 70_000);
        assert.equal(values.key69999, "value number 69999 with some padding text, as configuration files grow in practice");
    });
});

describe("YAML syntax errors", () => {
    it("GIVEN an unclosed flow sequence THEN the problem has the line, the column in words, and no dangling position", () => {
        const [p, ...rest] = problems(parseYamlFile("values.yaml", "replicaCount: 2\nimage: [\n", "helm"));
        assert.equal(rest.length, 0);
        assert.equal(p.line, 3);
        assert.match(p.message, /^YAML syntax error: .*end with a \] \(column 1\)$/);
    });
});
