/**
 * helm-platform: one stack per environment. Loads and validates all configuration (nothing is
 * registered when anything is wrong), builds the platform, and exports the stack outputs.
 */
import { diskTree, type SourceTree } from "./core/base/sourceTree";
import { loadCurrentStack, runStack } from "./program/stack";

/**
 * Under `pulumi up` the runtime calls this with no argument. Before any team is registered, the
 * registry is asked for every chart the stack installs (through Helm's login: scripts/registry-login.sh).
 */
export = async (tree: SourceTree = diskTree(__dirname)) =>
    runStack(loadCurrentStack(tree), { registryPreflight: { only: targetedScope(process.env) } });

/**
 * A targeted `pulumi up` (break-glass, one team's deploy) names what it deploys, so that the registry
 * is asked only about that: `HELM_PLATFORM_PREFLIGHT_TEAMS` and `HELM_PLATFORM_PREFLIGHT_RELEASES`,
 * space-separated. Neither set: every chart of the stack.
 */
function targetedScope(env: NodeJS.ProcessEnv): { teams: string[]; releases: string[] } | undefined {
    const list = (name: string) => (env[name] ?? "").split(/\s+/).filter(Boolean);
    const [teams, releases] = [list("HELM_PLATFORM_PREFLIGHT_TEAMS"), list("HELM_PLATFORM_PREFLIGHT_RELEASES")];
    return teams.length + releases.length > 0 ? { teams, releases } : undefined;
}
