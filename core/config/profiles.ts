/**
 * Named tiers of defaults. An environment picks one with `helm-platform:profile`; every cluster,
 * registry and governance setting not given in the stack file comes from it. Tiering therefore lives
 * in configuration, never in `if (environment === "prod")` branches.
 */

import type { Profile, ProfileName } from "../model/environment";
import { RULE_IDS } from "../model/governance";

export const PROFILES: Readonly<Record<ProfileName, Profile>> = {
    development: {
        cluster: {
            skuTier: "Free",
            systemPool: { vmSize: "Standard_D2ds_v5", minCount: 1, maxCount: 2, zones: [] },
            userPool: { vmSize: "Standard_D4ds_v5", minCount: 1, maxCount: 3, zones: [] },
            upgradeChannel: "patch",
            nodeOsUpgradeChannel: "NodeImage",
            azurePolicy: false,
            maintenance: { dayOfWeek: "Tuesday", startTime: "06:00", durationHours: 4, utcOffset: "+00:00" },
        },
        registry: { sku: "Standard", retentionDays: 7 },
        governanceLevel: "advise",
        protect: false,
        retainTenantNamespaces: false,
        secretsProvider: "any",
        // Dev lets teams find restricted-profile problems (warnings) before they become rejections.
        podSecurity: { enforce: "baseline", warn: "restricted", audit: "restricted" },
        ingressDomainsRequired: false,
        // A failed dev upgrade stays in place so the team can inspect it.
        upgrade: { atomic: false, timeoutSeconds: 300, maxHistory: 5 },
        // Sizing rules would only be noise on single-replica dev deployments.
        governanceRules: [
            "chart-provenance",
            "image-from-platform-registry",
            "image-tag-pinned",
            "promotion-gate",
            "allowance-expiry",
            "values-keys-known",
        ],
        chartVerification: "optional",
        // Dev moves fast: digests pin what the lock holds, and the monitoring charts come from upstream.
        chartLock: "optional",
        platformCharts: "upstream",
    },
    production: {
        cluster: {
            skuTier: "Standard",
            systemPool: { vmSize: "Standard_D4ds_v5", minCount: 3, maxCount: 5, zones: ["1", "2", "3"] },
            userPool: { vmSize: "Standard_D8ds_v5", minCount: 3, maxCount: 10, zones: ["1", "2", "3"] },
            upgradeChannel: "stable",
            nodeOsUpgradeChannel: "NodeImage",
            azurePolicy: true,
            maintenance: { dayOfWeek: "Sunday", startTime: "02:00", durationHours: 4, utcOffset: "+00:00" },
        },
        registry: { sku: "Premium", retentionDays: 30 },
        governanceLevel: "enforce",
        protect: true,
        retainTenantNamespaces: true,
        secretsProvider: "azurekeyvault",
        podSecurity: { enforce: "restricted", warn: "restricted", audit: "restricted" },
        // Production Ingresses live under domains the platform names, so no team can take microsoft.com or co.uk.
        ingressDomainsRequired: true,
        upgrade: { atomic: true, timeoutSeconds: 600, maxHistory: 10 },
        governanceRules: RULE_IDS,
        chartVerification: "required",
        // What runs is exactly what was reviewed, and nothing is pulled from the internet at deploy time.
        chartLock: "required",
        platformCharts: "mirror",
    },
};
