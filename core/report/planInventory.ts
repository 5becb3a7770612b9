import { TYPE } from "../base/resourceTypes";
import { platformComponentName, teamComponentName } from "../model/componentNames";
import { shardStackName } from "../model/stack";
import type { StackModel } from "../model/stackModel";
import { installerSubject } from "../tenancy/rbac";
import { type PlanInventory, resourceKey } from "./planTypes";

/**
 * What a stack deploys, from its validated model, named as the program names it: every team on every
 * cluster of the environment (none in a foundation), with its Team component and installer, and the
 * environment's shards.
 */
export function planInventory(model: Pick<StackModel, "environment" | "teams">): PlanInventory {
    const { environment } = model;
    const platform = platformComponentName(environment.name);
    return {
        teams: environment.clusters.flatMap((cluster) =>
            model.teams.map((t) => ({
                team: t.team,
                cluster: cluster.name,
                namespace: t.namespace,
                component: resourceKey(TYPE.team, teamComponentName(platform, cluster.name, t.team)),
                installer: installerSubject(t.namespace),
            })),
        ),
        shards: Object.entries(environment.shards).map(([shard, teams]) => ({
            shard,
            stack: shardStackName(environment.name, shard),
            teams: [...teams].sort(),
        })),
    };
}
