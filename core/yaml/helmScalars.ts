/**
 * How Helm reads an unquoted scalar in a values file. Helm parses values with go-yaml v2 (YAML 1.1
 * scalars) and converts them to JSON, so a plain `yes` is `true`, `010` is 8, `0b101` is 5, `1_000` is
 * 1000, a date stays the text it is, and `.inf` or `.nan` cannot be read at all. This module says the
 * same, written from go-yaml v2's resolution rules and checked against the real Helm binary by the tests.
 * @see https://yaml.org/type/bool.html
 * @see https://yaml.org/type/int.html
 */

export type HelmScalar =
    | { readonly kind: "string"; readonly value: string }
    | { readonly kind: "number"; readonly value: number; readonly integer: boolean }
    | { readonly kind: "bool"; readonly value: boolean }
    | { readonly kind: "null"; readonly value: null }
    /** A value Helm refuses (its JSON conversion has no infinity or NaN). */
    | { readonly kind: "unsupported"; readonly value: string };

const TRUE = new Set(["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"]);
const FALSE = new Set(["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"]);
const NULL = new Set(["", "~", "null", "Null", "NULL"]);
const NOT_FINITE = new Set([".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF"]);

/** The float syntax go-yaml v2 accepts (stricter than YAML 1.1's). */
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/**
 * An integer as Go's `strconv.ParseInt(s, 0, 64)` (or, failing that, `ParseUint`) reads it: an optional
 * sign, then `0b`/`0o`/`0x` or a leading `0` (octal) or decimal digits; undefined when it reads none.
 */
export function parseGoInteger(text: string): bigint | undefined {
    const match = /^([+-]?)(0[bB][01]+|0[oO][0-7]+|0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
    if (!match) {
        return undefined;
    }
    const [, sign, digits] = match;
    const lower = digits.toLowerCase();
    const magnitude =
        lower.startsWith("0b") || lower.startsWith("0o") || lower.startsWith("0x")
            ? BigInt(lower)
            : lower.length > 1 && lower.startsWith("0")
              ? BigInt(`0o${lower.slice(1)}`)
              : BigInt(lower);
    const value = sign === "-" ? -magnitude : magnitude;
    if (value >= INT64_MIN && value <= INT64_MAX) {
        return value;
    }
    // ParseUint takes no sign at all.
    return sign === "" && value <= UINT64_MAX ? value : undefined;
}

/** What Helm makes of a plain (unquoted, untagged) scalar. */
export function resolvePlainScalar(text: string): HelmScalar {
    if (NULL.has(text)) {
        return { kind: "null", value: null };
    }
    if (TRUE.has(text)) {
        return { kind: "bool", value: true };
    }
    if (FALSE.has(text)) {
        return { kind: "bool", value: false };
    }
    if (NOT_FINITE.has(text)) {
        return { kind: "unsupported", value: text };
    }
    const first = text[0];
    if (first === ".") {
        return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(text) ? finite(Number(text), text, false) : { kind: "string", value: text };
    }
    if (!/[-+0-9]/.test(first)) {
        return { kind: "string", value: text };
    }
    const plain = text.replace(/_/g, "");
    const integer = parseGoInteger(plain);
    if (integer !== undefined) {
        return { kind: "number", value: Number(integer), integer: true };
    }
    return YAML_STYLE_FLOAT.test(plain) ? finite(Number(plain), text, false) : { kind: "string", value: text };
}

/** Go's ParseFloat fails on overflow, and go-yaml then keeps the text. */
function finite(value: number, text: string, integer: boolean): HelmScalar {
    return Number.isFinite(value) ? { kind: "number", value, integer } : { kind: "string", value: text };
}

/** Whether Helm reads `text`, written unquoted, as exactly that string. */
export const readsAsString = (text: string): boolean => {
    const r = resolvePlainScalar(text);
    return r.kind === "string" && r.value === text;
};
