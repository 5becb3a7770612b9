import { formatKeyPath, type KeyPath } from "../keyPath";
import type { Problem } from "../problems";

/** What the needs check reads from one tenant file. */
export interface NeedsSource {
    readonly team: string;
    readonly file: string;
    lineOf(path: KeyPath): number | undefined;
    /** app → its `needs` as written (`<app>` or `<team>/<app>`). */
    readonly needs: Readonly<Record<string, readonly string[]>>;
}

/** `<team>/<app>` of a need written in `team`'s file. */
export const qualify = (team: string, need: string) => (need.includes("/") ? need : `${team}/${need}`);

/** The release a `<team>/<app>` becomes. */
export const releaseNameOf = (qualified: string) => qualified.replace("/", "-");

/**
 * Every need must name a declared app, and the needs must not form a cycle (Pulumi would wait forever,
 * Helm would never start). Checked across all tenant files, whatever the environment.
 */
export function checkNeeds(sources: readonly NeedsSource[]): Problem[] {
    const problems: Problem[] = [];
    const declared = new Set(sources.flatMap((s) => Object.keys(s.needs).map((app) => `${s.team}/${app}`)));
    const graph = new Map<string, string[]>();
    for (const s of sources) {
        for (const [app, needs] of Object.entries(s.needs)) {
            graph.set(`${s.team}/${app}`, needs.map((n) => qualify(s.team, n)));
            needs.forEach((need, i) => {
                const target = qualify(s.team, need);
                if (!declared.has(target)) {
                    const path = ["apps", app, "needs", i];
                    problems.push({ file: s.file, line: s.lineOf(path), path: formatKeyPath(path), message: `needs "${need}", which no tenant file declares`, hint: "name an app as <app> (same team) or <team>/<app>" });
                } else if (target === `${s.team}/${app}`) {
                    const path = ["apps", app, "needs", i];
                    problems.push({ file: s.file, line: s.lineOf(path), path: formatKeyPath(path), message: "an app cannot need itself" });
                }
            });
        }
    }
    for (const cycle of findCycles(graph)) {
        const [team, app] = cycle[0].split("/");
        const source = sources.find((s) => s.team === team) as NeedsSource;
        const path = ["apps", app, "needs"];
        problems.push({ file: source.file, line: source.lineOf(path), path: formatKeyPath(path), message: `needs form a cycle: ${[...cycle, cycle[0]].join(" -> ")}`, hint: "remove one of the needs" });
    }
    return problems;
}

/** Each elementary cycle once (longer than one node), starting at its smallest node. */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
    const cycles = new Map<string, string[]>();
    const visit = (node: string, stack: string[]) => {
        const at = stack.indexOf(node);
        if (at >= 0) {
            const cycle = stack.slice(at);
            if (cycle.length > 1) {
                const start = cycle.indexOf([...cycle].sort()[0]);
                const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
                cycles.set(rotated.join(" "), rotated);
            }
            return;
        }
        for (const next of graph.get(node) ?? []) {
            visit(next, [...stack, node]);
        }
    };
    for (const node of [...graph.keys()].sort()) {
        visit(node, []);
    }
    return [...cycles.values()];
}

/** Releases of one cluster ordered so that every release comes after what it needs (needs are acyclic). */
export function orderByNeeds<R extends { readonly name: string; readonly needs: readonly string[] }>(releases: readonly R[]): R[] {
    const byName = new Map(releases.map((r) => [r.name, r]));
    const ordered: R[] = [];
    const placed = new Set<string>();
    const place = (r: R) => {
        if (placed.has(r.name)) {
            return;
        }
        placed.add(r.name);
        r.needs.forEach((n) => byName.has(n) && place(byName.get(n) as R));
        ordered.push(r);
    };
    releases.forEach(place);
    return ordered;
}
