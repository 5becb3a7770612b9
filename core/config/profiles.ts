/**
 * Named tiers of defaults. An environment picks one with `helm-platform:profile`; every cluster,
 * registry and governance setting not given in the stack file comes from it. Tiering therefore lives
 * in configuration, never in `if (environment === "prod")` branches.
 */

import { RULE_IDS, type RuleId } from "../governance/rules";

export type ProfileName = "development" | "production";

export interface NodePoolDefaults {
    readonly vmSize: string;
    readonly minCount: number;
    readonly maxCount: number;
    /** Availability zones; empty means regional (no zone pinning). */
    readonly zones: readonly string[];
}

/** A weekly window in which AKS may upgrade the cluster and its node images. */
export interface MaintenanceWindow {
    readonly dayOfWeek: "Monday" | "Tuesday" | "Wednesday" | "Thursday" | "Friday" | "Saturday" | "Sunday";
    /** `HH:MM`, in `utcOffset`. */
    readonly startTime: string;
    /** AKS requires at least 4 hours. */
    readonly durationHours: number;
    /** `+HH:MM` or `-HH:MM`. */
    readonly utcOffset: string;
}

export interface Profile {
    readonly cluster: {
        /** `Free` has no uptime SLA; `Standard` is the financially backed SLA production needs. */
        readonly skuTier: "Free" | "Standard" | "Premium";
        readonly systemPool: NodePoolDefaults;
        readonly userPool: NodePoolDefaults;
        readonly upgradeChannel: "none" | "patch" | "stable" | "rapid" | "node-image";
        readonly nodeOsUpgradeChannel: "None" | "Unmanaged" | "NodeImage" | "SecurityPatch";
        /** Azure Policy add-on (Gatekeeper) with the built-in AKS policies. */
        readonly azurePolicy: boolean;
        readonly maintenance: MaintenanceWindow;
    };
    readonly registry: {
        readonly sku: "Basic" | "Standard" | "Premium";
        readonly retentionDays: number;
    };
    /** `enforce`: governance findings are errors that stop the deployment; `advise`: warnings. */
    readonly governanceLevel: "enforce" | "advise";
    /** Pulumi `protect` on clusters, the registry and resource groups: `pulumi destroy` refuses them. */
    readonly protect: boolean;
    /**
     * Pulumi `retainOnDelete` on tenant namespaces: removing a team, or renaming its namespace, leaves
     * the namespace and everything in it on the cluster instead of deleting it.
     */
    readonly retainTenantNamespaces: boolean;
    /**
     * `azurekeyvault`: the stack must encrypt its secrets with an Azure Key Vault key (who can decrypt is
     * then an Entra decision); `any`: whatever the stack file names, a passphrase included.
     */
    readonly secretsProvider: "azurekeyvault" | "any";
    /**
     * Pod Security Admission levels of tenant namespaces: `enforce` rejects pods, `warn` tells the
     * deployer, `audit` records.
     * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/
     */
    readonly podSecurity: { readonly enforce: PodSecurityLevel; readonly warn: PodSecurityLevel; readonly audit: PodSecurityLevel };
    /**
     * Who may weaken a namespace's Pod Security level: `team` (its own file's request is granted and
     * recorded) or `waiver` (only `helm-platform:tenancy.podSecurityWaivers` in the stack grants one).
     */
    readonly podSecurityExceptions: "team" | "waiver";
    /** How Helm upgrades releases; an app may override each field. */
    readonly upgrade: UpgradePolicy;
    /** Governance rules evaluated unless the stack switches one off (with a reason). */
    readonly governanceRules: readonly RuleId[];
    /**
     * `required`: every release verifies its chart's provenance (`helm install --verify`) and a keyring
     * must be configured; `optional`: verified when a keyring is configured, a warning otherwise.
     */
    readonly chartVerification: "required" | "optional";
}

export interface UpgradePolicy {
    /** Roll back a failed install or upgrade (and remove what it created). */
    readonly atomic: boolean;
    /** Seconds Helm waits for the release's resources to become ready. */
    readonly timeoutSeconds: number;
    /** Revisions kept; each is a Secret in the namespace. */
    readonly maxHistory: number;
}

/** Pod Security Standards levels, from the least to the most restrictive. */
export const POD_SECURITY_LEVELS = ["privileged", "baseline", "restricted"] as const;

export type PodSecurityLevel = (typeof POD_SECURITY_LEVELS)[number];

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
        podSecurityExceptions: "team",
        // A failed dev upgrade stays in place so the team can inspect it.
        upgrade: { atomic: false, timeoutSeconds: 300, maxHistory: 5 },
        // Sizing rules would only be noise on single-replica dev deployments.
        governanceRules: ["chart-provenance", "image-from-platform-registry", "image-tag-pinned", "promotion-gate"],
        chartVerification: "optional",
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
        // A weaker level in front of production traffic is the platform's decision, not the team's.
        podSecurityExceptions: "waiver",
        upgrade: { atomic: true, timeoutSeconds: 600, maxHistory: 10 },
        governanceRules: RULE_IDS,
        chartVerification: "required",
    },
};
