import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as pulumi from "@pulumi/pulumi";
import { ENTRA_TOKEN_EXCHANGE_AUDIENCE, GITHUB_ISSUER } from "../../core/azure/names";
import { TYPE } from "../../core/base/resourceTypes";

export { ENTRA_TOKEN_EXCHANGE_AUDIENCE, GITHUB_ISSUER };

export interface TeamCiIdentityArgs {
    /** The resource group the identity lives in. */
    readonly resourceGroupName: pulumi.Input<string>;
    /** The identity's region. */
    readonly location: pulumi.Input<string>;
    /** The identity's name in Azure, for example `id-prod-fintech-ci`. */
    readonly identityName: string;
    /**
     * The GitHub OIDC subject allowed to sign in as this identity, for example
     * `repo:contoso/payments:environment:prod`: one repository, one GitHub environment.
     */
    readonly subject: string;
    /** Azure tags on the identity. @default none */
    readonly tags?: Readonly<Record<string, string>>;
}

/**
 * A team's CI identity: a user-assigned managed identity that GitHub Actions workflows of one repository
 * and environment sign in as with their OIDC token. There is no secret to store or rotate; creating
 * it needs only Azure rights (no directory permissions, unlike an app registration).
 * @see https://learn.microsoft.com/entra/workload-id/workload-identity-federation-create-trust-user-assigned-managed-identity
 */
export class TeamCiIdentity extends pulumi.ComponentResource {
    /** Object ID of the identity's service principal: what Kubernetes RBAC and Azure roles name. */
    public readonly principalId: pulumi.Output<string>;
    /** Client ID the workflow passes to `azure/login`. */
    public readonly clientId: pulumi.Output<string>;

    constructor(name: string, args: TeamCiIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
        super(TYPE.teamCiIdentity, name, { subject: args.subject }, opts);
        const identity = new managedidentity.UserAssignedIdentity(
            `${name}-identity`,
            {
                resourceGroupName: args.resourceGroupName,
                resourceName: args.identityName,
                location: args.location,
                tags: args.tags ? { ...args.tags } : undefined,
            },
            { parent: this },
        );
        new managedidentity.FederatedIdentityCredential(
            `${name}-github`,
            {
                resourceGroupName: args.resourceGroupName,
                resourceName: identity.name,
                federatedIdentityCredentialResourceName: "github",
                issuer: GITHUB_ISSUER,
                subject: args.subject,
                audiences: [ENTRA_TOKEN_EXCHANGE_AUDIENCE],
            },
            { parent: this },
        );
        this.principalId = identity.principalId;
        this.clientId = identity.clientId;
        this.registerOutputs({ principalId: this.principalId, clientId: this.clientId });
    }
}
