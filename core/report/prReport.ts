import { cellCode, code, htmlText, mermaidLabel } from "../base/escape";
import { formatLocation } from "../base/problems";
import { counted } from "../base/words";
import { releasePath } from "../model/stackModel";
import { CHART_SOURCE_FIX, chartsWithoutSource } from "./chartSources";
import { countReleaseChanges, countResourceChanges, type PlanDiff, type ValueChange } from "./diff";
import { type StateMove, stateMoveCommands } from "./migration";
import { allReleases, type Plan } from "./planTypes";
import { formatVersionSkew, type VersionSkewEntry } from "./versionSkew";

/** Sections longer than this many rows are folded into `<details>`. */
const FOLD_AFTER = 10;
/** A namespace with more releases than this is one node in the diagram, with its count. */
const RELEASES_PER_NODE = 6;
/** Up to this many release edges, the diagram draws every release; beyond, it is no longer readable. */
const DIAGRAM_EDGES = 150;
/** Mermaid's own limit is 50,000 characters; this leaves room for its directives. */
const DIAGRAM_CHARACTERS = 40_000;

/** One stack's part of the report: its plan (and diff), or why it could not be planned. */
export type StackReport = { readonly stack: string } & (
    | { readonly plan: Plan; readonly diff?: PlanDiff; readonly problems?: undefined }
    | {
          readonly plan?: undefined;
          readonly diff?: undefined;
          readonly problems: readonly string[];
          /** How the stack stopped, as the program says it (the problems with their heading). */
          readonly stopped?: string;
      }
);

/**
 * A pull-request comment: per stack a summary table, the diff against the base, the findings and a
 * Mermaid diagram of the environment; then the chart versions across environments (their skew). Built to stay readable for
 * a platform of 50 teams: long lists fold, large namespaces collapse to counts.
 */
export function prReport(
    stacks: readonly StackReport[],
    versionSkew?: { entries: readonly VersionSkewEntry[]; environments: readonly string[] },
    moves: readonly StateMove[] = [],
): string {
    const out = ["# helm-platform plan", "", ...overview(stacks), "", ...chartSourceNote(stacks), ...movesSection(moves)];
    for (const s of stacks) {
        out.push(...(s.plan ? stackSection(s.plan, s.diff) : failedSection(s.stack, s.problems ?? [])), "");
    }
    if (versionSkew && versionSkew.entries.length > 0) {
        out.push(
            fold(
                "Chart versions across environments",
                formatVersionSkew(versionSkew.entries, versionSkew.environments).split("\n").slice(2).join("\n"),
                versionSkew.entries.length,
            ),
            "",
        );
    }
    return `${out.join("\n").trimEnd()}\n`;
}

/** The chart versions no release of these plans could be rendered for, for want of a source: one line, once. */
function chartSourceNote(stacks: readonly StackReport[]): string[] {
    const charts = chartsWithoutSource(stacks.flatMap((s) => (s.plan ? [s.plan] : [])));
    if (charts.length === 0) {
        return [];
    }
    const listed = charts.map((c) => `${code(c.chart)} (${c.stacks.join(", ")})`).join(", ");
    return [`**Not rendered**, no chart source here: ${listed}: ${CHART_SOURCE_FIX}.`, ""];
}

/**
 * Resources that move between stacks: said as moved (not removed and added), with the state moves that
 * keep them, which run before the deploy.
 */
function movesSection(moves: readonly StateMove[]): string[] {
    if (moves.length === 0) {
        return [];
    }
    const rows = moves.map((m) => `| \`${m.from}\` | \`${m.to}\` | ${m.resources.length} | ${m.roots.length} |`);
    return [
        "## Moved between stacks",
        "",
        "These resources are **moved**, not removed and added: their state moves to the stack that now holds them, so",
        "nothing in the cloud or on a cluster is replaced. Run the state moves before the deploy:",
        "",
        "| from | to | resources | named (their children come along) |",
        "| --- | --- | ---: | ---: |",
        ...rows,
        "",
        fold("State moves", ["```sh", ...stateMoveCommands(moves), "```"].join("\n"), moves.length),
        "",
    ];
}

