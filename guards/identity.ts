import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as pulumi from "@pulumi/pulumi";
import { ENTRA_TOKEN_EXCHANGE_AUDIENCE, GITHUB_ISSUER, githubEnvironmentSubject } from "../core/azure/names";

export interface EnvironmentIdentityArgs {
    readonly resourceGroupName: pulumi.Input<string>;
    readonly location: pulumi.Input<string>;
    /** The identity's name in Azure, such as `id-helm-platform-deploy-prod`. */
    readonly identityName: string;
    /** `<owner>/<name>` of the repository whose workflows sign in. */
    readonly repository: string;
    /**
     * The GitHub environment whose jobs may sign in: pass the environment resource's own name, so the
     * credential names an environment that exists, with its branch policy and reviewers, and follows it.
     */
    readonly environment: pulumi.Input<string>;
    readonly tags?: Readonly<Record<string, string>>;
}

/**
 * The Azure identity of one GitHub environment: a user-assigned managed identity and one federated
 * credential for the OIDC tokens of that environment's jobs in this repository, and for nothing else
 * (no branch, tag or pull-request subject). No secret exists to leak or rotate.
 * @see https://learn.microsoft.com/entra/workload-id/workload-identity-federation-create-trust-user-assigned-managed-identity
 */
export class EnvironmentIdentity extends pulumi.ComponentResource {
    /** Client ID the workflow passes to `azure/login`. */
    public readonly clientId: pulumi.Output<string>;
    /** Object ID of the identity's service principal: what Azure role assignments name. */
    public readonly principalId: pulumi.Output<string>;
    public readonly tenantId: pulumi.Output<string>;

    constructor(name: string, args: EnvironmentIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("helm-platform-guards:azure:EnvironmentIdentity", name, {}, opts);
        const identity = new managedidentity.UserAssignedIdentity(
            `${name}-identity`,
            {
                resourceGroupName: args.resourceGroupName,
                resourceName: args.identityName,
                location: args.location,
                tags: args.tags ? { ...args.tags } : undefined,
            },
            { parent: this, protect: true },
        );
        new managedidentity.FederatedIdentityCredential(
            `${name}-github`,
            {
                resourceGroupName: args.resourceGroupName,
                resourceName: identity.name,
                federatedIdentityCredentialResourceName: "github",
                issuer: GITHUB_ISSUER,
                subject: pulumi.output(args.environment).apply((environment) => githubEnvironmentSubject(args.repository, environment)),
                audiences: [ENTRA_TOKEN_EXCHANGE_AUDIENCE],
            },
            { parent: this },
        );
        this.clientId = identity.clientId;
        this.principalId = identity.principalId;
        this.tenantId = identity.tenantId;
        this.registerOutputs({ clientId: this.clientId, principalId: this.principalId });
    }
}
