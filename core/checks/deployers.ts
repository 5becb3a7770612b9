import { type Problem, problemAt } from "../base/problems";
import { eachRequest } from "./allowances";
import type { CheckOf } from "./check";

export const deployerIdentity: CheckOf<"teams"> = {
    id: "deployer-identity",
    stage: "teams",
    checks: "a team's CI identity is exactly one of a GitHub repository (OIDC) or an Entra object ID, never a ServiceAccount token",
    run: ({ tenants }) =>
        tenants.flatMap(({ yaml, data }): Problem[] => {
            const deployer = data.deployer;
            if (!deployer) {
                return [];
            }
            if (deployer.serviceAccount !== undefined) {
                return [
                    problemAt(
                        yaml,
                        ["deployer", "serviceAccount"],
                        "a CI ServiceAccount would need a long-lived token in a Secret",
                        "use deployer.github: {repository: <owner>/<repo>} (GitHub OIDC, no stored secret) or deployer.objectId: <object ID of an Entra identity>",
                    ),
                ];
            }
            return (deployer.github === undefined) === (deployer.objectId === undefined)
                ? [
                      problemAt(
                          yaml,
                          ["deployer"],
                          "the CI identity needs exactly one of github or objectId",
                          "set deployer.github.repository, or deployer.objectId",
                      ),
                  ]
                : [];
        }),
};

export const deployerAllowed: CheckOf<"allowances"> = {
    id: "deployer-allowed",
    stage: "allowances",
    checks: "a team's CI identity (GitHub repository or Entra object ID) is one its allowance lets deploy it here",
    run: eachRequest(({ tenant, allowance, environment, refuse }) => {
        const { data } = tenant;
        const problems: Problem[] = [];
        const repository = data.deployer?.github?.repository;
        if (repository !== undefined && !allowance.entries.some((e) => e.deployers?.github?.includes(repository))) {
            problems.push(
                refuse(
                    ["deployer", "github", "repository"],
                    `CI from ${repository} is not allowed to deploy team ${data.team} in ${environment.name}`,
                    `deployers: {github: [${repository}]}`,
                ),
            );
        }
        const objectId = data.deployer?.objectId;
        if (objectId !== undefined && !allowance.entries.some((e) => e.deployers?.objectIds?.includes(objectId))) {
            problems.push(
                refuse(
                    ["deployer", "objectId"],
                    `the Entra identity ${objectId} is not allowed to deploy team ${data.team} in ${environment.name}`,
                    `deployers: {objectIds: [${objectId}]}`,
                ),
            );
        }
        return problems;
    }),
};
