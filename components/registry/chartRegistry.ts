import * as authorization from "@pulumi/azure-native/authorization";
import * as containerregistry from "@pulumi/azure-native/containerregistry";
import * as network from "@pulumi/azure-native/network";
import * as pulumi from "@pulumi/pulumi";
import { CONDITION_VERSION, repositoryPrefixCondition } from "../../core/azure/repositoryConditions";
import { assignmentDescription, BUILT_IN_ROLES, roleDefinitionId } from "../../core/azure/roles";
import { chartRoot, ownerRepositoryPrefix } from "../../core/base/chartPaths";
import { TYPE } from "../../core/base/resourceTypes";
import { PROFILES } from "../../core/config/profiles";
import { REGISTRY_PUBLIC_NETWORK_ACCESS } from "../../core/config/registry";
import type { REGISTRY_SKUS } from "../../core/model/environment";

/** What a registry gets when nothing says otherwise: the production profile's SKU and retention, reachable from the internet. */
export const CHART_REGISTRY_DEFAULTS = {
    sku: PROFILES.production.registry.sku,
    retentionDays: PROFILES.production.registry.retentionDays,
    publicNetworkAccess: REGISTRY_PUBLIC_NETWORK_ACCESS,
} as const;

/** A private endpoint of the registry in an existing subnet. */
export interface RegistryPrivateEndpointArgs {
    /** ARM ID of the subnet the endpoint's address comes from. */
    readonly subnetId: pulumi.Input<string>;
    /** ARM ID of the `privatelink.azurecr.io` private DNS zone to register the endpoint in. @default none: DNS is left to you */
    readonly privateDnsZoneId?: pulumi.Input<string>;
}

/** The registry to create: a resource group, a globally unique name and a region; everything else has a default. */
export interface ChartRegistryArgs {
    /** The resource group the registry and its replicas live in. */
    readonly resourceGroupName: pulumi.Input<string>;
    /** The registry's name, global to Azure: 5-50 letters and digits (`<name>.azurecr.io`). */
    readonly registryName: string;
    /** The registry's home region, such as `westeurope`. */
    readonly location: pulumi.Input<string>;
    /**
     * `Premium` has what production needs: geo-replication, private endpoints, zone redundancy and the
     * retention of untagged manifests. @default CHART_REGISTRY_DEFAULTS.sku
     */
    readonly sku?: (typeof REGISTRY_SKUS)[number];
    /** Regions the registry is replicated to, each zone-redundant with its own endpoint (Premium). @default [] (none) */
    readonly replicaLocations?: readonly string[];
    /**
     * Whether the registry takes requests from the internet; every request still needs an Entra identity
     * (no admin user, no anonymous pull). Closed, it needs `privateEndpoint`. @default CHART_REGISTRY_DEFAULTS.publicNetworkAccess
     */
    readonly publicNetworkAccess?: boolean;
    /** Days untagged manifests are kept (Premium only). @default CHART_REGISTRY_DEFAULTS.retentionDays */
    readonly retentionDays?: number;
    /** A private endpoint for the registry. @default none */
    readonly privateEndpoint?: RegistryPrivateEndpointArgs;
    /** Pulumi `protect` on the registry: `pulumi destroy` refuses to delete the charts. @default false */
    readonly protect?: boolean;
    /** Azure tags on the registry and its replicas. @default none */
    readonly tags?: Readonly<Record<string, string>>;
}

/** Who receives a role on the registry. */
export interface RegistryGrantee {
    /** Object ID of the identity's service principal, the group or the user. */
    readonly principalId: pulumi.Input<string>;
    /**
     * `ServicePrincipal` for managed identities: Azure then skips the directory look-up that fails
     * for identities created seconds earlier.
     * @default "ServicePrincipal"
     */
    readonly principalType?: "ServicePrincipal" | "Group" | "User";
}

/**
 * Azure Container Registry used as the platform's private OCI Helm chart registry. The admin user and
 * anonymous pull are off: every pull and push is an Entra ID identity with an Azure role.
 */
export class ChartRegistry extends pulumi.ComponentResource {
    /** The Azure Container Registry. */
    public readonly registry: containerregistry.Registry;
    /** `<name>.azurecr.io`. */
    public readonly loginServer: pulumi.Output<string>;
    /** `oci://<name>.azurecr.io/helm-charts`: prefix of every chart (`<owner>/<chart>` below it). */
    public readonly chartBaseUrl: pulumi.Output<string>;
    private readonly name: string;

