import * as assert from "node:assert/strict";
import { parser } from "@prometheus-io/lezer-promql";

/** Parses a PromQL expression with the Prometheus project's own grammar; returns its metric names. */
export function promql(expr: string): string[] {
    const tree = parser.parse(expr);
    const metrics: string[] = [];
    let error: number | undefined;
    tree.iterate({
        enter: (node) => {
            if (node.type.isError && error === undefined) {
                error = node.from;
            }
            if (node.name === "Identifier" && node.node.parent?.name === "VectorSelector") {
                metrics.push(expr.slice(node.from, node.to));
            }
        },
    });
    assert.equal(error, undefined, `PromQL does not parse at ${error}: ${expr}`);
    return metrics;
}
