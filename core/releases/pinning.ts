import { chartKey, parseChartReference } from "../base/chartPaths";
import { LAYOUT } from "../base/layout";
import { type Problem, problemAt } from "../base/problems";
import type { SourceTree } from "../base/sourceTree";
import type { TenantFile } from "../config/tenantFiles";
import type { EnvironmentSpec } from "../model/environment";
import type { PlatformReleaseSpec } from "../model/monitoring";
import type { ReleaseSpec } from "../model/platform";
import { environmentLockProblems, lockedDigest, missingEntryHint, readChartLock } from "./lock";

export interface PinInput {
    readonly tree: SourceTree;
    readonly environment: EnvironmentSpec;
    readonly releases: readonly ReleaseSpec[];
    readonly platformReleases: readonly PlatformReleaseSpec[];
    readonly tenants: readonly TenantFile[];
}

/**
 * Every release pinned to its chart version's digest in `charts.lock.yaml`. Where the profile requires
 * the lock, a chart version without a digest is a problem: at the app's version in the tenant file for
 * a team release, at the lock for a platform chart; reported once per chart version, not per cluster.
 * A lock unusable for the environment (none, or read from another registry) is one problem, not one
 * per release. Platform charts from public repositories (no `oci://` reference) cannot be pinned.
 */
export function pinToLock(input: PinInput, problems: Problem[]): Pick<PinInput, "releases" | "platformReleases"> {
    const { environment } = input;
    const required = environment.charts.lock === "required";
    const read = readChartLock(input.tree, problems);
    if (read === undefined && input.tree.read(LAYOUT.chartLockFile) !== undefined) {
        return input; // a broken lock: its own problems say so, and nothing is pinned to it
    }
    const unusable = environmentLockProblems(read, environment.name, environment.registry.loginServer, required);
    if (unusable.length > 0 || !read?.lock.environments[environment.name]) {
        problems.push(...unusable);
        return input;
    }
    const lock = read.lock;
    const reported = new Set<string>();
    const missing = (key: string, problem: () => Problem) => {
        if (required && !reported.has(key)) {
            reported.add(key);
            problems.push(problem());
        }
    };
    const releases = input.releases.map((r) => {
        const subject = { owner: r.chartOwner, chart: r.chartName, version: r.version };
        const digest = lockedDigest(lock, environment.name, subject);
        if (digest === undefined) {
            const tenant = input.tenants.find((t) => t.data.team === r.team) as TenantFile;
            missing(`${chartKey(subject)}@${r.version}`, () =>
                problemAt(
                    tenant.yaml,
                    ["apps", r.app, "versions", environment.name],
                    `${chartKey(subject)} ${r.version} has no digest in ${LAYOUT.chartLockFile} for ${environment.name}`,
                    missingEntryHint(environment.name),
                ),
            );
        }
        return digest === undefined ? r : { ...r, digest };
    });
    const platformReleases = input.platformReleases.map((r) => {
        const id = parseChartReference(r.chart);
        if (id === undefined) {
            return r;
        }
        const subject = { ...id, version: r.version };
        const digest = lockedDigest(lock, environment.name, subject);
        if (digest === undefined) {
            missing(`${chartKey(subject)}@${r.version}`, () =>
                problemAt(
                    read.yaml,
                    ["environments", environment.name, "charts"],
                    `the platform's chart ${chartKey(subject)} ${r.version} has no digest for ${environment.name}`,
                    missingEntryHint(environment.name),
                ),
            );
        }
        return digest === undefined ? r : { ...r, digest };
    });
    return { releases, platformReleases };
}
