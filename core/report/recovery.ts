/**
 * One revision as `helm history <release> --output json` prints it: the fields Helm 4.1.4 writes
 * (`releaseInfo` in pkg/cmd/history.go). `updated` is the revision's last deployment time in RFC 3339,
 * left out when Helm has none.
 */
export interface HelmRevision {
    readonly revision: number;
    readonly updated?: string;
    readonly status: string;
    readonly chart: string;
    readonly app_version: string;
    readonly description: string;
}

/** The statuses in which Helm holds a release's lock: every later install, upgrade or rollback fails with "another operation is in progress". */
export const PENDING_STATUSES: readonly string[] = ["pending-install", "pending-upgrade", "pending-rollback"];

/** What to do about one release, decided on its history alone. */
export type Recovery =
    | { readonly action: "none"; readonly reason: string }
    | { readonly action: "wait"; readonly reason: string }
    | { readonly action: "rollback"; readonly revision: number; readonly reason: string }
    | { readonly action: "uninstall"; readonly reason: string };

/** `45s`, `15m`, `3h`, `12d`: a duration as an on-call engineer reads it. */
function minutes(seconds: number): string {
    const steps: [number, number, string][] = [
        [120, 1, "s"],
        [120 * 60, 60, "m"],
        [48 * 3600, 3600, "h"],
    ];
    const [, unit, suffix] = steps.find(([below]) => seconds < below) ?? [0, 86_400, "d"];
    return `${Math.round(seconds / unit)}${suffix}`;
}

/**
 * Whether and how a release is recovered, from its `helm history`: only a release whose last revision is
 * pending and older than its upgrade timeout is stuck (a younger one may still be held by a running
 * Helm). A stuck release goes back to its last good revision — the newest `deployed` one, else the
 * newest `superseded` one, which is how Helm itself picks the revision a failed atomic upgrade returns
 * to (`failRelease` in pkg/action/upgrade.go) — and a release that never had one is uninstalled.
 * `helm rollback` does not refuse a pending release; it writes a new revision and supersedes the rest.
 */
export function decideRecovery(history: readonly HelmRevision[], timeoutSeconds: number, now: Date): Recovery {
    const sorted = [...history].sort((a, b) => a.revision - b.revision);
    const last = sorted.at(-1);
    if (!last) {
        return { action: "none", reason: "no revisions" };
    }
    if (!PENDING_STATUSES.includes(last.status)) {
        return { action: "none", reason: `revision ${last.revision} is ${last.status}` };
    }
    const started = last.updated === undefined ? Number.NaN : Date.parse(last.updated);
    if (Number.isNaN(started)) {
        return {
            action: "wait",
            reason: `revision ${last.revision} is ${last.status} since an unknown time: left alone, check it by hand`,
        };
    }
    const age = (now.getTime() - started) / 1000;
    if (age <= timeoutSeconds) {
        return {
            action: "wait",
            reason: `revision ${last.revision} is ${last.status} for ${minutes(age)}, within its ${minutes(timeoutSeconds)} timeout: Helm may still be at work`,
        };
    }
    const stuck = `revision ${last.revision} is ${last.status} for ${minutes(age)}, past its ${minutes(timeoutSeconds)} timeout`;
    // An uninstalled revision (kept with --keep-history) ends an earlier life of the release: never go back past it.
    const earlier = sorted.slice(0, -1).reverse();
    const life = earlier.findIndex((r) => r.status === "uninstalled");
    const candidates = life < 0 ? earlier : earlier.slice(0, life);
    const good = candidates.find((r) => r.status === "deployed") ?? candidates.find((r) => r.status === "superseded");
    return good
        ? {
              action: "rollback",
              revision: good.revision,
              reason: `${stuck}; back to revision ${good.revision} (${good.chart}, ${good.status})`,
          }
        : { action: "uninstall", reason: `${stuck}; it was never deployed` };
}

/** Where a release runs, and the identity Helm acts as: a team's installer, or `undefined` for the platform's own releases. */
export interface RecoveryTarget {
    readonly cluster: string;
    readonly namespace: string;
    readonly release: string;
    readonly installer?: string;
}

/**
 * The Helm command (without the cluster's access arguments) that carries out a recovery, or nothing
 * when there is nothing to do.
 */
export function recoveryArgs(target: RecoveryTarget, recovery: Recovery, timeoutSeconds: number): string[] | undefined {
    const common = [
        "--namespace",
        target.namespace,
        "--timeout",
        `${timeoutSeconds}s`,
        ...(target.installer ? ["--kube-as-user", target.installer] : []),
    ];
    switch (recovery.action) {
        case "rollback":
            return ["rollback", target.release, String(recovery.revision), ...common];
        case "uninstall":
            return ["uninstall", target.release, ...common];
        default:
            return undefined;
    }
}
