import { cellCode } from "../base/escape";
import type { Plan } from "./planTypes";

/** One release across the platform: its chart version per environment and cluster. */
export interface VersionSkewEntry {
    /** `<team>-<app>`. */
    readonly release: string;
    /** environment → cluster → version. */
    readonly versions: Readonly<Record<string, Readonly<Record<string, string>>>>;
    /** The environments that run it do not all run the same version. */
    readonly environmentsDiffer: boolean;
    /** Environments whose clusters run different versions of it. */
    readonly clustersDiffer: readonly string[];
}

/**
 * The version skew of every team release over the plans of all environments: which chart version each
 * environment and cluster runs, and where they differ. ("Drift" is the clusters differing from the plan: liveDrift.ts.)
 */
export function versionSkewOf(plans: readonly Plan[]): VersionSkewEntry[] {
    const versions = new Map<string, Record<string, Record<string, string>>>();
    for (const plan of plans) {
        for (const r of plan.releases) {
            const byEnv = versions.get(r.name) ?? {};
            const clusters = byEnv[plan.environment] ?? {};
            clusters[r.cluster] = r.version;
            byEnv[plan.environment] = clusters;
            versions.set(r.name, byEnv);
        }
    }
    return [...versions.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([release, byEnv]) => {
            const perEnv = Object.values(byEnv).map((clusters) => new Set(Object.values(clusters)));
            return {
                release,
                versions: byEnv,
                environmentsDiffer: new Set(perEnv.flatMap((s) => [...s])).size > 1,
                clustersDiffer: Object.entries(byEnv)
                    .filter(([, clusters]) => new Set(Object.values(clusters)).size > 1)
                    .map(([env]) => env),
            };
        });
}

/** The version skew as a Markdown table: one row per release, one column per environment. */
export function formatVersionSkew(entries: readonly VersionSkewEntry[], environments: readonly string[]): string {
    const cell = (clusters: Readonly<Record<string, string>> | undefined) => {
        if (!clusters) {
            return "not deployed";
        }
        const versions = new Set(Object.values(clusters));
        return versions.size === 1
            ? cellCode([...versions][0] as string)
            : `**${Object.entries(clusters)
                  .sort()
                  .map(([c, v]) => `${cellCode(c)} ${cellCode(v)}`)
                  .join(", ")}**`;
    };
    const lines = [
        "# Chart versions across environments",
        "",
        `Chart version of every team release per environment (${environments.join(" → ")}). A bold cell: the clusters of that environment differ; "none": the same version everywhere it runs.`,
        "",
        `| release | ${environments.join(" | ")} | differs |`,
        `| --- | ${environments.map(() => "---").join(" | ")} | --- |`,
    ];
    for (const e of entries) {
        const absent = environments.filter((env) => !e.versions[env]);
        const notes = [
            ...(e.environmentsDiffer ? ["environments differ"] : []),
            ...(absent.length > 0 ? [`not deployed in ${absent.join(", ")}`] : []),
            ...e.clustersDiffer.map((env) => `clusters of ${env} differ`),
        ];
        lines.push(
            `| ${cellCode(e.release)} | ${environments.map((env) => cell(e.versions[env])).join(" | ")} | ${notes.join("; ") || "none"} |`,
        );
    }
    return `${lines.join("\n")}\n`;
}
