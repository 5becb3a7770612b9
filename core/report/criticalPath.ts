import { type PlanResource, resourceKey } from "./planTypes";

/**
 * The longest chain of resources that must wait for each other: through `dependsOn`, implicit
 * dependencies (inputs computed from other resources) and providers. This bounds how long a
 * deployment takes however much runs in parallel.
 */
export function criticalPath(resources: readonly PlanResource[]): string[] {
    const byKey = new Map(resources.map((r) => [resourceKey(r.type, r.name), r]));
    const waitsFor = (r: PlanResource) =>
        [...r.dependsOn, ...(r.inputDependencies ?? []), ...(r.provider ? [r.provider] : [])].filter((k) => byKey.has(k));
    const memo = new Map<string, string[]>();
    const longest = (key: string, visiting: Set<string>): string[] => {
        const known = memo.get(key);
        if (known) {
            return known;
        }
        if (visiting.has(key)) {
            throw new Error(`dependency cycle through ${key}`);
        }
        visiting.add(key);
        let best: string[] = [];
        for (const dep of waitsFor(byKey.get(key) as PlanResource)) {
            const path = longest(dep, visiting);
            if (path.length > best.length) {
                best = path;
            }
        }
        visiting.delete(key);
        const path = [...best, key];
        memo.set(key, path);
        return path;
    };
    let result: string[] = [];
    for (const key of byKey.keys()) {
        const path = longest(key, new Set());
        if (path.length > result.length) {
            result = path;
        }
    }
    return result;
}
