/** The platform's governance rules by id (each is implemented once, in `governance/rules.ts`), and waivers. */
export const RULE_IDS = [
    "chart-provenance",
    "image-from-platform-registry",
    "image-tag-pinned",
    "resources-set",
    "replicas-or-autoscaler",
    "promotion-gate",
    "allowance-expiry",
    "values-keys-known",
] as const;

export type RuleId = (typeof RULE_IDS)[number];

/** How much a finding weighs: an `error` stops the deployment, a `warning` is reported. */
export const FINDING_LEVELS = ["error", "warning"] as const;
export type FindingLevel = (typeof FINDING_LEVELS)[number];

/** A rule switched off in one environment, and why. */
export interface Waiver {
    readonly rule: RuleId;
    readonly reason: string;
}
