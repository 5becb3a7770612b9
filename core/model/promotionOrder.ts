/** Environments in promotion order (an environment after the one it is promoted from), then by name. */
export function promotionOrder(plans: readonly { readonly environment: string; readonly promotionFrom?: string }[]): string[] {
    const from = new Map(plans.map((p) => [p.environment, p.promotionFrom]));
    const depth = (env: string, seen = new Set<string>()): number => {
        const parent = from.get(env);
        return parent && from.has(parent) && !seen.has(parent) ? 1 + depth(parent, new Set([...seen, env])) : 0;
    };
    return [...from.keys()].sort((a, b) => depth(a) - depth(b) || a.localeCompare(b));
}
