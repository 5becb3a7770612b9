import { PLATFORM_SECRET_OWNER } from "../base/constants";
import type { KeyPath } from "../base/keyPath";
import { didYouMean, type Problem, problemAt } from "../base/problems";
import type { TenantFile } from "../config/tenantFiles";

import type { TenantContext } from "./context";
import { checkIngressDomains, checkNetwork } from "./networkChecks";

/**
 * Checks every tenant file on its own and against the others, whatever environments it runs in:
 * duplicate teams, reserved team names, unknown environments and clusters, egress and ingress
 * allowances between teams, Ingress domains two teams claim, the CI identity.
 */
export function checkTenants(files: readonly TenantFile[], context: TenantContext, problems: Problem[]): void {
    const teams = new Map<string, TenantFile>();
    for (const file of files) {
        const other = teams.get(file.data.team);
        if (other) {
            problems.push(
                problemAt(
                    file.yaml,
                    ["team"],
                    `team "${file.data.team}" is already defined in ${other.yaml.file}`,
                    "every team has exactly one tenant file",
                ),
            );
        }
        teams.set(file.data.team, file);
    }
    for (const file of files) {
        checkTeamName(file, problems);
        checkEnvironments(file, context, problems);
        checkNetwork(file, teams, context, problems);
        checkDeployer(file, problems);
    }
    checkIngressDomains(files, problems);
}

function checkTeamName({ yaml, data }: TenantFile, problems: Problem[]): void {
    const expected = yaml.file.replace(/^.*\//, "").replace(/\.yaml$/, "");
    if (data.team === PLATFORM_SECRET_OWNER) {
        problems.push(
            problemAt(
                yaml,
                ["team"],
                `"${PLATFORM_SECRET_OWNER}" is reserved: it owns the platform's own secrets`,
                "name the team after what it builds",
            ),
        );
    } else if (data.team !== expected) {
        problems.push(
            problemAt(
                yaml,
                ["team"],
                `team "${data.team}" is in ${yaml.file}, which is named for "${expected}"`,
                `rename the file to tenants/${data.team}.yaml or set team: ${expected}`,
            ),
        );
    }
}

function checkEnvironments({ yaml, data }: TenantFile, context: TenantContext, problems: Problem[]): void {
    const known = context.knownEnvironments;
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
        for (const [env, clusters] of Object.entries(spec.clusters ?? {})) {
            if (!known.includes(env)) {
                unknown(["apps", app, "clusters", env], env);
            } else if (env === context.environment.name) {
                const names = context.environment.clusters.map((c) => c.name);
                clusters.forEach((cluster, i) => {
                    if (!names.includes(cluster)) {
                        const path = ["apps", app, "clusters", env, i];
                        problems.push(
                            problemAt(
                                yaml,
                                path,
                                `unknown cluster "${cluster}" in environment "${env}"`,
                                didYouMean(cluster, names, `clusters of ${env}: ${names.join(", ")}`),
                            ),
                        );
                    }
                });
            }
        }
    }
}

function checkDeployer({ yaml, data }: TenantFile, problems: Problem[]): void {
    const deployer = data.deployer;
    if (!deployer) {
        return;
    }
    if (deployer.serviceAccount !== undefined) {
        problems.push(
            problemAt(
                yaml,
                ["deployer", "serviceAccount"],
                "a CI ServiceAccount would need a long-lived token in a Secret",
                "use deployer.github: {repository: <owner>/<repo>} (GitHub OIDC, no stored secret) or deployer.objectId: <object ID of an Entra identity>",
            ),
        );
    } else if ((deployer.github === undefined) === (deployer.objectId === undefined)) {
        problems.push(
            problemAt(
                yaml,
                ["deployer"],
                "the CI identity needs exactly one of github or objectId",
                "set deployer.github.repository, or deployer.objectId",
            ),
        );
    }
}
