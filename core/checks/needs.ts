import { type Problem, problemAt } from "../base/problems";
import type { TenantFile } from "../config/tenantFiles";
import { findCycles, qualify } from "../releases/needs";
import type { CheckOf } from "./check";

/** Each need of every tenant file (whatever environment it runs in): its app, and the `<team>/<app>` it names. */
const needsOf = (tenants: readonly TenantFile[]) =>
    tenants.flatMap((tenant) =>
        Object.entries(tenant.data.apps).flatMap(([app, spec]) =>
            spec.needs.map((need, i) => ({ tenant, app, need, i, target: qualify(tenant.data.team, need) })),
        ),
    );

/** Every `<team>/<app>` the tenant files declare. */
const declaredApps = (tenants: readonly TenantFile[]) =>
    new Set(tenants.flatMap((t) => Object.keys(t.data.apps).map((app) => `${t.data.team}/${app}`)));

export const needsDeclared: CheckOf<"teams"> = {
    id: "needs-declared",
    stage: "teams",
    checks: "every need names a declared app (<app> of the team, or <team>/<app>) other than the app itself",
    run: ({ tenants, unreadable }) => {
        const declared = declaredApps(tenants);
        return needsOf(tenants).flatMap(({ tenant, app, need, i, target }): Problem[] => {
            const path = ["apps", app, "needs", i];
            // A need of a team whose file is unreadable is that file's problem, reported there.
            if (!declared.has(target) && !unreadable.has(target.split("/")[0] as string)) {
                return [
                    problemAt(
                        tenant.yaml,
                        path,
                        `needs "${need}", which no tenant file declares`,
                        "name an app as <app> (same team) or <team>/<app>",
                    ),
                ];
            }
            return target === `${tenant.data.team}/${app}`
                ? [problemAt(tenant.yaml, path, "an app cannot need itself", "remove it from needs")]
                : [];
        });
    },
};

export const needsAcyclic: CheckOf<"teams"> = {
    id: "needs-acyclic",
    stage: "teams",
    checks: "needs form no cycle (Pulumi would wait forever, Helm would never start)",
    run: ({ tenants }) => {
        const graph = new Map<string, string[]>();
        for (const t of tenants) {
            for (const [app, spec] of Object.entries(t.data.apps)) {
                graph.set(
                    `${t.data.team}/${app}`,
                    spec.needs.map((n) => qualify(t.data.team, n)),
                );
            }
        }
        return findCycles(graph).map((cycle) => {
            const [team, app] = cycle[0].split("/");
            const tenant = tenants.find((t) => t.data.team === team) as TenantFile;
            return problemAt(
                tenant.yaml,
                ["apps", app, "needs"],
                `needs form a cycle: ${[...cycle, cycle[0]].join(" -> ")}`,
                "remove one of the needs",
            );
        });
    },
};

export const needsDeployed: CheckOf<"releases"> = {
    id: "needs-deployed",
    stage: "releases",
    checks: "a release's needs run on the same cluster as the release (each missing need once, not per cluster)",
    run: ({ releases, stackTenants, tenants }) => {
        const declared = new Set(tenants.flatMap((t) => Object.keys(t.data.apps).map((app) => `${t.data.team}-${app}`)));
        const reported = new Set<string>();
        const problems: Problem[] = [];
        for (const r of releases) {
            r.needs.forEach((need, i) => {
                const key = `${r.name}/${need}`;
                // Undeclared needs are needs-declared's to report.
                if (!declared.has(need) || reported.has(key) || releases.some((x) => x.name === need && x.cluster === r.cluster)) {
                    return;
                }
                const yaml = (stackTenants.find((t) => t.data.team === r.team) as TenantFile).yaml;
                problems.push(
                    problemAt(
                        yaml,
                        ["apps", r.app, "needs", i],
                        `needs ${need}, which does not run on ${r.environment}/${r.cluster}`,
                        "deploy the needed app there too, or pin this app to the clusters where it runs",
                    ),
                );
                reported.add(key);
            });
        }
        return problems;
    },
};
