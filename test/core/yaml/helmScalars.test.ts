import * as assert from "node:assert/strict";
import { type HelmScalar, parseGoInteger, readsAsString, resolvePlainScalar } from "../../../core/yaml/helmScalars";

const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

describe("parseGoInteger (strconv.ParseInt(s, 0, 64), then ParseUint)", () => {
    const read: [text: string, value: bigint][] = [
        ["0", 0n],
        ["42", 42n],
        ["+7", 7n],
        ["-7", -7n],
        ["017", 15n],
        ["0o17", 15n],
        ["0O17", 15n],
        ["0x1f", 31n],
        ["0XFF", 255n],
        ["0b101", 5n],
        ["-0x10", -16n],
        ["9223372036854775807", INT64_MAX],
        ["-9223372036854775808", -(2n ** 63n)],
        // Past int64, ParseUint still reads it, up to uint64.
        ["9223372036854775808", 2n ** 63n],
        ["18446744073709551615", UINT64_MAX],
    ];
    for (const [text, value] of read) {
        it(`GIVEN ${text} THEN it is the integer ${value}`, () => {
            assert.equal(parseGoInteger(text), value);
        });
    }

    const unread: [text: string, why: string][] = [
        ["18446744073709551616", "past uint64"],
        ["-9223372036854775809", "below int64"],
        ["+9223372036854775808", "past int64 with a sign, which ParseUint refuses"],
        ["089", "a leading 0 is octal, and 8 is no octal digit"],
        ["0b2", "2 is no binary digit"],
        ["0x", "a prefix with no digits"],
        ["1_000", "underscores (go-yaml takes them out before)"],
        ["1.0", "a float"],
        [" 1", "a space"],
        ["", "nothing"],
    ];
    it("GIVEN what Go reads as no 64-bit integer THEN there is none", () => {
        assert.deepEqual(
            unread.filter(([text]) => parseGoInteger(text) !== undefined).map(([text, why]) => `${text}: ${why}`),
            [],
        );
    });
});

describe("resolvePlainScalar (what Helm makes of an unquoted scalar)", () => {
    const string = (value: string): HelmScalar => ({ kind: "string", value });
    const int = (value: number): HelmScalar => ({ kind: "number", value, integer: true });
    const float = (value: number): HelmScalar => ({ kind: "number", value, integer: false });
    const cases: [text: string, read: HelmScalar, why: string][] = [
        ["", { kind: "null", value: null }, "an empty value"],
        ["~", { kind: "null", value: null }, "YAML 1.1 null"],
        ["NULL", { kind: "null", value: null }, "null in capitals"],
        ["nULL", string("nULL"), "null only in its three spellings"],
        ["yes", { kind: "bool", value: true }, "YAML 1.1 boolean"],
        ["Y", { kind: "bool", value: true }, "a single letter is a boolean in YAML 1.1"],
        ["ON", { kind: "bool", value: true }, "on in capitals"],
        ["No", { kind: "bool", value: false }, "YAML 1.1 boolean"],
        ["off", { kind: "bool", value: false }, "YAML 1.1 boolean"],
        ["yEs", string("yEs"), "booleans only in their three spellings"],
        [".inf", { kind: "unsupported", value: ".inf" }, "JSON has no infinity"],
        ["-.Inf", { kind: "unsupported", value: "-.Inf" }, "JSON has no infinity"],
        [".NaN", { kind: "unsupported", value: ".NaN" }, "JSON has no NaN"],
        ["010", int(8), "a leading 0 is octal"],
        ["0o17", int(15), "Go's octal prefix"],
        ["0x1F", int(31), "hexadecimal"],
        ["0b101", int(5), "binary"],
        ["-0b11", int(-3), "a signed binary"],
        ["+12", int(12), "a plus sign"],
        ["1_000", int(1000), "underscores are dropped"],
        // biome-ignore lint/correctness/noPrecisionLoss: Helm reads this integer as the nearest float, as JavaScript does.
        ["12345678901234567890", int(12345678901234567890), "past int64, read by ParseUint"],
        ["08", float(8), "no octal, so a float"],
        ["1_000.5", float(1000.5), "underscores in a float"],
        ["1e3", float(1000), "an exponent"],
        ["1.", float(1), "a trailing dot"],
        [".5", float(0.5), "a leading dot"],
        ["+.5e1", float(5), "a signed float with a leading dot"],
        ["1e400", string("1e400"), "a float that overflows stays text"],
        [".5e999", string(".5e999"), "a leading-dot float that overflows stays text"],
        [".", string("."), "a dot alone"],
        [".x", string(".x"), "a dot and a letter"],
        ["-", string("-"), "a sign alone"],
        ["0x", string("0x"), "a prefix with no digits"],
        ["1e", string("1e"), "an exponent with no digits"],
        ["0.1.2", string("0.1.2"), "two dots"],
        ["2001-12-14", string("2001-12-14"), "go-yaml v2 keeps dates as text"],
        ["190:20:30", string("190:20:30"), "no sexagesimal numbers"],
        ["v1.2.3", string("v1.2.3"), "a version with a v"],
        ["_1", string("_1"), "an underscore first"],
    ];
    for (const [text, read, why] of cases) {
        it(`GIVEN ${JSON.stringify(text)} (${why}) THEN it is ${read.kind} ${JSON.stringify(read.value)}`, () => {
            assert.deepStrictEqual(resolvePlainScalar(text), read);
        });
    }
});

describe("readsAsString", () => {
    it("GIVEN text Helm keeps as it is THEN it needs no quotes", () => {
        const plain = ["latest", "v1.2.3", "2001-12-14", "1e400", "nULL", "a b"];
        assert.deepEqual(
            plain.filter((t) => !readsAsString(t)),
            [],
        );
    });

    it("GIVEN text Helm would read as a null, a boolean, a number or refuse THEN it must be quoted", () => {
        const quoted = ["", "~", "yes", "on", "n", "010", "0o17", "1_000", "1.0", ".5", ".inf"];
        assert.deepEqual(
            quoted.filter((t) => readsAsString(t)),
            [],
        );
    });
});