/** One row per stack: planned or not, and whether anything would be deleted or is blocked. */
function overview(stacks: readonly StackReport[]): string[] {
    const rows = stacks.map((s) => {
        if (!s.plan) {
            return `| ${s.stack} | ✗ | ${counted(s.problems?.length ?? 0, "problem")}: nothing of this stack was planned | |`;
        }
        const blocked = s.diff?.destructive.filter((d) => d.protected).length ?? 0;
        const destructive = s.diff?.destructive.length ?? 0;
        const errors = s.plan.findings.filter((f) => f.level === "error").length;
        const ok = blocked === 0 && errors === 0;
        const notes = [
            ...(errors ? [counted(errors, "error finding")] : []),
            ...(blocked ? [`${counted(blocked, "protected resource")} would be deleted`] : []),
        ];
        return `| ${s.stack} | ${ok ? "✓" : "✗"} | ${notes.join("; ") || "planned"} | ${destructive ? `**${destructive}**` : "none"} |`;
    });
    return ["| stack | | plan | replaced or deleted |", "| --- | --- | --- | --- |", ...rows];
}

function failedSection(stack: string, problems: readonly string[]): string[] {
    return [`## ${stack} ✗`, "", fold("Why it could not be planned", problems.map((p) => `- ${code(p)}`).join("\n"), problems.length)];
}

/** Replacements and deletions first, in words: what a reviewer must not miss. */
function destructiveLines(diff: PlanDiff): string[] {
    return diff.destructive.map((d) => {
        const what =
            d.action === "replace"
                ? `**REPLACE** ${code(d.resource)} (${(d.because ?? []).map(code).join(", ")} changes)`
                : `**DELETE** ${code(d.resource)}`;
        return `- ${d.protected ? "⛔ **BLOCKED: protected** — " : ""}${what} — ${code(d.consequence)}`;
    });
}

function stackSection(plan: Plan, diff: PlanDiff | undefined): string[] {
    const errors = plan.findings.filter((f) => f.level === "error").length;
    const warnings = plan.findings.length - errors;
    const lines = [`## ${plan.stack}`, ""];
    if (diff && diff.destructive.length > 0) {
        lines.push(...destructiveLines(diff), "");
    }
    lines.push("| | total | change |", "| --- | --- | --- |");
    const r = diff?.resources;
    const rel = diff?.releases;
    const platform = allReleases(plan).length - plan.releases.length;
    lines.push(`| resources | ${plan.resources.length} | ${r ? countResourceChanges(r) : "—"} |`);
    lines.push(`| releases (team + platform) | ${plan.releases.length} + ${platform} | ${rel ? countReleaseChanges(rel) : "—"} |`);
    lines.push(`| findings | ${counted(errors, "error")}, ${counted(warnings, "warning")} | |`);
    if (diff) {
        lines.push("", ...diffSection(diff));
    }
    if (plan.findings.length > 0) {
        lines.push(
            "",
            fold(
                "Findings",
                plan.findings
                    .map(
                        (f) =>
                            `- **${f.level}** ${code(f.rule)} ${code(f.where)}: ${code(f.message)} at ${code(formatLocation(f.at).replace(/:$/, ""))}; fix: ${code(f.fix)}`,
                    )
                    .join("\n"),
                plan.findings.length,
            ),
        );
    }
    lines.push("", fold(`Environment ${plan.environment}`, mermaid(plan), 0));
    return lines;
}

function diffSection(diff: PlanDiff): string[] {
    const { releases, resources } = diff;
    const rows: string[] = [];
    const at = (r: Parameters<typeof releasePath>[0]) => cellCode(releasePath(r));
    for (const r of releases.added) rows.push(`| ${at(r)} | added | | ${cellCode(r.version)} | |`);
    for (const r of releases.removed) rows.push(`| ${at(r)} | removed | ${cellCode(r.version)} | | |`);
    for (const r of releases.reversioned) rows.push(`| ${at(r)} | chart version | ${cellCode(r.from)} | ${cellCode(r.to)} | |`);
    for (const r of releases.values) {
        for (const c of r.changes)
            rows.push(`| ${at(r)} | ${cellCode(c.key)} | ${cell(c, "from")} | ${cell(c, "to")} | ${cellCode(c.source ?? "")} |`);
    }
    const out: string[] = [];
    if (
        rows.length === 0 &&
        resources.added.length + resources.removed.length + resources.changed.length === 0 &&
        !diff.manifests?.length
    ) {
        return ["No changes."];
    }
    if (rows.length > 0) {
        out.push(
            fold(
                "Release changes",
                ["| release | what | before | after | set in |", "| --- | --- | --- | --- | --- |", ...rows].join("\n"),
                rows.length,
            ),
        );
    }
    const resourceRows = [
        ...resources.added.map((k) => `- added ${code(k)}`),
        ...resources.removed.map((k) => `- removed ${code(k)}`),
        ...resources.changed.map((c) => `- ${c.replace ? "**replaced**" : "changed"} ${code(c.resource)}: ${c.keys.map(code).join(", ")}`),
    ];
    if (resourceRows.length > 0) {
        out.push("", fold("Resource changes", resourceRows.join("\n"), resourceRows.length));
    }
    const manifestRows = (diff.manifests ?? []).flatMap((m) =>
        m.objects.flatMap((o) =>
            o.change === "changed"
                ? (o.fields ?? []).map(
                      (f) =>
                          `| ${cellCode(m.release)} | ${cellCode(o.object)} | ${cellCode(f.key)} | ${cell(f, "from")} | ${cell(f, "to")} |`,
                  )
                : [`| ${cellCode(m.release)} | ${cellCode(o.object)} | ${o.change} | | |`],
        ),
    );
    if (manifestRows.length > 0) {
        const table = ["| release | object | field | before | after |", "| --- | --- | --- | --- | --- |", ...manifestRows];
        out.push("", fold("Manifest changes (rendered with helm template)", table.join("\n"), manifestRows.length));
    }
    return out;
}

