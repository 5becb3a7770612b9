import * as assert from "node:assert/strict";
import type { PrometheusServer } from "./prometheus";

/** Grafana's side of a dashboard: its variables resolved and its queries filled in, as Grafana does. */
/** Grafana's `label_values(<selector>, <label>)`. */
const labelValuesQuery = (query: string) => {
    const m = /^label_values\((.*),\s*(\w+)\)$/s.exec(query);
    assert.ok(m, `not a label_values query: ${query}`);
    return { selector: m[1] as string, label: m[2] as string };
};
/** Grafana's substitution of a multi-value variable in a regex matcher: every value, escaped, as alternatives. */
export const substitute = (text: string, variables: ReadonlyMap<string, readonly string[]>) =>
    text.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced: string | undefined, bare: string | undefined) => {
        const values = variables.get((braced ?? bare) as string);
        return values ? `(${values.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, "\\\\$&")).join("|")})` : whole;
    });
export interface Dashboard {
    templating: { list: { name: string; type: string; query?: string }[] };
    panels: { title: string; targets: { expr: string }[] }[];
}
/** Resolves the variables in order, as Grafana does with "All" selected; returns each one's options. */
export const variablesOf = async (dashboard: Dashboard, prometheus: PrometheusServer) => {
    const variables = new Map<string, string[]>();
    for (const v of dashboard.templating.list) {
        if (v.type === "query") {
            const { selector, label } = labelValuesQuery(v.query ?? "");
            variables.set(v.name, (await prometheus.labelValues(label, substitute(selector, variables))).sort());
        } else if (v.type === "constant") {
            variables.set(v.name, [v.query ?? ""]);
        }
    }
    return variables;
};
