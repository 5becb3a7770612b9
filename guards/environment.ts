import * as github from "@pulumi/github";
import * as pulumi from "@pulumi/pulumi";
import { DEPLOY_BRANCH, type GitHubEnvironment } from "./environments";
import { EnvironmentIdentity } from "./identity";

export interface GuardedEnvironmentArgs {
    /** The repository's name (without its owner), as the GitHub provider names repositories. */
    readonly repositoryName: string;
    /** `<owner>/<name>`: what the identity's OIDC subject names. */
    readonly repository: string;
    readonly environment: GitHubEnvironment;
    /** GitHub team IDs of the environment's reviewers (at most 6). */
    readonly reviewerTeamIds: readonly pulumi.Input<number>[];
    /** Where its identity lives. */
    readonly azure: { readonly resourceGroupName: pulumi.Input<string>; readonly location: pulumi.Input<string> };
}

/**
 * One GitHub environment with everything that guards it: only `main` may deploy to it (a deployment
 * branch policy), its reviewers (who may not approve their own run, and whom admins cannot bypass),
 * the Azure identity that only its jobs can sign in as (when its kind has one), and the variables its
 * workflows read.
 * @see https://docs.github.com/actions/managing-workflow-runs-and-deployments/managing-deployments/managing-environments-for-deployment
 */
export class GuardedEnvironment extends pulumi.ComponentResource {
    /** Its identity's client ID; undefined for an environment without one. */
    public readonly clientId?: pulumi.Output<string>;
    /** Its identity's service principal: what its Azure role assignments name. */
    public readonly principalId?: pulumi.Output<string>;

    constructor(name: string, args: GuardedEnvironmentArgs, opts?: pulumi.ComponentResourceOptions) {
        super("helm-platform-guards:github:GuardedEnvironment", name, {}, opts);
        const e = args.environment;
        const reviewed = args.reviewerTeamIds.length > 0;
        const environment = new github.RepositoryEnvironment(
            `${name}-environment`,
            {
                repository: args.repositoryName,
                environment: e.name,
                canAdminsBypass: false,
                preventSelfReview: reviewed,
                reviewers: reviewed ? [{ teams: [...args.reviewerTeamIds] }] : undefined,
                deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true },
            },
            { parent: this, protect: true },
        );
        new github.RepositoryEnvironmentDeploymentPolicy(
            `${name}-${DEPLOY_BRANCH}`,
            { repository: args.repositoryName, environment: environment.environment, branchPattern: DEPLOY_BRANCH },
            { parent: this },
        );
        const identity = e.identity
            ? new EnvironmentIdentity(
                  `${name}-azure`,
                  {
                      ...args.azure,
                      identityName: e.identity.name,
                      repository: args.repository,
                      environment: environment.environment,
                      tags: { "helm-platform/github-environment": e.name, "helm-platform/stack": e.stack },
                  },
                  { parent: this },
              )
            : undefined;
        const variables: Record<string, pulumi.Input<string>> = {
            ...(identity && e.identity ? { [e.identity.clientIdVariable]: identity.clientId, AZURE_TENANT_ID: identity.tenantId } : {}),
            ...e.variables,
        };
        for (const [variableName, value] of Object.entries(variables).sort(([a], [b]) => a.localeCompare(b))) {
            new github.ActionsEnvironmentVariable(
                `${name}-${variableName.toLowerCase().replace(/_/g, "-")}`,
                { repository: args.repositoryName, environment: environment.environment, variableName, value },
                { parent: this },
            );
        }
        this.clientId = identity?.clientId;
        this.principalId = identity?.principalId;
        this.registerOutputs({ clientId: this.clientId, principalId: this.principalId });
    }
}
