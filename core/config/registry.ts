import { z } from "zod";
import type { ClusterSpec } from "../model/environment";
import { type Profile, REGISTRY_SKUS, type RegistrySpec } from "../model/environment";
import { regionSchema } from "./cluster";
import { objectIdSchema } from "./names";

const resourceId = z.string().regex(/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/.+/i, {
    message: "must be an Azure resource ID (/subscriptions/.../resourceGroups/.../providers/...)",
});

/**
 * Whether the registry takes requests from the internet when nothing says otherwise: yes, as Azure's own
 * default, since every request still needs an Entra identity (no admin user, no anonymous pull), and a
 * registry closed to the internet needs a private endpoint to be usable at all.
 */
export const REGISTRY_PUBLIC_NETWORK_ACCESS = true;

export const registrySchema = z.strictObject({
    name: z
        .string()
        .regex(/^[a-zA-Z0-9]{5,50}$/, { message: "must be 5-50 letters and digits (ACR names are global)" })
        .describe("Globally unique ACR name: 5-50 letters and digits."),
    sku: z.enum(REGISTRY_SKUS).optional().describe("Geo-replication and private endpoints need Premium. Omitted: the profile's."),
    replicaLocations: z
        .array(regionSchema)
        .optional()
        .describe(
            "Regions the registry is replicated to (Premium). Omitted: with Premium, every other region a cluster of the environment runs in.",
        ),
    publicNetworkAccess: z
        .boolean()
        .default(REGISTRY_PUBLIC_NETWORK_ACCESS)
        .describe("Public network access; off needs a private endpoint."),
    retentionDays: z.int().min(0).max(365).optional().describe("Days untagged manifests are kept (Premium). Omitted: the profile's."),
    platformPublishers: z
        .array(objectIdSchema)
        .default([])
        .describe(
            "Identities that publish the platform's own charts (the mirror under `helm-charts/platform/` only), for example the platform's CI. " +
                "Teams' publishers are allowances (`chartPublishers`), each on its path.",
        ),
    pushObjectIds: z
        .unknown()
        .optional()
        .meta({ deprecated: true, description: "Refused with a pointer: registry-wide push (AcrPush) is gone." }),
    privateEndpoint: z
        .strictObject({
            subnetId: resourceId.describe("The existing subnet's resource ID."),
            privateDnsZoneId: resourceId.optional().describe("The `privatelink.azurecr.io` private DNS zone's resource ID."),
        })
        .optional()
        .describe("Private endpoint in an existing subnet, with the `privatelink.azurecr.io` zone if given (Premium)."),
});

export type RegistryInput = z.output<typeof registrySchema>;

export function resolveRegistry(r: RegistryInput, location: string, profile: Profile, clusters: readonly ClusterSpec[]): RegistrySpec {
    const sku = r.sku ?? profile.registry.sku;
    const clusterRegions = clusters.flatMap((c) => (c.kind === "managed" && c.location !== location ? [c.location] : []));
    return {
        name: r.name,
        loginServer: `${r.name.toLowerCase()}.azurecr.io`,
        location,
        sku,
        replicaLocations: r.replicaLocations ?? (sku === "Premium" ? [...new Set(clusterRegions)] : []),
        publicNetworkAccess: r.publicNetworkAccess,
        retentionDays: r.retentionDays ?? profile.registry.retentionDays,
        platformPublishers: r.platformPublishers,
        privateEndpoint: r.privateEndpoint,
    };
}