    constructor(name: string, args: ChartRegistryArgs, opts?: pulumi.ComponentResourceOptions) {
        super(TYPE.chartRegistry, name, {}, opts);
        this.name = name;
        const sku = args.sku ?? CHART_REGISTRY_DEFAULTS.sku;
        const premium = sku === "Premium";
        const tags = args.tags ? { ...args.tags } : undefined;
        this.registry = new containerregistry.Registry(
            `${name}-acr`,
            {
                resourceGroupName: args.resourceGroupName,
                registryName: args.registryName,
                location: args.location,
                sku: { name: sku },
                adminUserEnabled: false,
                anonymousPullEnabled: false,
                publicNetworkAccess: (args.publicNetworkAccess ?? CHART_REGISTRY_DEFAULTS.publicNetworkAccess) ? "Enabled" : "Disabled",
                zoneRedundancy: premium ? "Enabled" : "Disabled",
                // Retention of untagged manifests is a Premium feature.
                policies: premium
                    ? { retentionPolicy: { days: args.retentionDays ?? CHART_REGISTRY_DEFAULTS.retentionDays, status: "enabled" } }
                    : undefined,
                tags,
            },
            { parent: this, protect: args.protect ?? false },
        );

        if (args.privateEndpoint) {
            this.privateEndpoint(name, args.resourceGroupName, args.privateEndpoint);
        }

        for (const location of args.replicaLocations ?? []) {
            new containerregistry.Replication(
                `${name}-replica-${location}`,
                {
                    resourceGroupName: args.resourceGroupName,
                    registryName: this.registry.name,
                    replicationName: location,
                    location,
                    zoneRedundancy: "Enabled",
                    regionEndpointEnabled: true,
                    tags,
                },
                { parent: this },
            );
        }

        this.loginServer = this.registry.loginServer;
        this.chartBaseUrl = this.registry.loginServer.apply(chartRoot);
        this.registerOutputs({ loginServer: this.loginServer, chartBaseUrl: this.chartBaseUrl });
    }

    /** A private endpoint for the registry's `registry` sub-resource, registered in the private DNS zone when given. */
    private privateEndpoint(name: string, resourceGroupName: pulumi.Input<string>, pe: RegistryPrivateEndpointArgs): void {
        const endpoint = new network.PrivateEndpoint(
            `${name}-pe`,
            {
                resourceGroupName,
                location: this.registry.location,
                subnet: { id: pe.subnetId },
                privateLinkServiceConnections: [{ name: `${name}-pe`, privateLinkServiceId: this.registry.id, groupIds: ["registry"] }],
            },
            { parent: this },
        );
        if (pe.privateDnsZoneId) {
            new network.PrivateDnsZoneGroup(
                `${name}-pe-dns`,
                {
                    resourceGroupName,
                    privateEndpointName: endpoint.name,
                    privateDnsZoneConfigs: [{ name: "privatelink-azurecr-io", privateDnsZoneId: pe.privateDnsZoneId }],
                },
                { parent: this },
            );
        }
    }

    /**
     * Lets an identity pull images and charts from the whole registry: Container Registry Repository
     * Reader, which is what ABAC mode honours, and AcrPull, which the legacy mode does (the registry is
     * created in it, and switched with `az acr update --role-assignment-mode rbac-abac`).
     */
    grantPull(id: string, grantee: RegistryGrantee, who = id): authorization.RoleAssignment[] {
        return [this.grant(`${id}-pull`, "acrPull", grantee, who), this.grant(`${id}-read`, "repositoryReader", grantee, who)];
    }

    /**
     * Lets an identity publish charts under one owner's path only (`helm-charts/<owner>/`): Container
     * Registry Repository Writer with an ABAC condition on the repository name, honoured in ABAC mode
     * (in the legacy mode it grants nothing, so a publisher can never write registry-wide).
     */
    grantPublish(id: string, grantee: RegistryGrantee, owner: string, who = id): authorization.RoleAssignment {
        return publishGrant(`${this.name}-${id}-publish`, { registryId: this.registry.id, grantee, owner, who }, { parent: this });
    }

    private grant(
        id: string,
        role: "acrPull" | "repositoryReader" | "repositoryWriter",
        grantee: RegistryGrantee,
        who: string,
        condition: Pick<authorization.RoleAssignmentArgs, "condition" | "conditionVersion"> = {},
    ): authorization.RoleAssignment {
        return new authorization.RoleAssignment(
            `${this.name}-${id}`,
            {
                scope: this.registry.id,
                roleDefinitionId: this.registry.id.apply((scope) => roleDefinitionId(scope, BUILT_IN_ROLES[role])),
                principalId: grantee.principalId,
                principalType: grantee.principalType ?? "ServicePrincipal",
                // The role's name in words: the full role ID is only known once the registry exists.
                description: assignmentDescription(role, `the chart registry for ${who}`),
                ...condition,
            },
            { parent: this },
        );
    }
}

/**
 * Lets an identity publish charts under one owner's path of a registry (`helm-charts/<owner>/`): what
 * {@link ChartRegistry.grantPublish} grants, for a stack that holds a team but not the registry (a shard).
 */
export function publishGrant(
    name: string,
    args: { readonly registryId: pulumi.Input<string>; readonly grantee: RegistryGrantee; readonly owner: string; readonly who: string },
    opts?: pulumi.CustomResourceOptions,
): authorization.RoleAssignment {
    const prefix = ownerRepositoryPrefix(args.owner);
    return new authorization.RoleAssignment(
        name,
        {
            scope: args.registryId,
            roleDefinitionId: pulumi.output(args.registryId).apply((scope) => roleDefinitionId(scope, BUILT_IN_ROLES.repositoryWriter)),
            principalId: args.grantee.principalId,
            principalType: args.grantee.principalType ?? "ServicePrincipal",
            description: assignmentDescription("repositoryWriter", `the chart registry for ${args.who}, under ${prefix} only`),
            condition: repositoryPrefixCondition(prefix),
            conditionVersion: CONDITION_VERSION,
        },
        opts,
    );
}
