/**
 * ABAC conditions that narrow a registry role assignment to repositories under one prefix, as ACR's
 * "RBAC Registry + ABAC Repository Permissions" mode evaluates them. A condition constrains only the
 * actions it names, so it names every data action of the role it narrows.
 * @see https://learn.microsoft.com/azure/container-registry/container-registry-rbac-abac-repository-permissions
 */

/** The data actions of Container Registry Repository Writer: every one is narrowed. */
export const WRITER_DATA_ACTIONS = [
    "Microsoft.ContainerRegistry/registries/repositories/content/read",
    "Microsoft.ContainerRegistry/registries/repositories/content/write",
    "Microsoft.ContainerRegistry/registries/repositories/metadata/read",
    "Microsoft.ContainerRegistry/registries/repositories/metadata/write",
] as const;

/** The condition language's version (the only one Azure accepts). */
export const CONDITION_VERSION = "2.0";

const REPOSITORY_NAME = "@Request[Microsoft.ContainerRegistry/registries/repositories:name]";

/**
 * The condition: the actions are allowed only on repositories whose name starts with `prefix`, which
 * ends with `/` so that `helm-charts/fin/` never covers `helm-charts/fintech-ops/`.
 */
export function repositoryPrefixCondition(prefix: string, actions: readonly string[] = WRITER_DATA_ACTIONS): string {
    if (!/^[a-z0-9][-a-z0-9/]*\/$/.test(prefix)) {
        throw new Error(`repository prefix "${prefix}" must be lowercase path segments ending with "/"`);
    }
    const unless = actions.map((a) => `  !(ActionMatches{'${a}'})`).join("\n  AND\n");
    return `(\n (\n${unless}\n )\n OR\n (\n  ${REPOSITORY_NAME} StringStartsWithIgnoreCase '${prefix}'\n )\n)`;
}

/** The prefixes a condition written by {@link repositoryPrefixCondition} allows, and the actions it narrows. */
export function conditionScope(condition: string): { readonly prefixes: string[]; readonly actions: string[] } {
    const quoted = (re: RegExp) => [...condition.matchAll(re)].map((m) => m[1] as string);
    return {
        prefixes: quoted(/StringStartsWithIgnoreCase '([^']+)'/g),
        actions: quoted(/ActionMatches\{'([^']+)'\}/g),
    };
}
