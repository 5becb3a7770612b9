import type { Problem } from "../core/base/problems";
import type { GuardsSettings } from "./settings";

/** What one kind of GitHub environment is for: its name per stack, the identity its jobs sign in as. */
export interface EnvironmentKind {
    /** The environment's name for a stack of the platform. */
    readonly name: (stack: string) => string;
    /**
     * The user-assigned managed identity its jobs sign in as (its name in Azure), and the environment
     * variable that gives the workflows its client ID; none for an environment whose jobs need no cloud.
     */
    readonly identity?: { readonly name: (stack: string) => string; readonly clientIdVariable: string };
    /** Whether the stack's reviewers approve every job (a scheduled job cannot wait for one). */
    readonly reviewed: boolean;
    /** Whether its jobs log in to the Pulumi state backend (and so get `PULUMI_BACKEND_URL`). */
    readonly state: boolean;
    /** The workflows whose jobs run in it. */
    readonly usedBy: string;
}

/**
 * Every kind of GitHub environment the workflows run in, for each stack of the platform. A workflow
 * that needs a new environment adds its kind here; a test fails while a workflow uses an environment
 * this list does not declare, or this list declares one no workflow uses.
 */
export const ENVIRONMENT_KINDS: Readonly<Record<string, EnvironmentKind>> = {
    deploy: {
        name: (stack) => stack,
        identity: { name: (stack) => `id-helm-platform-deploy-${stack}`, clientIdVariable: "AZURE_CLIENT_ID" },
        reviewed: true,
        state: true,
        usedBy: "pulumi-up.yml, called by deploy.yml and deploy-team.yml",
    },
    drift: {
        name: (stack) => `drift-${stack}`,
        identity: { name: (stack) => `id-helm-platform-drift-${stack}`, clientIdVariable: "AZURE_DRIFT_CLIENT_ID" },
        reviewed: false,
        state: false,
        usedBy: "drift.yml",
    },
};

/** The only branch whose runs may enter any of the environments. */
export const DEPLOY_BRANCH = "main";

/** One GitHub environment of the repository, with everything the guards declare for it. */
export interface GitHubEnvironment {
    readonly name: string;
    readonly kind: string;
    readonly stack: string;
    /** Slugs of the teams that approve its jobs; empty: no approval. */
    readonly reviewers: readonly string[];
    /** Name of its identity in Azure, and the variable that carries the identity's client ID; none without one. */
    readonly identity?: { readonly name: string; readonly clientIdVariable: string };
    /** Variables besides the identity's client ID and tenant ID. */
    readonly variables: Readonly<Record<string, string>>;
}

/** Every environment of every kind for each stack, in a stable order. */
export function githubEnvironments(stacks: readonly string[], settings: GuardsSettings): GitHubEnvironment[] {
    return Object.entries(ENVIRONMENT_KINDS).flatMap(([kind, k]) =>
        [...stacks].sort().map((stack) => ({
            name: k.name(stack),
            kind,
            stack,
            reviewers: k.reviewed && Object.hasOwn(settings.reviewers, stack) ? settings.reviewers[stack] : [],
            ...(k.identity ? { identity: { name: k.identity.name(stack), clientIdVariable: k.identity.clientIdVariable } } : {}),
            variables: {
                ...(k.identity ? { AZURE_SUBSCRIPTION_ID: settings.azure.subscriptionId } : {}),
                ...(k.state ? { PULUMI_BACKEND_URL: settings.pulumiBackendUrl } : {}),
            },
        })),
    );
}

/**
 * The reviewers name every stack of the platform and nothing else: a new stack is a decision about
 * who approves its deployments, never a silent "nobody".
 */
export function reviewerProblems(
    stacks: readonly string[],
    settings: GuardsSettings,
    at: (path: readonly string[], message: string, hint: string) => Problem,
): Problem[] {
    return [
        ...stacks
            .filter((stack) => !Object.hasOwn(settings.reviewers, stack))
            .map((stack) =>
                at(
                    ["reviewers"],
                    `stack "${stack}" has no entry`,
                    `name the GitHub teams that approve its deployments, or [] for none: reviewers.${stack}: [${settings.platformTeam}]`,
                ),
            ),
        ...Object.keys(settings.reviewers)
            .filter((stack) => !stacks.includes(stack))
            .map((stack) =>
                at(["reviewers", stack], `there is no stack "${stack}"`, `the stacks are: ${stacks.join(", ")} (Pulumi.<stack>.yaml)`),
            ),
    ];
}
