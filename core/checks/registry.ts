import type { Problem } from "../base/problems";
import { type CheckOf, settingProblem } from "./check";

export const registryPushRights: CheckOf<"settings"> = {
    id: "registry-push-rights",
    stage: "settings",
    checks: "no registry-wide push rights (registry.pushObjectIds): each publisher writes under its own path",
    run: ({ settings, locate }) =>
        settings.registry.pushObjectIds === undefined
            ? []
            : [
                  settingProblem(
                      locate,
                      ["registry", "pushObjectIds"],
                      "registry-wide push rights are gone: each publisher writes only under its own path (docs/supply-chain.md)",
                      "move the platform's publisher to registry.platformPublishers, and each team's to chartPublishers in allowances/<team>.yaml",
                  ),
              ],
};

export const registryReplicas: CheckOf<"settings"> = {
    id: "registry-replicas",
    stage: "settings",
    checks: "geo-replication and a private endpoint come with the Premium SKU, and replicas are in other regions than the registry's",
    run: ({ environment, locate }) => {
        const spec = environment.registry;
        const problems: Problem[] = [];
        if (spec.replicaLocations.length > 0 && spec.sku !== "Premium") {
            problems.push(
                settingProblem(
                    locate,
                    ["registry", "replicaLocations"],
                    `geo-replication needs the Premium SKU, the registry is ${spec.sku}`,
                    "set registry.sku: Premium or remove replicaLocations",
                ),
            );
        }
        spec.replicaLocations.forEach((location, i) => {
            if (location === spec.location) {
                problems.push(
                    settingProblem(
                        locate,
                        ["registry", "replicaLocations", i],
                        `"${location}" is the registry's home region`,
                        "list only other regions",
                    ),
                );
            }
        });
        if (spec.privateEndpoint && spec.sku !== "Premium") {
            problems.push(
                settingProblem(
                    locate,
                    ["registry", "privateEndpoint"],
                    `private endpoints need the Premium SKU, the registry is ${spec.sku}`,
                    "set registry.sku: Premium",
                ),
            );
        }
        return problems;
    },
};

export const registryReachable: CheckOf<"settings"> = {
    id: "registry-reachable",
    stage: "settings",
    checks: "clusters can reach the registry: public network access, or a private endpoint",
    run: ({ environment, locate }) =>
        !environment.registry.publicNetworkAccess && !environment.registry.privateEndpoint
            ? [
                  settingProblem(
                      locate,
                      ["registry", "publicNetworkAccess"],
                      "public access is off and there is no private endpoint: no cluster could pull",
                      "add registry.privateEndpoint or set publicNetworkAccess: true",
                  ),
              ]
            : [],
};
