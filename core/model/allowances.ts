/**
 * Allowances: what the platform lets one team use beyond the platform's defaults. A team's own file only
 * asks; an allowance, in a file the platform team owns (`allowances/<team>.yaml`), allows, names who
 * approved it and when it expires. Types and enumerations only; the schema is in `config/allowances.ts`.
 */
import type { Location } from "../base/problems";
import type { ExposedServiceType, LimitsLayer, PodSecurityLevel, QuotaSpec } from "./environment";

/**
 * Admission policies the platform may waive for a named team (with a reason, in an allowance): each
 * lets a pod reach into its node or past the platform's routing, so each is denied by default at every
 * Pod Security level. The namespace carries the team's waivers (`helm-platform/admission-exceptions`),
 * which the policies read; docs/admission.md lists what each lifts.
 */
export const ADMISSION_EXCEPTIONS = [
    /** Privileged containers, added capabilities beyond what Pod Security's baseline allows, Windows HostProcess pods. */
    "privileged",
    /** `hostPath` volumes: the node's file system. */
    "hostPath",
    /** Priority classes named `system-*` (`system-node-critical`, `system-cluster-critical`). */
    "systemPriorityClass",
    /** Tolerations for the system node pool (`CriticalAddonsOnly`) or for every taint, and pods that name their node. */
    "systemPoolToleration",
    /** ingress-nginx annotations that inject configuration or call out (`*-snippet`, `auth-url`, `auth-signin`, `mirror-*`). */
    "ingressSnippets",
] as const;

export type AdmissionException = (typeof ADMISSION_EXCEPTIONS)[number];

/** What one allowance entry grants; every key is optional and an entry grants at least one. */
export interface AllowanceGrants {
    /** Service types beyond ClusterIP the team may create. */
    readonly serviceTypes?: readonly ExposedServiceType[];
    /** Ceilings of the team's ResourceQuota, by resource (the environment's quota is the ceiling otherwise). */
    readonly quota?: QuotaSpec;
    /** Ceilings of the team's LimitRange defaults (the environment's are the ceiling otherwise). */
    readonly limits?: LimitsLayer;
    /** Domains (and their subdomains) the team's Ingresses may serve. */
    readonly ingressDomains?: readonly string[];
    /** Networks the team's egress rules may reach (each rule lies inside one). */
    readonly egress?: readonly string[];
    /** The weakest Pod Security level the team may ask for. */
    readonly podSecurity?: PodSecurityLevel;
    /** Admission policies waived for the team. */
    readonly admission?: readonly AdmissionException[];
    /** Apps whose versions may skip the promotion gate (`apps.<app>.promotionExemption`). */
    readonly promotionExemptions?: readonly string[];
    /** CI identities the team may bind to its namespace: GitHub repositories (OIDC) and Entra object IDs. */
    readonly deployers?: { readonly github?: readonly string[]; readonly objectIds?: readonly string[] };
    /** A namespace other than the environment's convention. */
    readonly namespace?: string;
    /** Entra object IDs that may publish charts under the team's registry path (`helm-charts/<team>/`). */
    readonly chartPublishers?: readonly string[];
    /** Other teams' charts the team may install, as `<team>/<chart>`. */
    readonly charts?: readonly string[];
}

/** The keys an allowance may grant, in the order documentation lists them. */
export const ALLOWANCE_KEYS = [
    "serviceTypes",
    "quota",
    "limits",
    "ingressDomains",
    "egress",
    "podSecurity",
    "admission",
    "promotionExemptions",
    "deployers",
    "namespace",
    "chartPublishers",
    "charts",
] as const satisfies readonly (keyof AllowanceGrants)[];

/** One allowance entry that applies in this environment, with its approval. */
export interface AllowanceEntry extends AllowanceGrants {
    readonly reason: string;
    readonly approvedBy: string;
    /** `YYYY-MM-DD`: the last day the allowance holds. */
    readonly expires: string;
    /** Where the entry is written (`allowances/<team>.yaml`, `allowances[<n>]`). */
    readonly at: Location;
}

/** Everything a team is allowed in one environment: the entries that apply here. */
export interface TeamAllowance {
    readonly team: string;
    /** `allowances/<team>.yaml`, whether or not it exists. */
    readonly file: string;
    readonly entries: readonly AllowanceEntry[];
}
