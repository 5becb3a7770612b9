import type { DriftMode } from "../model/environment";
import type { DriftKind, LiveDrift } from "./liveDrift";
import { type Plan, resourceKey } from "./planTypes";
import { releaseResource, urnOf } from "./selection";

/**
 * What re-applying a release from main corrects: values or a chart version changed out of band, and a
 * release deleted by hand. Failed and pending releases are `npm run recover`'s; releases the plan does
 * not own (`extra`) are only reported.
 */
export const CORRECTABLE: readonly DriftKind[] = ["values", "version", "missing"];

/** A drifted release the correct mode re-applies, and the URN `pulumi up --refresh --target` names for it. */
export interface Correction {
    readonly cluster: string;
    readonly namespace: string;
    readonly release: string;
    readonly kinds: readonly DriftKind[];
    /** The Pulumi stack that deploys it (the environment's, or its team's shard). */
    readonly stack: string;
    /** The release's `kubernetes:helm.sh/v3:Release` in that stack: exactly the Helm release, nothing around it. */
    readonly urn: string;
}

/** `out/<stack>/corrections.json`: the environment's drift mode and what the correct mode would re-apply. */
export interface Corrections {
    readonly stack: string;
    readonly mode: DriftMode;
    readonly corrections: readonly Correction[];
}

/**
 * The drifted releases that re-applying corrects, one entry per release and cluster, each with the
 * stack that deploys it (`plans`: every stack of the environment, each with its own URNs).
 */
export function correctionsOf(plans: readonly Plan[], drift: readonly LiveDrift[]): Correction[] {
    const found = new Map<string, Correction>();
    for (const d of drift.filter((x) => CORRECTABLE.includes(x.kind) && x.namespace !== undefined && x.release !== undefined)) {
        const at = { cluster: d.cluster, namespace: d.namespace as string, name: d.release as string };
        const plan = plans.find((p) => releaseResource(p, at) !== undefined);
        const resource = plan ? releaseResource(plan, at) : undefined;
        if (!plan || !resource) {
            continue;
        }
        const key = `${at.cluster}/${at.namespace}/${at.name}`;
        const before = found.get(key);
        found.set(key, {
            cluster: at.cluster,
            namespace: at.namespace,
            release: at.name,
            kinds: [...(before?.kinds ?? []), d.kind],
            stack: plan.stack,
            urn: urnOf(plan, resourceKey(resource.type, resource.name)),
        });
    }
    return [...found.values()].sort((a, b) =>
        `${a.cluster}/${a.namespace}/${a.release}`.localeCompare(`${b.cluster}/${b.namespace}/${b.release}`),
    );
}
