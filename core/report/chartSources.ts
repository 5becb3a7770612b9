import { chartKey, parseChartReference } from "../base/chartPaths";
import { releasePath } from "../model/stackModel";
import { allReleases, chartNameOf, type Plan, type PlanRelease } from "./planTypes";

/**
 * Why a release was not rendered when its chart version is neither under `charts/` nor in the chart
 * cache: what `plan.json`'s `manifests` says of it (after `not rendered: `).
 */
export const noChartSource = (r: Pick<PlanRelease, "chart" | "version">): string =>
    `chart ${chartNameOf(r)}@${r.version} is not under charts/ nor in the chart cache`;

/** A chart version some releases install that the plan had no source for, and the stacks that install it. */
export interface SourcelessChart {
    /** `<owner>/<chart>@<version>` for a chart of the registry, `<chart>@<version>` for one from a public repository. */
    readonly chart: string;
    readonly stacks: readonly string[];
}

/** Every chart version the plans could not render for want of its source, once, in the order first met. */
export function chartsWithoutSource(plans: readonly Plan[]): SourcelessChart[] {
    const found = new Map<string, Set<string>>();
    for (const plan of plans) {
        for (const r of allReleases(plan)) {
            if (plan.manifests?.[releasePath(r)] === `not rendered: ${noChartSource(r)}`) {
                const id = parseChartReference(r.chart);
                const chart = `${id ? chartKey(id) : r.chart}@${r.version}`;
                found.set(chart, (found.get(chart) ?? new Set()).add(plan.stack));
            }
        }
    }
    return [...found].map(([chart, stacks]) => ({ chart, stacks: [...stacks] }));
}

/** What makes such a chart render: its source in the repository, or its published package in a chart cache. */
export const CHART_SOURCE_FIX =
    "add a team chart's source under charts/<team>/<chart>/<version>/, or publish it; a published chart renders from a " +
    "folder of packages: helm pull <chart> --version <version> -d <dir>, then npm run plan -- --chart-cache <dir>";

/** The plan's one line on them for a terminal, or none. */
export function chartSourceLine(charts: readonly SourcelessChart[]): string | undefined {
    if (charts.length === 0) {
        return undefined;
    }
    const listed = charts.map((c) => `${c.chart} (${c.stacks.join(", ")})`).join(", ");
    return `Not rendered, no chart source here: ${listed}: ${CHART_SOURCE_FIX}.`;
}
