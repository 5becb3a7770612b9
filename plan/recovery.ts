import * as fs from "node:fs";
import * as path from "node:path";
import { type ExportedStack, urnsInState, withoutPendingOperations } from "../core/report/checkpoint";
import type { LiveRelease } from "../core/report/liveDrift";
import { allReleases, type Plan, resourceKey } from "../core/report/planTypes";
import { decideRecovery, type HelmRevision, PENDING_STATUSES, type Recovery, recoveryArgs } from "../core/report/recovery";
import { inventoryTeamOf, releaseResource, stackOfTeam, urnOf } from "../core/report/selection";
import type { Runner } from "./liveClusters";

/** A release the plan owns: where it runs, who installs it, how long Helm may take, and what Pulumi calls it. */
export interface OwnedRelease {
    readonly cluster: string;
    readonly namespace: string;
    readonly release: string;
    /** A team release installs as its team's installer; the platform's own releases as the deploying identity. */
    readonly installer?: string;
    readonly timeoutSeconds: number;
    /** The stack that deploys it, and its `kubernetes:helm.sh/v3:Release` URN there. */
    readonly stack: string;
    readonly urn?: string;
}

/** A release found pending on a cluster, with what its history says to do. */
export interface Finding extends OwnedRelease {
    readonly status: string;
    readonly recovery: Recovery;
    /** The Helm arguments that recover it (the cluster's access arguments aside). */
    readonly helm?: readonly string[];
    /** With `--apply`: what happened. */
    readonly outcome?: string;
}

/** What one cluster is read through: its releases, and a release's history. */
export interface HelmReader {
    readonly cluster: string;
    list(): readonly LiveRelease[] | { error: string };
    history(namespace: string, release: string): readonly HelmRevision[] | { error: string };
}

/** Every release of the plan (team and platform) with its upgrade timeout and URN; `only` narrows to one release name. */
export function ownedReleases(plan: Plan, only?: string): OwnedRelease[] {
    return allReleases(plan)
        .filter((r) => only === undefined || r.name === only)
        .map((r) => {
            const resource = releaseResource(plan, { cluster: r.cluster, namespace: r.namespace, name: r.name });
            const team = resource ? inventoryTeamOf(plan, resource) : undefined;
            const timeout = resource?.inputs["timeout"];
            return {
                cluster: r.cluster,
                namespace: r.namespace,
                release: r.name,
                ...(team ? { installer: team.installer } : {}),
                timeoutSeconds: typeof timeout === "number" ? timeout : 300,
                stack: team ? stackOfTeam(plan, team.team) : plan.stack,
                ...(resource ? { urn: urnOf(plan, resourceKey(resource.type, resource.name)) } : {}),
            };
        });
}

/** What the clusters say: the owned releases found pending, each decided; pending releases the plan does not own; unreadable clusters. */
export interface Survey {
    readonly findings: Finding[];
    readonly unowned: { cluster: string; namespace: string; release: string; status: string }[];
    readonly errors: { cluster: string; error: string }[];
}

/** A survey, and with `--apply` what was done: Pulumi's part in `state`; `ok` when every cluster was read and every action succeeded. */
export interface Outcome extends Survey {
    readonly state: readonly string[];
    readonly ok: boolean;
}

/** Reads each cluster's releases and the history of every pending one the plan owns, and decides on it. */
export function survey(owned: readonly OwnedRelease[], readers: readonly HelmReader[], now: Date): Survey {
    const result: Survey = { findings: [], unowned: [], errors: [] };
    const namespaces = new Set(owned.map((o) => o.namespace));
    for (const reader of readers) {
        const listed = reader.list();
        if ("error" in listed) {
            result.errors.push({ cluster: reader.cluster, error: listed.error });
            continue;
        }
        for (const live of listed.filter((l) => PENDING_STATUSES.includes(l.status))) {
            const mine = owned.find((o) => o.cluster === reader.cluster && o.namespace === live.namespace && o.release === live.name);
            if (!mine) {
                if (namespaces.has(live.namespace)) {
                    result.unowned.push({ cluster: reader.cluster, namespace: live.namespace, release: live.name, status: live.status });
                }
                continue;
            }
            const history = reader.history(live.namespace, live.name);
            if ("error" in history) {
                result.errors.push({ cluster: reader.cluster, error: `helm history ${live.name}: ${history.error}` });
                continue;
            }
            const recovery = decideRecovery(history, mine.timeoutSeconds, now);
            const helm = recoveryArgs(
                { cluster: mine.cluster, namespace: mine.namespace, release: mine.release, installer: mine.installer },
                recovery,
                mine.timeoutSeconds,
            );
            result.findings.push({ ...mine, status: live.status, recovery, ...(helm ? { helm } : {}) });
        }
    }
    return result;
}

