/**
 * What a chart installed as a namespace's installer could grant, not only what the plan grants: every
 * Role, RoleBinding, pod and token request a chart could make, judged by RBAC (with its escalation
 * check) over the installer's planned rules and then by the admission policies the plan deploys on that
 * cluster, evaluated with CEL. Each admitted request is a path; the proof holds when no path leaves the
 * team: no subject outside it, no installer rights for a workload, no other namespace, no cluster scope.
 */
import { MONITORING_NAMESPACE } from "../base/constants";
import { TYPE } from "../base/resourceTypes";
import type { TeamSpec } from "../model/stackModel";
import type { PolicyObjects } from "../tenancy/admissionEval";
import { ADMISSION_ANNOTATIONS, TEAM_LABEL } from "../tenancy/objects";
import { INSTALLER_SERVICE_ACCOUNT, type PolicyRule } from "../tenancy/rbac";
import type { Grant } from "../tenancy/rbacEval";
import { type GrantPath, judgeNamespace, type NamespaceContext } from "./grantRequests";
import type { PlanResource } from "./planTypes";

export type { GrantPath, Reach } from "./grantRequests";

/** The paths a chart could open, per namespace: how many requests were judged, and every one admitted. */
export interface GrantProof {
    readonly checked: number;
    readonly admitted: readonly GrantPath[];
}

type Subject = { readonly kind: string; readonly name: string; readonly namespace?: string };
/** A grant as the access report states it (`namespace: "*"`: cluster-wide). */
type PlannedGrant = {
    readonly cluster: string;
    readonly namespace: string;
    readonly subject: Subject;
    readonly rules: readonly PolicyRule[];
};
type Meta = { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };

const TYPES = {
    namespace: TYPE.namespace,
    role: TYPE.role,
    policy: TYPE.validatingAdmissionPolicy,
    binding: TYPE.validatingAdmissionPolicyBinding,
};
const meta = (r: PlanResource) => (r.inputs["metadata"] ?? {}) as Meta;

/** The planned policies of one cluster, each with its binding. */
function policiesOf(resources: readonly PlanResource[]): PolicyObjects[] {
    const bindings = resources.filter((r) => r.type === TYPES.binding);
    return resources
        .filter((r) => r.type === TYPES.policy)
        .flatMap((p) => {
            const b = bindings.find((x) => (x.inputs["spec"] as { policyName?: string })?.policyName === meta(p).name);
            return b ? [{ policy: p.inputs, binding: b.inputs } as unknown as PolicyObjects] : [];
        });
}

/**
 * What the policies' verdicts depend on in a namespace, with its own names (namespace, team, groups)
 * replaced by placeholders: the policies compare those names only with the request's, so namespaces of
 * one shape get the same verdicts on their own requests. Equal keys share one evaluation.
 */
function shapeOf(ctx: NamespaceContext, policies: string, planned: ReadonlyMap<string, readonly PolicyRule[]>): string {
    const m = ctx.namespaceObject["metadata"] as Meta;
    const annotations = { ...m.annotations };
    if (annotations[ADMISSION_ANNOTATIONS.groups] !== undefined) {
        annotations[ADMISSION_ANNOTATIONS.groups] = ctx.groups.map((_, i) => `g${i}`).join(",");
    }
    const labels = { ...m.labels, [TEAM_LABEL]: "" };
    // The installer's grants in its own namespace, whatever that is called.
    const grants = ctx.grants.map((g) => ({ ...g, namespace: g.namespace === ctx.namespace ? "" : g.namespace }));
    return JSON.stringify([
        policies,
        labels,
        annotations,
        grants,
        [...planned],
        ctx.others.namespaces.length,
        ctx.others.group !== undefined,
    ]);
}

/** Groups an annotation names, as the policies split it. */
const groupsOf = (m: Meta) => m.annotations?.[ADMISSION_ANNOTATIONS.groups]?.split(",") ?? [];

