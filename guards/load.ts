import { ConfigError, type Problem, sortProblems } from "../core/base/problems";
import type { SourceTree } from "../core/base/sourceTree";
import { readTenantFiles } from "../core/config/tenantFiles";
import { knownEnvironments } from "../core/load/loadConfiguration";
import { type GitHubEnvironment, githubEnvironments, reviewerProblems } from "./environments";
import { type GuardsSettings, guardsSettings, guardsSettingsFile, settingProblem } from "./settings";
import { type TenantTeam, tenantTeamProblems, tenantTeams } from "./teams";

/** Everything the guards declare, from the repository's own files. */
export interface Guards {
    readonly settings: GuardsSettings;
    /** The platform's stacks (`Pulumi.<stack>.yaml` at the root). */
    readonly stacks: readonly string[];
    readonly environments: readonly GitHubEnvironment[];
    readonly teams: readonly TenantTeam[];
}

/**
 * Reads and checks what the guards need: their settings (from the Pulumi configuration when given,
 * else from their stack file), the platform's stacks and every tenant file. Throws one
 * {@link ConfigError} with every problem; then nothing is registered.
 */
export function loadGuards(tree: SourceTree, stack: string, config?: Readonly<Record<string, string>>): Guards {
    const settings = config ? guardsSettings(config, tree, stack) : guardsSettingsFile(tree, stack);
    const problems: Problem[] = [];
    const tenants = readTenantFiles(tree, problems);
    const stacks = knownEnvironments(tree);
    problems.push(
        ...reviewerProblems(stacks, settings, (path, message, hint) => settingProblem(tree, stack, path, message, hint)),
        ...tenantTeamProblems(tenants, settings),
    );
    if (problems.length > 0) {
        throw new ConfigError(sortProblems(problems));
    }
    return { settings, stacks, environments: githubEnvironments(stacks, settings), teams: tenantTeams(tenants) };
}
