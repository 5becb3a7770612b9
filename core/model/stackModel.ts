/**
 * The validated model of one stack (a whole environment, its foundation or one shard) as plain data:
 * its teams and their releases, what every later layer (values, governance, tenancy objects, monitoring,
 * components, reports) reads. Types only; the fixed names are in constants.ts.
 */

import type { Location } from "../base/problems";
import type { UnknownKey } from "../values/knownKeys";
import type { Values } from "../values/merge";
import type { AdmissionException, TeamAllowance } from "./allowances";
import type {
    EnvironmentSpec,
    ExposedServiceType,
    LimitsSpec,
    PodSecurityLevel,
    PortProtocol,
    QuotaSpec,
    UpgradePolicy,
} from "./environment";
import type { MonitoringSpec, TeamAlerts } from "./monitoring";
import type { StackSpec } from "./stack";

/** A port a network allowance opens. */
export interface PortSpec {
    readonly port: number;
    readonly protocol: PortProtocol;
}

/** Traffic a team's pods may send beyond their namespace, DNS and the platform. */
export type EgressAllowance = { readonly description: string; readonly ports: readonly PortSpec[] } & (
    | { readonly cidr: string }
    /** To another tenant's namespace on the same cluster; that tenant admits it (`network.ingress`). */
    | { readonly team: string; readonly namespace: string }
);

/** Another tenant whose pods may reach this team's pods. */
export interface IngressAllowance {
    readonly description: string;
    readonly team: string;
    readonly namespace: string;
    readonly ports: readonly PortSpec[];
}

/** The identity a team's CI deploys and operates with: an Entra identity, never a token in a Secret. */
export type CiIdentitySpec =
    /** An identity this platform creates, trusted for GitHub Actions OIDC tokens of one repository and environment. */
    | { readonly kind: "github"; readonly repository: string; readonly subject: string }
    /** An existing Entra application or managed identity, by the object ID of its service principal. */
    | { readonly kind: "objectId"; readonly objectId: string };

/** Pod Security Admission levels of a tenant namespace, and how an exception came about. */
export interface PodSecuritySpec {
    readonly enforce: PodSecurityLevel;
    readonly warn: PodSecurityLevel;
    readonly audit: PodSecurityLevel;
    /** What the team asked for in its file, when weaker than the environment's level. */
    readonly requested?: { readonly enforce: PodSecurityLevel; readonly reason: string; readonly at: Location };
    /** The recorded reason of a weaker level: the team's request, which its allowance allows. */
    readonly exceptionReason?: string;
}

/** A team as it runs in this environment. */
export interface TeamSpec {
    readonly team: string;
    readonly file: string;
    readonly description?: string;
    readonly namespace: string;
    readonly ownerGroupObjectIds: readonly string[];
    readonly viewerGroupObjectIds: readonly string[];
    readonly podSecurity: PodSecuritySpec;
    /** ResourceQuota `hard`: platform defaults, then the environment, then the team. */
    readonly quota: QuotaSpec;
    /** LimitRange defaults, layered the same way. */
    readonly limits: LimitsSpec;
    readonly egress: readonly EgressAllowance[];
    readonly ingressFrom: readonly IngressAllowance[];
    /** Namespace of the ingress controller allowed to reach the team's pods, if any. */
    readonly ingressNamespace?: string;
    /** Namespace of Prometheus, whose pods may scrape the team's pods, if monitoring is on. */
    readonly monitoringNamespace?: string;
    /**
     * The ports Prometheus may scrape the team's pods on: each app's `metrics.port` in this environment,
     * a Service port name that the NetworkPolicy admits as the container port of that name. @default none
     */
    readonly metricsPorts?: readonly string[];
    /** What the team may expose: service types beyond ClusterIP, and the domains its Ingresses may serve. */
    readonly exposure: { readonly serviceTypes: readonly ExposedServiceType[]; readonly ingressDomains: readonly string[] };
    readonly ci?: CiIdentitySpec;
    /** Admission policies the team's allowance waives in its namespace. @default none */
    readonly admissionExceptions?: readonly AdmissionException[];
    /** Entra object IDs the team's allowance lets publish charts under its registry path. @default none */
    readonly chartPublishers?: readonly string[];
    /** Where the team's alerts go, besides the platform channel, when monitoring is on. @default only the platform channel */
    readonly alerts?: TeamAlerts;
}

/** One Helm release on one cluster: everything the release component needs, values already merged. */
export interface ReleaseSpec {
    /** `<team>-<app>`. */
    readonly name: string;
    readonly team: string;
    readonly app: string;
    readonly namespace: string;
    readonly cluster: string;
    readonly environment: string;
    readonly chartName: string;
    /** The team whose registry path holds the chart: the release's own team, or the one its `<team>/<chart>` names. */
    readonly chartOwner: string;
    /** `oci://<registry>/helm-charts/<owner>/<chart>` (see base/chartPaths.ts). */
    readonly chart: string;
    readonly version: string;
    /** The version's manifest digest from `charts.lock.yaml`: the release installs `<chart>@<digest>`. */
    readonly digest?: string;
    readonly values: Values;
    /** Leaf key path → repo-relative file that set it. */
    readonly sources: Readonly<Record<string, string>>;
    /** The values files that exist for this release, lowest precedence first. */
    readonly valueFiles: readonly string[];
    /** How Helm installs and upgrades it: the environment's policy with the app's overrides. */
    readonly upgrade: UpgradePolicy;
    /** Releases (by name) on the same cluster that must be deployed first. */
    readonly needs: readonly string[];
    /** The version in the environment this one is promoted from, and the app's exemption, if any. */
    readonly promotion: { readonly fromVersion?: string; readonly exemption?: string };
    /** The app's opt-in to scraping: a ServiceMonitor on this Service port. */
    readonly metrics?: { readonly port: string; readonly path: string; readonly interval: string };
    /** Keys its values files set that the chart knows nowhere (a typo, most often), where the chart is in the repository. @default none */
    readonly unknownKeys?: readonly UnknownKey[];
}

/** Everything one stack deploys, validated. Pure data: no Pulumi resources. */
export interface StackModel {
    /** The stack this model is for: the whole environment, its foundation, or one shard. */
    readonly stack: StackSpec;
    readonly environment: EnvironmentSpec;
    readonly teams: readonly TeamSpec[];
    readonly releases: readonly ReleaseSpec[];
    /** Present when the environment runs the monitoring stack. */
    readonly monitoring?: MonitoringSpec;
    /** What the platform allows each team running here, entry by entry, with approvals and expiry. */
    readonly allowances: readonly TeamAllowance[];
    /** The day the configuration was loaded (`YYYY-MM-DD`, UTC): what allowances' expiry is judged against. */
    readonly today: string;
}

/** `<cluster>/<namespace>/<release>`: where a release is, the key of every per-release output. */
export const releasePath = (r: { readonly cluster: string; readonly namespace: string; readonly name: string }): string =>
    `${r.cluster}/${r.namespace}/${r.name}`;
