import type { StackModel } from "../model/stackModel";

/** `<team>-<app>` → cluster → `chart@version`: the release inventory the stack exports. */
export function releaseInventory(model: StackModel): Record<string, Record<string, string>> {
    const inventory: Record<string, Record<string, string>> = {};
    for (const r of [...model.releases].sort((a, b) => a.name.localeCompare(b.name) || a.cluster.localeCompare(b.cluster))) {
        const clusters = inventory[r.name] ?? {};
        clusters[r.cluster] = `${r.chartName}@${r.version}`;
        inventory[r.name] = clusters;
    }
    return inventory;
}
