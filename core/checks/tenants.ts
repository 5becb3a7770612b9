import { PLATFORM_SECRET_OWNER } from "../base/constants";
import type { KeyPath } from "../base/keyPath";
import { didYouMean, type Problem, problemAt } from "../base/problems";
import { teamComponentName } from "../model/componentNames";
import type { CheckOf } from "./check";

export const teamUnique: CheckOf<"teams"> = {
    id: "team-unique",
    stage: "teams",
    checks: "every team has exactly one tenant file",
    run: ({ tenants }) => {
        const seen = new Map<string, string>();
        return tenants.flatMap(({ yaml, data }) => {
            const other = seen.get(data.team);
            seen.set(data.team, yaml.file);
            return other
                ? [
                      problemAt(
                          yaml,
                          ["team"],
                          `team "${data.team}" is already defined in ${other}`,
                          "every team has exactly one tenant file",
                      ),
                  ]
                : [];
        });
    },
};

export const teamName: CheckOf<"teams"> = {
    id: "team-name",
    stage: "teams",
    checks: "a tenant file is named for its team (tenants/<team>.yaml), and no team is called platform (the owner of the platform's secrets)",
    run: ({ tenants }) =>
        tenants.flatMap(({ yaml, data }) => {
            const expected = yaml.file.replace(/^.*\//, "").replace(/\.yaml$/, "");
            if (data.team === PLATFORM_SECRET_OWNER) {
                return [
                    problemAt(
                        yaml,
                        ["team"],
                        `"${PLATFORM_SECRET_OWNER}" is reserved: it owns the platform's own secrets`,
                        "name the team after what it builds",
                    ),
                ];
            }
            return data.team !== expected
                ? [
                      problemAt(
                          yaml,
                          ["team"],
                          `team "${data.team}" is in ${yaml.file}, which is named for "${expected}"`,
                          `rename the file to tenants/${data.team}.yaml or set team: ${expected}`,
                      ),
                  ]
                : [];
        }),
};

/**
 * A team's component on a cluster is named `<environment>-<cluster>-<team>`, and every resource under
 * it after that: cluster `a-b` with team `c` and cluster `a` with team `b-c` would be the same
 * component, which Pulumi refuses as a duplicate URN in the middle of `up`.
 */
export const teamComponentNames: CheckOf<"teams"> = {
    id: "team-component-names",
    stage: "teams",
    checks: "no two team-and-cluster pairs of the environment make the same component name (<environment>-<cluster>-<team>)",
    run: ({ running, environment }) => {
        const taken = new Map<string, { cluster: string; team: string }>();
        const problems: Problem[] = [];
        for (const { yaml, data } of running) {
            for (const cluster of environment.clusters.map((c) => c.name)) {
                const name = teamComponentName(environment.name, cluster, data.team);
                const other = taken.get(name);
                if (other && other.team !== data.team) {
                    problems.push(
                        problemAt(
                            yaml,
                            ["team"],
                            `team "${data.team}" on cluster "${cluster}" and team "${other.team}" on cluster "${other.cluster}" are both named ${name}`,
                            "rename the team, or the cluster, so that no <cluster>-<team> spells another's",
                        ),
                    );
                }
                taken.set(name, other ?? { cluster, team: data.team });
            }
        }
        return problems;
    },
};

export const tenantEnvironments: CheckOf<"teams"> = {
    id: "tenant-environments",
    stage: "teams",
    checks: "the environments a tenant file names (environments, an app's versions and clusters) exist, and an app's versions are for environments the team runs in",
    run: ({ tenants, knownEnvironments: known }) =>
        tenants.flatMap(({ yaml, data }) => {
            const problems: Problem[] = [];
            const unknown = (path: KeyPath, env: string) =>
                problems.push(
                    problemAt(yaml, path, `unknown environment "${env}"`, didYouMean(env, known, `environments are: ${known.join(", ")}`)),
                );
            data.environments.forEach((env, i) => {
                if (!known.includes(env)) {
                    unknown(["environments", i], env);
                }
            });
            for (const [app, spec] of Object.entries(data.apps)) {
                for (const env of Object.keys(spec.versions)) {
                    if (!known.includes(env)) {
                        unknown(["apps", app, "versions", env], env);
                    } else if (!data.environments.includes(env)) {
                        problems.push(
                            problemAt(
                                yaml,
                                ["apps", app, "versions", env],
                                `team "${data.team}" does not run in "${env}"`,
                                `add "${env}" to environments or remove this version`,
                            ),
                        );
                    }
                }
                for (const env of Object.keys(spec.clusters ?? {}).filter((e) => !known.includes(e))) {
                    unknown(["apps", app, "clusters", env], env);
                }
            }
            return problems;
        }),
};

export const tenantClusters: CheckOf<"teams"> = {
    id: "tenant-clusters",
    stage: "teams",
    checks: "the clusters an app is pinned to in this environment are clusters of the environment",
    run: ({ tenants, environment, knownEnvironments }) => {
        const names = environment.clusters.map((c) => c.name);
        // An environment without a stack file is tenant-environments' to report.
        if (!knownEnvironments.includes(environment.name)) {
            return [];
        }
        return tenants.flatMap(({ yaml, data }) =>
            Object.entries(data.apps).flatMap(([app, spec]) =>
                (spec.clusters?.[environment.name] ?? []).flatMap((cluster, i) =>
                    names.includes(cluster)
                        ? []
                        : [
                              problemAt(
                                  yaml,
                                  ["apps", app, "clusters", environment.name, i],
                                  `unknown cluster "${cluster}" in environment "${environment.name}"`,
                                  didYouMean(cluster, names, `clusters of ${environment.name}: ${names.join(", ")}`),
                              ),
                          ],
                ),
            ),
        );
    },
};