/** Recorded Helm outputs: `<dir>/<cluster>/list.json` and `<dir>/<cluster>/history/<namespace>/<release>.json`. */
export function recordedReaders(dir: string, clusters: readonly string[]): HelmReader[] {
    const json = (file: string) => (fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : undefined);
    return clusters.map((cluster) => ({
        cluster,
        list: () => json(path.join(dir, cluster, "list.json")) ?? { error: `no recording in ${path.join(dir, cluster)}` },
        history: (namespace, release) =>
            json(path.join(dir, cluster, "history", namespace, `${release}.json`)) ?? { error: "no recorded history" },
    }));
}

/** A cluster read with Helm through `access` (its kubeconfig arguments). */
export function liveReader(cluster: string, helm: string, access: readonly string[], exec: Runner): HelmReader {
    const read = (args: string[]) => {
        const got = exec(helm, [...args, "--output", "json", ...access]);
        return got.status === 0 ? JSON.parse(got.stdout || "[]") : { error: got.stderr.trim().split("\n")[0] ?? "failed" };
    };
    return {
        cluster,
        list: () => read(["list", "--all-namespaces", "--all"]),
        history: (namespace, release) => read(["history", release, "--namespace", namespace]),
    };
}

/**
 * Brings Pulumi's state in line with what Helm now holds, per stack: the stack exported (a backup kept
 * in `backupDir`), the recovered releases' pending operations removed and the state imported again
 * when the engine had recorded any, then a refresh of exactly those releases.
 */
export function alignState(stack: string, urns: readonly string[], backupDir: string, exec: Runner): { ok: boolean; log: string[] } {
    const log: string[] = [];
    fs.mkdirSync(backupDir, { recursive: true, mode: 0o700 });
    const backup = path.join(backupDir, `${stack}.before-recover.json`);
    const exported = exec("pulumi", ["stack", "export", "--stack", stack, "--file", backup]);
    if (exported.status !== 0) {
        return { ok: false, log: [`pulumi stack export failed: ${exported.stderr.trim()}`] };
    }
    const state = JSON.parse(fs.readFileSync(backup, "utf8")) as ExportedStack;
    const { stack: cleared, cleared: operations } = withoutPendingOperations(state, urns);
    if (operations.length > 0) {
        const file = path.join(backupDir, `${stack}.after-recover.json`);
        fs.writeFileSync(file, `${JSON.stringify(cleared, null, 2)}\n`, { mode: 0o600 });
        const imported = exec("pulumi", ["stack", "import", "--stack", stack, "--file", file]);
        if (imported.status !== 0) {
            return { ok: false, log: [`pulumi stack import failed (the state is unchanged; backup ${backup}): ${imported.stderr.trim()}`] };
        }
        log.push(`cleared ${operations.map((o) => `${o.type} ${o.resource.urn}`).join(", ")} (backup ${backup})`);
    }
    const known = urnsInState(cleared, urns);
    if (known.length === 0) {
        return { ok: true, log };
    }
    const refreshed = exec("pulumi", ["refresh", "--stack", stack, "--yes", "--non-interactive", ...known.flatMap((u) => ["--target", u])]);
    log.push(refreshed.status === 0 ? `refreshed ${known.join(", ")}` : `pulumi refresh failed: ${refreshed.stderr.trim()}`);
    return { ok: refreshed.status === 0, log };
}
