import * as assert from "node:assert/strict";
import type { Values } from "../../../core/values/merge";
import { stringifyForHelm } from "../../../core/values/writeValues";
import { parseYamlFile } from "../../../core/yaml/yamlFile";

/** The values Helm reads back from the text (the project's reader of values files, which the Helm comparison tests hold to Helm). */
function readBack(text: string): unknown {
    const parsed = parseYamlFile("values.yaml", text, "helm");
    assert.ok(parsed.ok, text);
    return parsed.yaml.data;
}

/** Text a YAML 1.1 reader takes for a null, a boolean or a number when written plain. */
const NOT_TEXT_TO_HELM = ["yes", "No", "on", "OFF", "y", "N", "~", "", "null", "010", "0o17", "0x1F", "0b101", "1_000", "08", ".5", "+12"];

describe("stringifyForHelm", () => {
    it("GIVEN keys in any order THEN they are sorted at every depth", () => {
        assert.equal(stringifyForHelm({ b: 1, a: { d: 1, c: 2 } }), "a:\n  c: 2\n  d: 1\nb: 1\n");
    });

    for (const text of NOT_TEXT_TO_HELM) {
        it(`GIVEN the string ${JSON.stringify(text)} THEN it is double-quoted, as a value and as a key, and Helm reads it back as that string`, () => {
            const values = { k: text, [text]: "v" };
            const written = stringifyForHelm(values);
            assert.match(written, new RegExp(`^k: ${JSON.stringify(text).replace(/[.+]/g, "\\$&")}$`, "m"));
            assert.match(written, new RegExp(`^${JSON.stringify(text).replace(/[.+]/g, "\\$&")}: v$`, "m"));
            assert.deepStrictEqual(readBack(written), values);
        });
    }

    it("GIVEN strings Helm reads as the same text THEN they stay plain", () => {
        assert.equal(
            stringifyForHelm({ date: "2001-12-14", tag: "latest", version: "v1.2.3" }),
            "date: 2001-12-14\ntag: latest\nversion: v1.2.3\n",
        );
    });

    it("GIVEN numbers, booleans and null THEN they are written as such and read back typed", () => {
        const values: Values = { n: 3.5, i: 8, t: true, f: false, z: null, list: [1, "1", true, "true"] };
        const written = stringifyForHelm(values);
        assert.match(written, /^i: 8$/m);
        assert.match(written, /^t: true$/m);
        assert.match(written, /^z: null$/m);
        assert.deepStrictEqual(readBack(written), values);
    });

    it("GIVEN a long text with spaces THEN it stays on one line", () => {
        const long = Array.from({ length: 60 }, (_, i) => `word${i}`).join(" ");
        assert.equal(stringifyForHelm({ long }), `long: ${long}\n`);
    });

    it("GIVEN a tenant's text with a line break, a colon and a comment sign THEN Helm reads it back unchanged", () => {
        const values = { description: "a: b # not a comment\n- not: a list", nested: { "key: with colon": "x" } };
        assert.deepStrictEqual(readBack(stringifyForHelm(values)), values);
    });
});
