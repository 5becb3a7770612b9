import { Document, Scalar, visit } from "yaml";
import { readsAsString } from "../yaml/helmScalars";
import { sortKeys, type Values } from "./merge";

/**
 * A values document as YAML that Helm reads back as exactly these values: keys sorted, and every
 * string that Helm (YAML 1.1 through go-yaml v2) would read as something else quoted, such as `yes`,
 * `on`, `010`, `0o17`, `1_000` or `~`.
 */
export function stringifyForHelm(values: Values): string {
    const doc = new Document(sortKeys(values));
    // Keys are scalars too, so they are quoted the same way.
    visit(doc, {
        Scalar(_key, node: Scalar) {
            if (typeof node.value === "string" && !readsAsString(node.value)) {
                node.type = Scalar.QUOTE_DOUBLE;
            }
        },
    });
    return doc.toString({ lineWidth: 0 });
}
