import * as github from "@pulumi/github";
import * as pulumi from "@pulumi/pulumi";
import { GuardedEnvironment } from "./environment";
import { DEPLOY_BRANCH, type GitHubEnvironment } from "./environments";
import type { TenantTeam } from "./teams";

/** The checks every pull request into main must pass: `pull-request.yml`'s tests and `pull-request-report.yml`'s report. */
export const REQUIRED_CHECKS = ["tests", "report"] as const;
/** The GitHub Actions app: a required check must come from a workflow run, not from anyone's status API call. */
export const GITHUB_ACTIONS_APP_ID = 15368;

export interface RepositoryGuardsArgs {
    /** `<owner>/<name>`. */
    readonly repository: string;
    readonly environments: readonly GitHubEnvironment[];
    readonly tenantTeams: readonly TenantTeam[];
    /** Approvals a pull request into main needs besides the code owners'. */
    readonly requiredApprovals: number;
    readonly azure: { readonly resourceGroupName: pulumi.Input<string>; readonly location: pulumi.Input<string> };
}

/**
 * Everything that guards the repository on GitHub (and the Azure identities its environments sign in
 * as): the protection of main, the GitHub environments, a GitHub team per tenant with write access (a
 * code owner must have it), and the default OIDC subject template the federated credentials rely on.
 */
export class RepositoryGuards extends pulumi.ComponentResource {
    /** GitHub environment name → client ID of its identity. */
    public readonly clientIds: Record<string, pulumi.Output<string>> = {};
    /** GitHub environment name → principal ID of its identity, for the role assignments it needs. */
    public readonly principalIds: Record<string, pulumi.Output<string>> = {};

    constructor(name: string, args: RepositoryGuardsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("helm-platform-guards:github:RepositoryGuards", name, {}, opts);
        const repositoryName = args.repository.split("/")[1] as string;
        // The subjects `repo:<owner>/<repo>:environment:<env>` hold only with the default template.
        new github.ActionsRepositoryOidcSubjectClaimCustomizationTemplate(
            `${name}-oidc-subject`,
            { repository: repositoryName, useDefault: true },
            { parent: this },
        );
        this.protectMain(name, repositoryName, args.requiredApprovals);
        for (const team of args.tenantTeams) {
            const created = new github.Team(
                `${name}-team-${team.slug}`,
                { name: team.slug, description: team.description, privacy: "closed" },
                { parent: this },
            );
            new github.TeamRepository(
                `${name}-team-${team.slug}-access`,
                { teamId: created.id, repository: repositoryName, permission: "push" },
                { parent: this },
            );
        }
        const teamIds = new Map<string, pulumi.Output<number>>();
        const teamId = (slug: string) => {
            const id = teamIds.get(slug) ?? github.getTeamOutput({ slug, summaryOnly: true }, { parent: this }).id.apply(Number);
            teamIds.set(slug, id);
            return id;
        };
        for (const environment of args.environments) {
            const guarded = new GuardedEnvironment(
                `${name}-${environment.name}`,
                {
                    repositoryName,
                    repository: args.repository,
                    environment,
                    reviewerTeamIds: environment.reviewers.map(teamId),
                    azure: args.azure,
                },
                { parent: this },
            );
            if (guarded.clientId && guarded.principalId) {
                this.clientIds[environment.name] = guarded.clientId;
                this.principalIds[environment.name] = guarded.principalId;
            }
        }
        this.registerOutputs({ clientIds: this.clientIds, principalIds: this.principalIds });
    }

    /**
     * A ruleset on main, which no one bypasses (admins included): changes arrive by pull request only,
     * approved by the code owners of every file they touch and by someone other than the last pusher,
     * after the required checks passed on the branch as it is now; no force push, no deletion.
     */
    private protectMain(name: string, repositoryName: string, approvals: number): void {
        new github.RepositoryRuleset(
            `${name}-main`,
            {
                repository: repositoryName,
                name: `protect ${DEPLOY_BRANCH}`,
                target: "branch",
                enforcement: "active",
                conditions: { refName: { includes: [`refs/heads/${DEPLOY_BRANCH}`], excludes: [] } },
                bypassActors: [],
                rules: {
                    deletion: true,
                    nonFastForward: true,
                    pullRequest: {
                        requiredApprovingReviewCount: approvals,
                        requireCodeOwnerReview: true,
                        dismissStaleReviewsOnPush: true,
                        requireLastPushApproval: true,
                        requiredReviewThreadResolution: false,
                    },
                    requiredStatusChecks: {
                        strictRequiredStatusChecksPolicy: true,
                        requiredChecks: REQUIRED_CHECKS.map((context) => ({ context, integrationId: GITHUB_ACTIONS_APP_ID })),
                    },
                },
            },
            { parent: this, protect: true },
        );
    }
}
