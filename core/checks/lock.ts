import { chartKey, parseChartReference } from "../base/chartPaths";
import { LAYOUT } from "../base/layout";
import { type Problem, problemAt } from "../base/problems";
import type { TenantFile } from "../config/tenantFiles";
import { environmentLockProblems, lockedDigest, missingEntryHint } from "../releases/lock";
import { usableLock } from "../releases/pinning";
import type { CheckOf } from "./check";

export const chartLockUsable: CheckOf<"lock"> = {
    id: "chart-lock-usable",
    stage: "lock",
    checks: "charts.lock.yaml has digests for the environment where its profile requires them, read from the environment's own registry",
    run: ({ environment, lock, lockFilePresent }) =>
        // A broken lock reports its own problems, and nothing more.
        lockFilePresent && lock === undefined
            ? []
            : environmentLockProblems(lock, environment.name, environment.registry.loginServer, environment.charts.lock === "required"),
};

export const chartDigests: CheckOf<"lock"> = {
    id: "chart-digests",
    stage: "lock",
    checks: "where the profile requires the lock, every chart version the stack installs has its digest there (once per chart version, not per cluster)",
    run: ({ environment, lock: read, releases, platformReleases, stackTenants }) => {
        const env = environment.name;
        const lock = usableLock(read, env, environment.registry.loginServer);
        if (environment.charts.lock !== "required" || lock === undefined || read === undefined) {
            return [];
        }
        const reported = new Set<string>();
        const problems: Problem[] = [];
        const missing = (key: string, problem: () => Problem) => {
            if (!reported.has(key)) {
                reported.add(key);
                problems.push(problem());
            }
        };
        for (const r of releases) {
            const subject = { owner: r.chartOwner, chart: r.chartName, version: r.version };
            if (lockedDigest(lock, env, subject) === undefined) {
                const tenant = stackTenants.find((t) => t.data.team === r.team) as TenantFile;
                missing(`${chartKey(subject)}@${r.version}`, () =>
                    problemAt(
                        tenant.yaml,
                        ["apps", r.app, "versions", env],
                        `${chartKey(subject)} ${r.version} has no digest in ${LAYOUT.chartLockFile} for ${env}`,
                        missingEntryHint(env),
                    ),
                );
            }
        }
        for (const r of platformReleases) {
            const id = parseChartReference(r.chart);
            const subject = id && { ...id, version: r.version };
            if (subject && lockedDigest(lock, env, subject) === undefined) {
                missing(`${chartKey(subject)}@${r.version}`, () =>
                    problemAt(
                        read.yaml,
                        ["environments", env, "charts"],
                        `the platform's chart ${chartKey(subject)} ${r.version} has no digest for ${env}`,
                        missingEntryHint(env),
                    ),
                );
            }
        }
        return problems;
    },
};
