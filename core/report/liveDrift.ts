import { SECRET, UNKNOWN } from "../base/constants";
import { cellCode } from "../base/escape";
import type { Values } from "../values/merge";
import { leavesOf } from "./diff";
import { allReleases, chartNameOf, type Plan, type PlanRelease } from "./planTypes";

/** A release as `helm list -A -a -o json` reports it. */
export interface LiveRelease {
    readonly name: string;
    readonly namespace: string;
    /** `<chart>-<version>`, such as `payments-api-1.4.2`. */
    readonly chart: string;
    readonly status: string;
    readonly revision: string | number;
    readonly updated?: string;
}

/** What one cluster runs, or why it could not be read. */
export type LiveCluster =
    | {
          readonly cluster: string;
          readonly releases: readonly LiveRelease[];
          /** `helm get values <release> -n <namespace> -o json`: the values the release was installed with. */
          readonly values: (namespace: string, release: string) => Values | undefined;
      }
    | { readonly cluster: string; readonly error: string };

export type DriftKind = "unreachable" | "missing" | "extra" | "failed" | "pending" | "version" | "values";

/** One way a cluster differs from the plan. */
export interface LiveDrift {
    readonly kind: DriftKind;
    readonly cluster: string;
    readonly namespace?: string;
    readonly release?: string;
    readonly detail: string;
    /** For `values`: the keys that differ, with the planned and live values when `showValues` (never for secrets). */
    readonly keys?: readonly { readonly key: string; readonly planned?: unknown; readonly live?: unknown }[];
}

const chartOf = (r: PlanRelease) => `${chartNameOf(r)}-${r.version}`;

/**
 * The plan against what the clusters run: planned releases that are missing, releases in the platform's
 * namespaces it does not plan, releases that failed or are stuck pending, other chart versions, and
 * values that differ from the plan's (secret and cloud-only keys are not compared).
 */
export function liveDrift(plan: Plan, clusters: readonly LiveCluster[], options: { showValues?: boolean } = {}): LiveDrift[] {
    const found: LiveDrift[] = [];
    for (const live of clusters) {
        if ("error" in live) {
            found.push({ kind: "unreachable", cluster: live.cluster, detail: live.error });
            continue;
        }
        const planned = allReleases(plan).filter((r) => r.cluster === live.cluster);
        const namespaces = new Set(planned.map((r) => r.namespace));
        const liveByKey = new Map(live.releases.map((r) => [`${r.namespace}/${r.name}`, r]));
        for (const r of planned) {
            const at = { cluster: live.cluster, namespace: r.namespace, release: r.name };
            const running = liveByKey.get(`${r.namespace}/${r.name}`);
            if (!running) {
                found.push({ kind: "missing", ...at, detail: `planned ${chartOf(r)}, not installed` });
                continue;
            }
            found.push(
                ...statusDrift(running, at),
                ...versionDrift(r, running, at),
                ...valuesDrift(r, live.values(r.namespace, r.name), at, options),
            );
        }
        const plannedKeys = new Set(planned.map((r) => `${r.namespace}/${r.name}`));
        for (const r of live.releases.filter((x) => namespaces.has(x.namespace) && !plannedKeys.has(`${x.namespace}/${x.name}`))) {
            found.push({
                kind: "extra",
                cluster: live.cluster,
                namespace: r.namespace,
                release: r.name,
                detail: `${r.chart} (${r.status}) is installed but not planned`,
            });
        }
    }
    return found;
}

type At = { cluster: string; namespace: string; release: string };

function statusDrift(running: LiveRelease, at: At): LiveDrift[] {
    if (running.status === "failed") {
        return [{ kind: "failed", ...at, detail: `revision ${running.revision} failed` }];
    }
    return running.status.startsWith("pending")
        ? [{ kind: "pending", ...at, detail: `revision ${running.revision} is ${running.status}` }]
        : [];
}

function versionDrift(r: PlanRelease, running: LiveRelease, at: At): LiveDrift[] {
    return running.chart === chartOf(r) ? [] : [{ kind: "version", ...at, detail: `planned ${chartOf(r)}, running ${running.chart}` }];
}

function valuesDrift(r: PlanRelease, live: Values | undefined, at: At, options: { showValues?: boolean }): LiveDrift[] {
    if (live === undefined) {
        return [];
    }
    const plannedLeaves = leavesOf(r.values);
    const liveLeaves = leavesOf(live);
    // Secrets and what only the cloud knows are masked in the plan (a list holding one included): not compared.
    const comparable = (key: string) => {
        const planned = JSON.stringify(plannedLeaves.get(key) ?? null);
        return r.secrets?.[key] === undefined && !planned.includes(SECRET) && !planned.includes(UNKNOWN);
    };
    const keys = [...new Set([...plannedLeaves.keys(), ...liveLeaves.keys()])]
        .sort()
        .filter(comparable)
        .filter((key) => JSON.stringify(plannedLeaves.get(key)) !== JSON.stringify(liveLeaves.get(key)))
        .map((key) => (options.showValues ? { key, planned: plannedLeaves.get(key), live: liveLeaves.get(key) } : { key }));
    return keys.length > 0
        ? [{ kind: "values", ...at, detail: `${keys.length} value(s) differ from the plan: ${keys.map((k) => k.key).join(", ")}`, keys }]
        : [];
}

/**
 * The drift as Markdown: a table per kind of difference, or a line saying there is none. Everything
 * but the kind is what the cluster says (a release Secret anyone with write on it can forge), so every
 * other cell is code.
 */
export function formatLiveDrift(stack: string, drift: readonly LiveDrift[]): string {
    const unread = drift.filter((d) => d.kind === "unreachable");
    const differences = drift.filter((d) => d.kind !== "unreachable");
    const lines = [`# Live drift in ${stack}`, ""];
    if (differences.length === 0) {
        lines.push(
            unread.length === 0 ? "None: every cluster runs what the plan says." : "No difference on the clusters that could be read.",
        );
    } else {
        lines.push(
            `${plural(differences.length, "difference")} between the plan and the clusters.`,
            "",
            "| kind | cluster | namespace | release | what |",
            "| --- | --- | --- | --- | --- |",
            ...differences.map(
                (d) =>
                    `| ${d.kind} | ${cellCode(d.cluster)} | ${cellCode(d.namespace ?? "")} | ${cellCode(d.release ?? "")} | ${cellCode(d.detail)} |`,
            ),
        );
    }
    if (unread.length > 0) {
        lines.push(
            "",
            `${plural(unread.length, "cluster")} could not be read, so ${unread.length === 1 ? "its" : "their"} drift is unknown (not counted as a difference):`,
            "",
            ...unread.map((d) => `- ${cellCode(d.cluster)}: ${cellCode(d.detail)}`),
        );
    }
    return `${lines.join("\n")}\n`;
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

/** The differences of a drift report, without the clusters that could not be read. */
export const differencesOf = (drift: readonly LiveDrift[]): LiveDrift[] => drift.filter((d) => d.kind !== "unreachable");
