import type { Finding } from "../governance";
import type { GovernanceLevel } from "../model/environment";
import type { Waiver } from "../model/governance";
import type { StackKind } from "../model/stack";
import type { Values } from "../values/merge";

/** One resource the program registers. `parent` and `dependsOn` use `<type>::<name>` keys. */
export interface PlanResource {
    readonly type: string;
    readonly name: string;
    readonly parent: string | null;
    readonly dependsOn: readonly string[];
    readonly protect: boolean;
    /** Set when a deletion only drops the resource from Pulumi's state and leaves it in the cloud. */
    readonly retainOnDelete?: true;
    /** Set when a replacement deletes the old resource before creating the new one. */
    readonly deleteBeforeReplace?: true;
    /** Input paths Pulumi does not update, because something else owns them (an autoscaler, AKS's upgrades). */
    readonly ignoreChanges?: readonly string[];
    /** Explicit provider, as `<type>::<name>`, when the resource has one. */
    readonly provider?: string;
    /** Resources its inputs are computed from (implicit dependencies), as `<type>::<name>`. */
    readonly inputDependencies?: readonly string[];
    readonly inputs: Values;
}

/** One Helm release with its final merged values and where each key came from. */
export interface PlanRelease {
    readonly cluster: string;
    readonly namespace: string;
    readonly name: string;
    readonly chart: string;
    readonly version: string;
    /** The version's manifest digest from `charts.lock.yaml`, which the release installs by (`<chart>@<digest>`). */
    readonly digest?: string;
    /** The chart repository, for a platform release from an upstream repository. */
    readonly repository?: string;
    readonly values: Values;
    readonly sources: Readonly<Record<string, string>>;
    /** Key path → name of the secret it references (the value is `[secret]`). */
    readonly secrets?: Readonly<Record<string, string>>;
}

/** `out/<stack>/plan.json`: the contract other tools read. */
export interface Plan {
    readonly stack: string;
    readonly environment: string;
    /** What the stack holds of its environment: everything, the foundation, or a shard. @default "single" (plans written before) */
    readonly kind?: StackKind;
    /** The shard, for a shard stack. */
    readonly shard?: string;
    /** The teams the stack deploys. */
    readonly teams?: readonly string[];
    /** Stacks whose outputs this one reads (a shard reads its foundation's). */
    readonly references?: readonly string[];
    readonly resources: readonly PlanResource[];
    /** Team releases. */
    readonly releases: readonly PlanRelease[];
    /** Releases the platform installs itself (monitoring), values as the team releases' are shown. */
    readonly platformReleases: readonly PlanRelease[];
    readonly findings: readonly Finding[];
    /** The environment this one's versions are promoted from, if any. */
    readonly promotionFrom?: string;
    /** The governance level and the rules this environment switched off, with their reasons. */
    readonly governance: { readonly level: GovernanceLevel; readonly waived: readonly Waiver[] };
    /**
     * Secret name → fingerprint of its ciphertext in `Pulumi.<stack>.yaml` (public already), so that a
     * diff can tell a changed secret without ever seeing it.
     */
    readonly secretVersions?: Readonly<Record<string, string>>;
    /**
     * `<cluster>/<namespace>/<release>` → `rendered` (its manifests are in `manifests/`) or `not rendered: <why>`;
     * set by the plan CLI, which renders charts it has with Helm.
     */
    readonly manifests?: Readonly<Record<string, string>>;
    /** Stack outputs, secrets and unknowns masked. */
    readonly outputs: Values;
}

/** Team and platform releases; a plan written before platform releases were listed has none. */
export const allReleases = (plan: Plan): readonly PlanRelease[] => [...plan.releases, ...(plan.platformReleases ?? [])];

export const resourceKey = (type: string, name: string): string => `${type}::${name}`;

/** A release's chart as Helm names it: the last segment of an OCI reference, or a classic repository's chart name. */
export const chartNameOf = (r: Pick<PlanRelease, "chart">): string => r.chart.split("/").pop() as string;

/** The `clusterIdentifier` (`<env>/<cluster>`) of the Kubernetes provider a resource is registered with, if any. */
export function clusterIdentifierOf(byKey: ReadonlyMap<string, PlanResource>, r: PlanResource): string | undefined {
    const id = r.provider ? byKey.get(r.provider)?.inputs["clusterIdentifier"] : undefined;
    return typeof id === "string" ? id : undefined;
}
