import { type Problem, problemAt } from "../base/problems";
import { helmReleaseNameProblem } from "../config/names";
import type { TenantFile } from "../config/tenantFiles";
import type { CheckOf } from "./check";

export const releaseNames: CheckOf<"releases"> = {
    id: "release-names",
    stage: "releases",
    checks: "release names (<team>-<app>) are valid Helm release names and unique across teams",
    run: ({ releases, stackTenants }) => {
        const owners = new Map<string, string>();
        const problems: Problem[] = [];
        for (const release of releases) {
            const owner = owners.get(release.name);
            if (owner === release.team) {
                continue; // the same release on another cluster: already checked
            }
            const tenant = stackTenants.find((t) => t.data.team === release.team) as TenantFile;
            const path = ["apps", release.app];
            if (owner) {
                problems.push(
                    problemAt(
                        tenant.yaml,
                        path,
                        `release name "${release.name}" is also produced by team "${owner}"`,
                        "rename the app so <team>-<app> is unique",
                    ),
                );
                continue;
            }
            owners.set(release.name, release.team);
            const invalid = helmReleaseNameProblem(release.name);
            if (invalid) {
                problems.push(problemAt(tenant.yaml, path, invalid, "shorten the team or app name: releases are named <team>-<app>"));
            }
        }
        return problems;
    },
};
