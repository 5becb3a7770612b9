import { conditionScope } from "../azure/repositoryConditions";
import { roleOfDescription } from "../azure/roles";
import { CHART_REPOSITORY_PATH } from "../base/constants";
import { TYPE } from "../base/resourceTypes";
import type { PlanResource } from "./planTypes";

/** One identity that may write charts to the registry, and where. */
export interface PublisherEntry {
    /** The Entra object ID (or `[unknown]` when only Azure will know it). */
    readonly principal: string;
    /** The owner whose path it may write: a team, `platform`, or `*` for the whole registry. */
    readonly owner: string;
    /** The repository prefixes its assignment's condition allows; `["*"]` without a condition. */
    readonly paths: readonly string[];
    readonly role: string;
}

/** Roles that can write a registry's repositories: the ABAC one, and the legacy ones it replaced. */
const WRITING_ROLES = new Set(["Container Registry Repository Writer", "Container Registry Repository Contributor", "AcrPush"]);

/**
 * Every planned role assignment that lets an identity write charts, with the paths its ABAC condition
 * narrows it to. An assignment with no condition writes registry-wide, and says so (`*`).
 */
export function publishersOf(resources: readonly PlanResource[]): PublisherEntry[] {
    return resources.flatMap((r) => {
        const role = r.type === TYPE.roleAssignment ? roleOfDescription(String(r.inputs["description"] ?? "")) : undefined;
        if (!role || !WRITING_ROLES.has(role)) {
            return [];
        }
        const condition = r.inputs["condition"];
        const paths = typeof condition === "string" ? conditionScope(condition).prefixes : ["*"];
        const owners = [...new Set(paths.map((p) => (p === "*" ? "*" : (p.split("/")[1] ?? "?"))))];
        return [
            {
                principal: String(r.inputs["principalId"]),
                owner:
                    owners.length === 1 && paths.every((p) => p === "*" || p.startsWith(`${CHART_REPOSITORY_PATH}/`))
                        ? (owners[0] as string)
                        : owners.join(","),
                paths,
                role,
            },
        ];
    });
}