function cell(change: ValueChange, side: "from" | "to"): string {
    const value = change[side];
    return value === undefined ? "" : cellCode(typeof value === "string" && value.startsWith("[secret]") ? value : JSON.stringify(value));
}

/** Short sections stay open; long ones fold, with the count in the summary. */
function fold(title: string, body: string, count: number): string {
    return count > FOLD_AFTER || count === 0
        ? `<details><summary>${htmlText(title)}${count ? ` (${count})` : ""}</summary>\n\n${body}\n\n</details>`
        : `### ${htmlText(title)}\n\n${body}`;
}

/** Mermaid node ids: letters, digits and underscores only. */
const id = (...parts: string[]) => parts.join("_").replace(/[^A-Za-z0-9_]/g, "_");

/**
 * The environment as a Mermaid flowchart: clusters → team namespaces → releases, at the finest level of
 * detail that stays readable and within what Mermaid draws (it refuses more than 500 edges or 50,000
 * characters, and GitHub uses its defaults): every release while there are at most `DIAGRAM_EDGES`,
 * else every namespace with its count, else every cluster with its counts.
 */
export function mermaid(plan: Plan): string {
    const clusters = [...new Set(plan.releases.map((r) => r.cluster))].sort().map((cluster) => {
        const inCluster = plan.releases.filter((r) => r.cluster === cluster);
        const namespaces = [...new Set(inCluster.map((r) => r.namespace))]
            .sort()
            .map((ns) => ({ ns, releases: inCluster.filter((r) => r.namespace === ns) }));
        return { cluster, title: `${plan.environment} / ${cluster}`, namespaces, releases: inCluster.length };
    });
    const releaseNodes = (cluster: string, ns: string, inNamespace: Plan["releases"]) =>
        inNamespace.length > RELEASES_PER_NODE
            ? [`${id("r", cluster, ns, "all")}["${count(inNamespace.length)}"]`]
            : inNamespace.map((r) => `${id("r", cluster, r.name)}["${mermaidLabel(`${r.name} ${r.version}`)}"]`);
    const releases = diagram(
        clusters.flatMap(({ cluster, title, namespaces }) =>
            subgraph(
                cluster,
                title,
                namespaces.flatMap(({ ns, releases: inNamespace }) => {
                    const nsId = id("ns", cluster, ns);
                    return [
                        `${nsId}["${mermaidLabel(ns)}"]`,
                        ...releaseNodes(cluster, ns, inNamespace).map((node) => `${nsId} --> ${node}`),
                    ];
                }),
            ),
        ),
    );
    const edges = (releases.match(/ --> /g) ?? []).length;
    if (edges <= DIAGRAM_EDGES && releases.length <= DIAGRAM_CHARACTERS) {
        return releases;
    }
    const namespaces = diagram(
        clusters.flatMap(({ cluster, title, namespaces: list }) =>
            subgraph(
                cluster,
                title,
                list.map(
                    ({ ns, releases: inNamespace }) => `${id("ns", cluster, ns)}["${mermaidLabel(ns)}: ${count(inNamespace.length)}"]`,
                ),
            ),
        ),
    );
    if (namespaces.length <= DIAGRAM_CHARACTERS) {
        return namespaces;
    }
    return diagram(
        clusters.map(
            ({ cluster, title, namespaces: list, releases: n }) =>
                `  ${id("c", cluster)}["${mermaidLabel(title)}: ${list.length} namespaces, ${count(n)}"]`,
        ),
    );
}

const subgraph = (cluster: string, title: string, body: string[]) => [
    `  subgraph ${id("c", cluster)}["${mermaidLabel(title)}"]`,
    ...body.map((l) => `    ${l}`),
    "  end",
];
const diagram = (lines: string[]) => ["```mermaid", "flowchart LR", ...lines, "```"].join("\n");
const count = (n: number) => `${n} release${n === 1 ? "" : "s"}`;
