/**
 * Built-in Azure role definition IDs used by the platform. They are the same in every tenant.
 * @see https://learn.microsoft.com/azure/role-based-access-control/built-in-roles
 */
export const BUILT_IN_ROLES = {
    /** Pull images and charts from a container registry. */
    acrPull: "7f951dda-4ed3-4680-a7ca-43fe172d538d",
    /** Push and pull images and charts. */
    acrPush: "8311e382-0749-4cb8-b61a-304f252e45ec",
    /** Full access to every Kubernetes resource of an AKS cluster with Azure RBAC. */
    aksRbacClusterAdmin: "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b",
    /** Read-only access to most objects in a namespace (no secrets): Kubernetes `view`. */
    aksRbacReader: "7f6c6a51-bcf8-42ba-9220-52d62157d7db",
    /** Fetch the cluster's user kubeconfig (no Kubernetes rights of its own): what a CI needs to sign in. */
    aksClusterUser: "4abbcc35-e782-43d8-92c5-2d3f1bd2253f",
    /**
     * Read repositories (pull) of a registry in ABAC mode ("RBAC Registry + ABAC Repository Permissions"),
     * where AcrPull and AcrPush are not honoured; a condition may narrow it to repositories.
     * @see https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/containers#container-registry-repository-reader
     */
    repositoryReader: "b93aa761-3e63-49ed-ac28-beffa264f7ac",
    /**
     * Read and write repositories (pull, push, and their metadata: locking a tag) of a registry in ABAC
     * mode; the platform always narrows it to one owner's path with a condition.
     * @see https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/containers#container-registry-repository-writer
     */
    repositoryWriter: "2a1e307c-b015-4ebd-883e-5b7698a07328",
} as const;

/** The full role definition ID for a scope such as `/subscriptions/<id>/resourceGroups/...`. */
export function roleDefinitionId(scope: string, roleId: string): string {
    const subscription = scope.split("/").slice(0, 3).join("/");
    if (!/^\/subscriptions\/[^/]+$/.test(subscription)) {
        throw new Error(`cannot find the subscription in scope "${scope}"`);
    }
    return `${subscription}/providers/Microsoft.Authorization/roleDefinitions/${roleId}`;
}

/** Display names of the roles above, for descriptions and reports. */
export const ROLE_NAMES: Readonly<Record<keyof typeof BUILT_IN_ROLES, string>> = {
    acrPull: "AcrPull",
    acrPush: "AcrPush",
    aksRbacClusterAdmin: "Azure Kubernetes Service RBAC Cluster Admin",
    aksRbacReader: "Azure Kubernetes Service RBAC Reader",
    aksClusterUser: "Azure Kubernetes Service Cluster User Role",
    repositoryReader: "Container Registry Repository Reader",
    repositoryWriter: "Container Registry Repository Writer",
};

const DESCRIPTION = /^helm-platform: (.+?) on (.+)$/;

/**
 * The description of a role assignment the platform makes. It names the role in words, because the
 * full role definition ID is only known once the scope exists; `roleOfDescription` reads it back.
 */
export function assignmentDescription(role: keyof typeof BUILT_IN_ROLES, target: string): string {
    return `helm-platform: ${ROLE_NAMES[role]} on ${target}`;
}

/** The role name in a description written by {@link assignmentDescription}. */
export function roleOfDescription(description: string): string | undefined {
    return DESCRIPTION.exec(description)?.[1];
}
