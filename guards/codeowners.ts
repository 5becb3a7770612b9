import { LAYOUT } from "../core/base/layout";
import type { SourceTree } from "../core/base/sourceTree";
import { loadGuards } from "./load";
import type { TenantTeam } from "./teams";

/** Where GitHub reads the code owners from. */
export const CODEOWNERS_FILE = ".github/CODEOWNERS";

/**
 * What the platform team owns even though it sits beside or under what teams own; written after the
 * teams' folders, so these lines win (in CODEOWNERS the last matching pattern decides). Everything not
 * matched by any line is the platform's too (`*`, the first line): code, charts, values, keys.
 */
export const PLATFORM_OWNED: readonly { readonly pattern: string; readonly what: string }[] = [
    { pattern: `/${LAYOUT.tenantsDir}/*.yaml`, what: "tenant files: what each team asks for" },
    { pattern: "/allowances/", what: "what the platform allows each team" },
    { pattern: "/Pulumi.yaml", what: "the project and its settings" },
    { pattern: "/Pulumi.*.yaml", what: "stack files: environments, waivers, secrets, allowances" },
    { pattern: "/.github/", what: "workflows and this file" },
    { pattern: "/guards/", what: "the repository's guards" },
];

/**
 * The CODEOWNERS file: the platform team owns everything, each tenant's GitHub team owns its values
 * folder `tenants/<team>/`, and the platform again owns {@link PLATFORM_OWNED}. Stable: sorted by team.
 * @see https://docs.github.com/repositories/managing-your-repositorys-settings-and-features/customizing-your-repository/about-code-owners
 */
export function codeowners(org: string, platformTeam: string, teams: readonly TenantTeam[]): string {
    const owner = (slug: string) => `@${org}/${slug}`;
    const folders = teams
        .flatMap((t) => t.tenants.map((tenant) => ({ tenant, slug: t.slug })))
        .sort((a, b) => a.tenant.localeCompare(b.tenant))
        .map(({ tenant, slug }) => `/${LAYOUT.tenantsDir}/${tenant}/ ${owner(slug)}`);
    const width = Math.max(...PLATFORM_OWNED.map((p) => p.pattern.length));
    return [
        "# Generated from tenants/*.yaml and guards/Pulumi.repository.yaml by `npm run codeowners`; a test fails",
        "# when it is out of date. The last matching line decides who must approve a change.",
        "",
        "# The platform team owns everything not named below.",
        `* ${owner(platformTeam)}`,
        "",
        "# Each team owns its values folder.",
        ...folders,
        "",
        "# These stay the platform's, whatever line above matches them too.",
        ...PLATFORM_OWNED.map((p) => `${p.pattern.padEnd(width)} ${owner(platformTeam)}  # ${p.what}`),
        "",
    ].join("\n");
}

/** The CODEOWNERS file of a repository's tree, from its tenant files and the guards' stack file. */
export function codeownersOf(tree: SourceTree, stack: string): string {
    const { settings, teams } = loadGuards(tree, stack);
    return codeowners(settings.repository.split("/")[0] as string, settings.platformTeam, teams);
}