/** The installer's grants by `<cluster>/<namespace>`: those of its ServiceAccount, with the rules of the Roles it is bound to. */
function installerGrantsOf(grants: readonly PlannedGrant[]): Map<string, Grant[]> {
    const byNamespace = new Map<string, Grant[]>();
    for (const g of grants.filter((x) => x.subject.kind === "ServiceAccount" && x.subject.name === INSTALLER_SERVICE_ACCOUNT)) {
        const key = `${g.cluster}/${g.subject.namespace}`;
        byNamespace.set(key, [
            ...(byNamespace.get(key) ?? []),
            { namespace: g.namespace === "*" ? undefined : g.namespace, rules: g.rules },
        ]);
    }
    return byNamespace;
}

/** The planned objects the proof reads, by cluster. */
function byClusterOf(resources: readonly PlanResource[], clusterOf: (r: PlanResource) => string): Map<string, PlanResource[]> {
    const relevant: ReadonlySet<string> = new Set(Object.values(TYPES));
    const byCluster = new Map<string, PlanResource[]>();
    for (const r of resources.filter((x) => relevant.has(x.type))) {
        byCluster.set(clusterOf(r), [...(byCluster.get(clusterOf(r)) ?? []), r]);
    }
    return byCluster;
}

/** How the proof is made. */
export interface GrantProofOptions {
    /** Namespaces of one shape share their evaluation unless false (the tests compare both). @default true */
    readonly shareShapes?: boolean;
    /**
     * Policies another stack deploys on every cluster before this one: a shard's foundation's, which its
     * own plan does not hold. Judged with the policies the plan holds on the cluster. @default none
     */
    readonly clusterPolicies?: readonly PolicyObjects[];
}

/** The proof over every tenant namespace of the plan. `grants` are the access report's. */
export function grantProof(
    resources: readonly PlanResource[],
    tenants: readonly TeamSpec[],
    grants: readonly PlannedGrant[],
    clusterOf: (r: PlanResource) => string,
    { shareShapes = true, clusterPolicies = [] }: GrantProofOptions = {},
): GrantProof {
    const installerGrants = installerGrantsOf(grants);
    const shapes = new Map<string, readonly (boolean | undefined)[]>();
    const policyKeys = new Map<string, string>();
    let checked = 0;
    const admitted: GrantPath[] = [];
    for (const [cluster, onCluster] of byClusterOf(resources, clusterOf)) {
        const policies = [...clusterPolicies, ...policiesOf(onCluster)];
        const policiesJson = JSON.stringify(policies);
        const policyKey = policyKeys.get(policiesJson) ?? `policies-${policyKeys.size}`;
        policyKeys.set(policiesJson, policyKey);
        const namespaces = onCluster.filter((r) => r.type === TYPES.namespace && meta(r).labels?.[TEAM_LABEL]);
        for (const ns of namespaces) {
            const namespace = meta(ns).name as string;
            const planned = new Map(
                onCluster
                    .filter((r) => r.type === TYPES.role && meta(r).namespace === namespace)
                    .map((r) => [meta(r).name as string, r.inputs["rules"] as PolicyRule[]]),
            );
            const other = namespaces.find((o) => o !== ns);
            const otherTeam = tenants.find((t) => t.namespace !== namespace && t.ownerGroupObjectIds.length > 0);
            const ctx: NamespaceContext = {
                cluster,
                namespace,
                namespaceObject: { apiVersion: "v1", kind: "Namespace", metadata: meta(ns) },
                groups: groupsOf(meta(ns)),
                grants: installerGrants.get(`${cluster}/${namespace}`) ?? [],
                policies,
                others: {
                    namespaces: [...(other ? [meta(other).name as string] : []), "kube-system", MONITORING_NAMESPACE],
                    group: otherTeam?.ownerGroupObjectIds[0],
                },
            };
            const shape = shareShapes ? shapeOf(ctx, policyKey, planned) : undefined;
            const judged = judgeNamespace(ctx, planned, shape === undefined ? undefined : shapes.get(shape));
            if (shape !== undefined) {
                shapes.set(shape, judged.decisions);
            }
            checked += judged.checked;
            admitted.push(...judged.admitted);
        }
    }
    return { checked, admitted };
}

/** The paths that leave the team. */
export const escapes = (proof: GrantProof): GrantPath[] => proof.admitted.filter((p) => p.reach !== "the team");
