/**
 * The repository's guards: `pulumi up` in guards/ (its own project and stack, `repository`) with a
 * GitHub token that administers the repository and an Azure session that may create identities.
 * Declares the GitHub environments the workflows run in and who may deploy through them, the
 * protection of main, a GitHub team per tenant, and the identities the environments sign in as.
 */
import * as path from "node:path";
import { Provider as AzureProvider } from "@pulumi/azure-native/provider";
import * as github from "@pulumi/github";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "../core/base/problems";
import { diskTree, type SourceTree } from "../core/base/sourceTree";
import { type Guards, loadGuards } from "./load";
import { RepositoryGuards } from "./repository";

/** Under `pulumi up` the runtime calls this with no argument; tests pass their own tree. */
export = async (tree: SourceTree = diskTree(path.resolve(__dirname, ".."))) => {
    const guards = loadOrExplain(tree);
    const { settings } = guards;
    const owner = settings.repository.split("/")[0] as string;
    const providers = [
        new github.Provider("github", { owner }),
        new AzureProvider("azure", { subscriptionId: settings.azure.subscriptionId }),
    ];
    const repository = new RepositoryGuards(
        "repository",
        {
            repository: settings.repository,
            environments: guards.environments,
            tenantTeams: guards.teams,
            requiredApprovals: settings.requiredApprovals,
            azure: { resourceGroupName: settings.azure.resourceGroupName, location: settings.azure.location },
        },
        { providers },
    );
    return {
        environments: guards.environments.map((e) => e.name),
        clientIds: repository.clientIds,
        principalIds: repository.principalIds,
    };
};

function loadOrExplain(tree: SourceTree): Guards {
    try {
        return loadGuards(tree, pulumi.getStack(), pulumi.runtime.allConfig());
    } catch (error) {
        // One report with file, line and key, not a stack trace.
        throw error instanceof ConfigError ? new pulumi.RunError(error.message) : error;
    }
}
