/**
 * Evaluates ValidatingAdmissionPolicies and their bindings the way the API server does, with a real CEL
 * interpreter: match the binding's namespace selector and the policy's resource rules, compute the
 * variables, then every validation; an evaluation error denies (the platform's policies fail closed).
 * What the plan's access proof and the tests run the platform's policies with.
 * @see https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/
 */
import { type CelInput, type CelResult, celEnv, celError, isCelError, parse, plan } from "@bufbuild/cel";
import { strings } from "@bufbuild/cel/ext";

export interface AdmissionRequest {
    readonly group: string;
    readonly version: string;
    /** Plural resource name, as the API server matches it: `services`, `deployments`. */
    readonly resource: string;
    readonly operation: "CREATE" | "UPDATE";
    readonly object: Record<string, unknown>;
    readonly oldObject?: Record<string, unknown>;
    /** The namespace the request is in: its name is the request's namespace. */
    readonly namespaceObject: Record<string, unknown>;
    /** Who asks; the namespace's installer when unset. */
    readonly userInfo?: { readonly username: string; readonly groups?: readonly string[] };
}

export type Verdict = { readonly allowed: true } | { readonly allowed: false; readonly message: string };

/** The parts of a ValidatingAdmissionPolicy and its binding that decide a request. */
export interface PolicyObjects {
    readonly policy: {
        readonly metadata: { readonly name: string };
        readonly spec: {
            readonly matchConstraints: {
                readonly resourceRules: readonly {
                    readonly apiGroups: readonly string[];
                    readonly apiVersions: readonly string[];
                    readonly resources: readonly string[];
                    readonly operations: readonly string[];
                }[];
            };
            readonly variables: readonly { readonly name: string; readonly expression: string }[];
            readonly validations: readonly { readonly expression: string; readonly message: string }[];
        };
    };
    readonly binding: {
        readonly spec: {
            readonly matchResources: {
                readonly namespaceSelector: { readonly matchExpressions: readonly { readonly key: string; readonly operator: string }[] };
            };
        };
    };
}

/** JSON as CEL sees Kubernetes objects: maps, lists, integers as `int`. */
function toCel(value: unknown): CelInput {
    if (Array.isArray(value)) {
        return value.map(toCel);
    }
    if (value !== null && typeof value === "object") {
        return new Map(Object.entries(value).map(([k, v]) => [k, toCel(v)]));
    }
    if (typeof value === "number" && Number.isInteger(value)) {
        return BigInt(value);
    }
    return value as CelInput;
}

const env = celEnv({ funcs: strings });
const programs = new Map<string, ReturnType<typeof plan>>();

/** A compiled expression, once per text: the same policies are evaluated for every namespace. */
function program(expression: string): ReturnType<typeof plan> {
    let compiled = programs.get(expression);
    if (!compiled) {
        compiled = plan(env, parse(expression));
        programs.set(expression, compiled);
    }
    return compiled;
}

function run(expression: string, bindings: Record<string, CelInput>): CelResult {
    try {
        return program(expression)(bindings);
    } catch (e) {
        return celError(e);
    }
}

const labelsOf = (o: Record<string, unknown>) =>
    ((o["metadata"] as { labels?: Record<string, string> })?.labels ?? {}) as Record<string, string>;
const nameOf = (o: Record<string, unknown>) => String((o["metadata"] as { name?: string })?.name ?? "");

/** Whether the binding selects the request's namespace and the policy matches its resource and operation. */
export function matches({ policy, binding }: PolicyObjects, request: AdmissionRequest): boolean {
    const labels = labelsOf(request.namespaceObject);
    const selected = binding.spec.matchResources.namespaceSelector.matchExpressions.every((e) =>
        e.operator === "Exists" ? e.key in labels : e.operator === "DoesNotExist" ? !(e.key in labels) : false,
    );
    return (
        selected &&
        policy.spec.matchConstraints.resourceRules.some(
            (r) =>
                r.apiGroups.includes(request.group) &&
                r.apiVersions.includes(request.version) &&
                r.resources.includes(request.resource) &&
                r.operations.includes(request.operation),
        )
    );
}

/** The verdict of one policy on one request, or allowed when it does not apply. */
export function evaluate(objects: PolicyObjects, request: AdmissionRequest): Verdict {
    if (!matches(objects, request)) {
        return { allowed: true };
    }
    const namespace = nameOf(request.namespaceObject);
    const userInfo = request.userInfo ?? { username: `system:serviceaccount:${namespace}:helm-installer` };
    const variables = new Map<string, CelInput>();
    const bindings = {
        object: toCel(request.object),
        oldObject: request.oldObject ? toCel(request.oldObject) : null,
        namespaceObject: toCel(request.namespaceObject),
        request: toCel({ namespace, operation: request.operation, userInfo }),
        variables,
    };
    for (const v of objects.policy.spec.variables) {
        const value = run(v.expression, bindings);
        if (isCelError(value)) {
            return { allowed: false, message: `variable ${v.name}: ${value.message}` };
        }
        variables.set(v.name, value as CelInput);
    }
    for (const v of objects.policy.spec.validations) {
        const result = run(v.expression, bindings);
        if (isCelError(result)) {
            return { allowed: false, message: `${v.expression}: ${result.message}` };
        }
        if (result !== true) {
            return { allowed: false, message: v.message };
        }
    }
    return { allowed: true };
}

/** The first denial among the policies, named, or allowed. */
export function admit(policies: readonly PolicyObjects[], request: AdmissionRequest): Verdict {
    for (const objects of policies) {
        const verdict = evaluate(objects, request);
        if (!verdict.allowed) {
            return { allowed: false, message: `${objects.policy.metadata.name}: ${verdict.message}` };
        }
    }
    return { allowed: true };
}
