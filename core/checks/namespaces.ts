import { problemAt } from "../base/problems";
import type { TeamAllowance } from "../model/allowances";
import { reservedNamespace } from "../tenancy/reserved";
import { namespacesOf } from "../tenancy/tenants";
import { askFor, eachGrant } from "./allowances";
import type { CheckOf } from "./check";

export const namespaceOwner: CheckOf<"allowances"> = {
    id: "namespace-owner",
    stage: "allowances",
    checks: "a team's namespace is not the platform's (Kubernetes, AKS, add-ons, monitoring, ingress, reserved), not another team's, and a name other than the convention's is allowed",
    run: ({ running, environment, allowances }) => {
        const namespaceOf = namespacesOf(running, environment);
        const owners = new Map<string, string>();
        return running.flatMap(({ yaml, data }) => {
            const namespace = namespaceOf.get(data.team) as string;
            const owner = owners.get(namespace);
            owners.set(namespace, data.team);
            const allowance = allowances.get(data.team) as TeamAllowance;
            const path = data.namespace !== undefined ? ["namespace"] : ["team"];
            // Only the first applies: an allowance would not fix the other two.
            const reserved = reservedNamespace(namespace, environment);
            if (reserved) {
                return [
                    problemAt(
                        yaml,
                        path,
                        `namespace "${namespace}" is reserved for the platform: ${reserved}`,
                        "choose a namespace named after the team",
                    ),
                ];
            }
            if (owner) {
                return [
                    problemAt(
                        yaml,
                        path,
                        `namespace "${namespace}" is already claimed by team "${owner}"`,
                        "each team gets its own namespace; set a different namespace",
                    ),
                ];
            }
            // The convention's own name, written out, is no other name: it needs no allowance.
            const conventional = namespacesOf([{ yaml, data: { ...data, namespace: undefined } }], environment).get(data.team);
            if (namespace !== conventional && !allowance.entries.some((e) => e.namespace === namespace)) {
                return [
                    problemAt(
                        yaml,
                        path,
                        `namespace "${namespace}" is not the team's by convention and not allowed for team ${data.team} in ${environment.name}`,
                        askFor(allowance, environment.name, `namespace: ${namespace}`),
                    ),
                ];
            }
            return [];
        });
    },
};

export const allowanceNamespace: CheckOf<"allowances"> = {
    id: "allowance-namespace",
    stage: "allowances",
    checks: "an allowance grants no namespace reserved for the platform",
    run: eachGrant(({ entry, at }, { environment }) => {
        const reserved = entry.namespace === undefined ? undefined : reservedNamespace(entry.namespace, environment);
        return reserved
            ? [
                  at(
                      ["namespace"],
                      `namespace "${entry.namespace}" is reserved for the platform: ${reserved}`,
                      "allow a namespace named after the team",
                  ),
              ]
            : [];
    }),
};
