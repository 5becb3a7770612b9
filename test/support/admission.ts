/**
 * Evaluates the platform's admission policies the way the API server does, with a real CEL evaluator:
 * match the request against the policy's resources and operations, compute the variables, then every
 * validation; an evaluation error denies (the policies' failurePolicy is Fail).
 */
import { type CelInput, isCelError, run } from "@bufbuild/cel";
import { strings } from "@bufbuild/cel/ext";
import type { AdmissionPolicy } from "../../core/tenancy/admission";

export interface AdmissionRequest {
    readonly group: string;
    readonly version: string;
    /** Plural resource name, as the API server matches it: `services`, `deployments`. */
    readonly resource: string;
    readonly operation: "CREATE" | "UPDATE";
    readonly object: Record<string, unknown>;
    readonly namespaceObject: Record<string, unknown>;
}

export type Verdict = { readonly allowed: true } | { readonly allowed: false; readonly message: string };

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

/** Whether the policy applies to the request at all. */
export function matches(policy: AdmissionPolicy, request: AdmissionRequest): boolean {
    return policy.resources.some(
        (r) => r.apiGroups.includes(request.group) && r.apiVersions.includes(request.version) && r.resources.includes(request.resource),
    );
}

/** The verdict of one policy on one request, or allowed when the policy does not match. */
export function evaluate(policy: AdmissionPolicy, request: AdmissionRequest): Verdict {
    if (!matches(policy, request)) {
        return { allowed: true };
    }
    const variables = new Map<string, CelInput>();
    const bindings = () => ({ object: toCel(request.object), oldObject: null, namespaceObject: toCel(request.namespaceObject), variables });
    for (const v of policy.variables) {
        const value = run(v.expression, bindings(), { funcs: strings });
        if (isCelError(value)) {
            return { allowed: false, message: `variable ${v.name}: ${value.message}` };
        }
        variables.set(v.name, value as CelInput);
    }
    for (const v of policy.validations) {
        const result = run(v.expression, bindings(), { funcs: strings });
        if (isCelError(result)) {
            return { allowed: false, message: `${v.expression}: ${result.message}` };
        }
        if (result !== true) {
            return { allowed: false, message: v.message };
        }
    }
    return { allowed: true };
}

/** The first denial among all policies, or allowed. */
export function admit(policies: readonly AdmissionPolicy[], request: AdmissionRequest): Verdict {
    for (const policy of policies) {
        const verdict = evaluate(policy, request);
        if (!verdict.allowed) {
            return verdict;
        }
    }
    return { allowed: true };
}
