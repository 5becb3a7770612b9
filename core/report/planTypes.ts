/** The types of plan.json (inferred from its schemas, planSchema.ts) and small helpers that read it. */
import type { Plan, PlanRelease, PlanResource } from "./planSchema";

export type { InventoryShard, InventoryTeam, Plan, PlanFinding, PlanInventory, PlanRelease, PlanResource } from "./planSchema";

/** Team and platform releases. */
export const allReleases = (plan: Pick<Plan, "releases" | "platformReleases">): readonly PlanRelease[] => [
    ...plan.releases,
    ...plan.platformReleases,
];

export const resourceKey = (type: string, name: string): string => `${type}::${name}`;

/** A release's chart as Helm names it: the last segment of an OCI reference, or a classic repository's chart name. */
export const chartNameOf = (r: Pick<PlanRelease, "chart">): string => r.chart.split("/").pop() as string;

/** The `clusterIdentifier` (`<env>/<cluster>`) of the Kubernetes provider a resource is registered with, if any. */
export function clusterIdentifierOf(byKey: ReadonlyMap<string, PlanResource>, r: PlanResource): string | undefined {
    const id = r.provider ? byKey.get(r.provider)?.inputs["clusterIdentifier"] : undefined;
    return typeof id === "string" ? id : undefined;
}
