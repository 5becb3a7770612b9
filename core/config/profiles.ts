/**
 * Named tiers of defaults. An environment picks one with `helm-platform:profile`; every cluster,
 * registry and governance setting not given in the stack file comes from it. Tiering therefore lives
 * in configuration, never in `if (environment === "prod")` branches.
 */

export type ProfileName = "development" | "production";

export interface NodePoolDefaults {
    readonly vmSize: string;
    readonly minCount: number;
    readonly maxCount: number;
    /** Availability zones; empty means regional (no zone pinning). */
    readonly zones: readonly string[];
}

export interface Profile {
    readonly cluster: {
        /** `Free` has no uptime SLA; `Standard` is the financially backed SLA production needs. */
        readonly skuTier: "Free" | "Standard" | "Premium";
        readonly systemPool: NodePoolDefaults;
        readonly userPool: NodePoolDefaults;
        readonly upgradeChannel: "none" | "patch" | "stable" | "rapid" | "node-image";
        readonly nodeOsUpgradeChannel: "None" | "Unmanaged" | "NodeImage" | "SecurityPatch";
    };
    readonly registry: {
        readonly sku: "Basic" | "Standard" | "Premium";
        readonly retentionDays: number;
    };
    /** `enforce`: governance findings are errors that stop the deployment; `advise`: warnings. */
    readonly governanceLevel: "enforce" | "advise";
}

export const PROFILES: Readonly<Record<ProfileName, Profile>> = {
    development: {
        cluster: {
            skuTier: "Free",
            systemPool: { vmSize: "Standard_D2ds_v5", minCount: 1, maxCount: 2, zones: [] },
            userPool: { vmSize: "Standard_D4ds_v5", minCount: 1, maxCount: 3, zones: [] },
            upgradeChannel: "patch",
            nodeOsUpgradeChannel: "NodeImage",
        },
        registry: { sku: "Standard", retentionDays: 7 },
        governanceLevel: "advise",
    },
    production: {
        cluster: {
            skuTier: "Standard",
            systemPool: { vmSize: "Standard_D4ds_v5", minCount: 3, maxCount: 5, zones: ["1", "2", "3"] },
            userPool: { vmSize: "Standard_D8ds_v5", minCount: 3, maxCount: 10, zones: ["1", "2", "3"] },
            upgradeChannel: "stable",
            nodeOsUpgradeChannel: "NodeImage",
        },
        registry: { sku: "Premium", retentionDays: 30 },
        governanceLevel: "enforce",
    },
};
