import * as authorization from "@pulumi/azure-native/authorization";
import * as containerregistry from "@pulumi/azure-native/containerregistry";
import * as network from "@pulumi/azure-native/network";
import * as pulumi from "@pulumi/pulumi";
import { assignmentDescription, BUILT_IN_ROLES, roleDefinitionId } from "../../core/azure/roles";
import { CHART_REPOSITORY_PATH } from "../../core/base/constants";
import { TYPE } from "../../core/base/resourceTypes";
import type { RegistrySpec } from "../../core/model/environment";

export interface ChartRegistryArgs {
    readonly resourceGroupName: pulumi.Input<string>;
    /** The validated registry settings. */
    readonly spec: RegistrySpec;
    /** Pulumi `protect` on the registry: `pulumi destroy` refuses to delete the charts. @default false */
    readonly protect?: boolean;
    readonly tags?: Readonly<Record<string, string>>;
}

/** Who receives a role on the registry. */
export interface RegistryGrantee {
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
    public readonly registry: containerregistry.Registry;
    /** `<name>.azurecr.io`. */
    public readonly loginServer: pulumi.Output<string>;
    /** `oci://<name>.azurecr.io/helm-charts`: prefix of every platform chart. */
    public readonly chartBaseUrl: pulumi.Output<string>;
    private readonly name: string;

    constructor(name: string, args: ChartRegistryArgs, opts?: pulumi.ComponentResourceOptions) {
        super(TYPE.chartRegistry, name, {}, opts);
        this.name = name;
        const { spec } = args;
        const premium = spec.sku === "Premium";
        this.registry = new containerregistry.Registry(
            `${name}-acr`,
            {
                resourceGroupName: args.resourceGroupName,
                registryName: spec.name,
                location: spec.location,
                sku: { name: spec.sku },
                adminUserEnabled: false,
                anonymousPullEnabled: false,
                publicNetworkAccess: spec.publicNetworkAccess ? "Enabled" : "Disabled",
                zoneRedundancy: premium ? "Enabled" : "Disabled",
                // Retention of untagged manifests is a Premium feature.
                policies: premium ? { retentionPolicy: { days: spec.retentionDays, status: "enabled" } } : undefined,
                tags: args.tags ? { ...args.tags } : undefined,
            },
            { parent: this, protect: args.protect ?? false },
        );

        if (spec.privateEndpoint) {
            this.privateEndpoint(name, args.resourceGroupName, spec.privateEndpoint);
        }

        for (const location of spec.replicaLocations) {
            new containerregistry.Replication(
                `${name}-replica-${location}`,
                {
                    resourceGroupName: args.resourceGroupName,
                    registryName: this.registry.name,
                    replicationName: location,
                    location,
                    zoneRedundancy: "Enabled",
                    regionEndpointEnabled: true,
                    tags: args.tags ? { ...args.tags } : undefined,
                },
                { parent: this },
            );
        }

        this.loginServer = this.registry.loginServer;
        this.chartBaseUrl = pulumi.interpolate`oci://${this.registry.loginServer}/${CHART_REPOSITORY_PATH}`;
        this.registerOutputs({ loginServer: this.loginServer, chartBaseUrl: this.chartBaseUrl });
    }

    /** A private endpoint for the registry's `registry` sub-resource, registered in the private DNS zone when given. */
    private privateEndpoint(name: string, resourceGroupName: pulumi.Input<string>, pe: NonNullable<RegistrySpec["privateEndpoint"]>): void {
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

    /** Lets an identity pull images and charts (AcrPull). */
    grantPull(id: string, grantee: RegistryGrantee): authorization.RoleAssignment {
        return this.grant(`${id}-pull`, "acrPull", grantee, id);
    }

    /** Lets an identity push images and charts (AcrPush), for example the CI that publishes charts. */
    grantPush(id: string, grantee: RegistryGrantee): authorization.RoleAssignment {
        return this.grant(`${id}-push`, "acrPush", grantee, id);
    }

    private grant(id: string, role: "acrPull" | "acrPush", grantee: RegistryGrantee, who: string): authorization.RoleAssignment {
        return new authorization.RoleAssignment(
            `${this.name}-${id}`,
            {
                scope: this.registry.id,
                roleDefinitionId: this.registry.id.apply((scope) => roleDefinitionId(scope, BUILT_IN_ROLES[role])),
                principalId: grantee.principalId,
                principalType: grantee.principalType ?? "ServicePrincipal",
                // The role's name in words: the full role ID is only known once the registry exists.
                description: assignmentDescription(role, `the chart registry for ${who}`),
            },
            { parent: this },
        );
    }
}
