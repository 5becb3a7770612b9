import type { PolicyRule } from "./rbac";

/** One request as the API server's RBAC authorizer sees it. */
export interface RbacRequest {
    readonly verb: string;
    readonly apiGroup: string;
    /** The resource, with its subresource when there is one: `deployments`, `pods/log`. */
    readonly resource: string;
    /** Unset for cluster-scoped resources. */
    readonly namespace?: string;
    readonly name?: string;
}

/** Rules that apply in one namespace (a RoleBinding's) or everywhere (`namespace` unset: a ClusterRoleBinding's). */
export interface Grant {
    readonly namespace?: string;
    readonly rules: readonly PolicyRule[];
}

const matches = (list: readonly string[], value: string) => list.includes("*") || list.includes(value);

// `*`, the resource itself, or `*/<subresource>`: Kubernetes has no `<resource>/*`.
function resourceMatches(list: readonly string[], resource: string): boolean {
    if (matches(list, resource)) {
        return true;
    }
    const sub = resource.split("/")[1];
    return sub !== undefined && list.includes(`*/${sub}`);
}

/** Whether one rule allows the request, as Kubernetes' `RuleAllows` reads a rule. */
export function ruleAllows(rule: PolicyRule, request: RbacRequest): boolean {
    const names = rule.resourceNames ?? [];
    return (
        matches(rule.verbs, request.verb) &&
        matches(rule.apiGroups, request.apiGroup) &&
        resourceMatches(rule.resources, request.resource) &&
        (names.length === 0 || (request.name !== undefined && names.includes(request.name)))
    );
}

/**
 * Whether the grants allow the request. A namespaced grant never allows a cluster-scoped request nor
 * one in another namespace: that is what confines a Role.
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/#role-and-clusterrole
 */
export function allows(grants: readonly Grant[], request: RbacRequest): boolean {
    return grants.some(
        (g) => (g.namespace === undefined || g.namespace === request.namespace) && g.rules.some((r) => ruleAllows(r, request)),
    );
}

/**
 * Whether someone holding `grants` may create, in `namespace`, a Role with `rules` or a RoleBinding to
 * a role with them, without `escalate` or `bind`: the API server allows it only when the grants
 * already allow every request the rules would (a `*` is covered only by a `*`).
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping
 */
export function coversRules(grants: readonly Grant[], namespace: string, rules: readonly PolicyRule[]): boolean {
    return rules.every((rule) =>
        rule.apiGroups.every((apiGroup) =>
            rule.resources.every((resource) =>
                rule.verbs.every((verb) => {
                    const names = rule.resourceNames?.length ? rule.resourceNames : [undefined];
                    return names.every((name) => allows(grants, { verb, apiGroup, resource, namespace, name }));
                }),
            ),
        ),
    );
}
