import { TYPE, TYPE_PREFIX } from "../base/resourceTypes";
import type { PlanResource } from "./planTypes";

/**
 * Inputs whose change makes Pulumi delete the resource and create it again, by type (a `kubernetes:`
 * prefix covers every Kubernetes object). Kubernetes objects are identified by name and namespace; a
 * Helm release by its name and namespace; Azure resources by their name, resource group and region; a
 * Kubernetes provider by its cluster identity (changing it replaces everything deployed through it).
 * @see https://www.pulumi.com/docs/iac/concepts/how-pulumi-works/#creation-and-deletion-order
 */
const REPLACED_ON: readonly { readonly type: string; readonly keys: readonly string[] }[] = [
    { type: TYPE.release, keys: ["name", "namespace"] },
    { type: TYPE_PREFIX.kubernetes, keys: ["metadata.name", "metadata.namespace"] },
    { type: TYPE.kubernetesProvider, keys: ["clusterIdentifier"] },
    { type: TYPE.managedCluster, keys: ["resourceName", "resourceGroupName", "location"] },
    { type: TYPE.registry, keys: ["registryName", "resourceGroupName", "location"] },
    { type: TYPE.replication, keys: ["replicationName", "registryName", "resourceGroupName", "location"] },
    { type: TYPE.resourceGroup, keys: ["resourceGroupName", "location"] },
    { type: TYPE.userAssignedIdentity, keys: ["resourceName", "resourceGroupName", "location"] },
    { type: TYPE.roleAssignment, keys: ["scope", "principalId", "roleDefinitionId"] },
];

/** The changed input keys that replace a resource of `type`. */
export function replacingKeys(type: string, changedKeys: readonly string[]): string[] {
    const rule = REPLACED_ON.find((r) => type === r.type || (r.type.endsWith(":") && type.startsWith(r.type)));
    return rule ? changedKeys.filter((k) => rule.keys.includes(k)) : [];
}

const str = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

/** What replacing (or removing) `before` does to what runs, in words, for the top of a review. */
export function consequenceOf(before: PlanResource, cluster: string | undefined): string {
    const meta = (before.inputs["metadata"] ?? {}) as { name?: string; namespace?: string };
    const where = cluster ? ` on ${cluster}` : "";
    switch (before.type) {
        case TYPE.namespace:
            return before.retainOnDelete
                ? `namespace ${meta.name}${where} is left on the cluster unmanaged (retainOnDelete), with everything in it, and a new one is created`
                : `deletes namespace ${meta.name}${where} and everything in it`;
        case TYPE.release:
            return `uninstalls release ${str(before.inputs["namespace"])}/${str(before.inputs["name"])}${where}`;
        case TYPE.kubernetesProvider:
            return `replaces everything deployed through provider ${before.name}`;
        case TYPE.managedCluster:
            return `deletes cluster ${str(before.inputs["resourceName"])} and everything on it`;
        case TYPE.registry:
            return `deletes registry ${str(before.inputs["registryName"])} and every chart and image in it`;
        case TYPE.resourceGroup:
            return `deletes resource group ${str(before.inputs["resourceGroupName"])} and everything in it`;
        default:
            return meta.name
                ? `deletes ${before.type.split(":").pop()} ${meta.namespace ? `${meta.namespace}/` : ""}${meta.name}${where}`
                : `deletes ${before.type} ${before.name}`;
    }
}
