import { LAYOUT } from "../core/base/layout";
import { type Problem, problemAt } from "../core/base/problems";
import type { TenantFile } from "../core/config/tenantFiles";
import type { GuardsSettings } from "./settings";

/** A tenant's GitHub team: the one its file names (`githubTeam`), or by default the team's own name. */
export const githubTeamOf = (tenant: TenantFile["data"]): string => tenant.githubTeam ?? tenant.team;

/** One GitHub team the guards create, and the tenants whose values folders it owns. */
export interface TenantTeam {
    readonly slug: string;
    readonly description: string;
    readonly tenants: readonly string[];
}

/** The teams of every tenant (teams that share a GitHub team share one), by slug. */
export function tenantTeams(tenants: readonly TenantFile[]): TenantTeam[] {
    const bySlug = new Map<string, string[]>();
    for (const t of tenants) {
        bySlug.set(githubTeamOf(t.data), [...(bySlug.get(githubTeamOf(t.data)) ?? []), t.data.team]);
    }
    return [...bySlug.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([slug, names]) => ({
            slug,
            tenants: names.sort(),
            description: `Owns ${names.map((n) => `${LAYOUT.tenantsDir}/${n}/`).join(", ")} in helm-platform (managed by its guards)`,
        }));
}

/**
 * A tenant's GitHub team is never the platform's or a reviewer team: that file would hand the team the
 * platform's folders in CODEOWNERS, or make the guards claim a team they do not own.
 */
export function tenantTeamProblems(tenants: readonly TenantFile[], settings: GuardsSettings): Problem[] {
    const reserved = new Set([settings.platformTeam, ...Object.values(settings.reviewers).flat()]);
    return tenants
        .filter((t) => reserved.has(githubTeamOf(t.data)))
        .map((t) =>
            problemAt(
                t.yaml,
                t.data.githubTeam ? ["githubTeam"] : ["team"],
                `GitHub team "${githubTeamOf(t.data)}" is the platform's (platformTeam or a reviewer team of the guards)`,
                "give the team a GitHub team of its own: githubTeam: <slug>",
            ),
        );
}
