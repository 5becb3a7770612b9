import { chartKey, chartOf } from "../base/chartPaths";
import { type Problem, problemAt } from "../base/problems";
import type { TenantFile } from "../config/tenantFiles";
import type { TeamAllowance } from "../model/allowances";
import { askFor } from "./allowances";

/**
 * Another team's chart (`chart: <team>/<chart>`) in an app that runs in this environment, unless the
 * team's allowance lists it (`charts: [<team>/<chart>]`): a chart is code its owner publishes, so
 * installing it trusts that team, which is the platform's call. A team's own charts need nothing.
 */
export function checkForeignCharts(tenant: TenantFile, allowance: TeamAllowance, environment: string): Problem[] {
    const { data } = tenant;
    const allowed = new Set(allowance.entries.flatMap((e) => e.charts ?? []));
    return Object.entries(data.apps).flatMap(([app, spec]) => {
        const chart = chartOf(data.team, spec.chart);
        if (spec.versions[environment] === undefined || chart.owner === data.team || allowed.has(chartKey(chart))) {
            return [];
        }
        return [
            problemAt(
                tenant.yaml,
                ["apps", app, "chart"],
                `app ${app} installs team ${chart.owner}'s chart ${chart.chart}, which team ${data.team} is not allowed to use in ${environment}`,
                askFor(allowance, environment, `charts: [${chartKey(chart)}]`),
            ),
        ];
    });
}
