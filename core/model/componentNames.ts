/**
 * The names of the platform's components, which are part of every URN below them: the program names
 * them here, and the plan and its readers find them by the same functions. Changing one renames
 * resources in the state (an alias must keep them).
 */

/** The Platform component of an environment: named after the environment. */
export const platformComponentName = (environment: string): string => environment;

/** The Team component of `team` on `cluster`, under the Platform named `platform`: `<platform>-<cluster>-<team>`. */
export const teamComponentName = (platform: string, cluster: string, team: string): string => `${platform}-${cluster}-${team}`;
