/**
 * The shape of the platform's admission policies as plain data, and the CEL fragments they share. The
 * policies themselves are in `admission*.ts`, one file per concern; `admission.ts` lists them.
 */
import type { AdmissionException } from "../model/allowances";
import { ADMISSION_ANNOTATIONS } from "./objects";

/** A resource the policies match: API group, version and resource as the API server names them. */
export interface ResourceRule {
    readonly apiGroups: readonly string[];
    readonly apiVersions: readonly string[];
    readonly resources: readonly string[];
}

/** One CEL validation: the request is denied with `message` when `expression` is false. */
export interface Validation {
    readonly expression: string;
    readonly message: string;
    readonly reason?: "Forbidden" | "Invalid";
}

/** A `ValidatingAdmissionPolicy` and its binding to every tenant namespace, as plain data. */
export interface AdmissionPolicy {
    readonly name: string;
    /** Why the policy exists, recorded as an annotation. */
    readonly description: string;
    readonly resources: readonly ResourceRule[];
    readonly variables: readonly { readonly name: string; readonly expression: string }[];
    readonly validations: readonly Validation[];
}

export const core = (...resources: string[]): ResourceRule => ({ apiGroups: [""], apiVersions: ["v1"], resources });

/** A comma-separated namespace annotation as a list of strings (empty when the namespace has none). */
export const annotation = (key: string) =>
    `has(namespaceObject.metadata.annotations) && '${key}' in namespaceObject.metadata.annotations ? namespaceObject.metadata.annotations['${key}'].split(',') : []`;

/** The variable every policy with a waiver reads: the admission exceptions the team's allowance grants. */
export const EXCEPTIONS_VARIABLE = { name: "exceptions", expression: annotation(ADMISSION_ANNOTATIONS.exceptions) } as const;

/** The validation, lifted when the team's allowance waives `exception` (the namespace carries it). */
export function waivable(exception: AdmissionException, validation: Validation): Validation {
    return {
        ...validation,
        expression: `'${exception}' in variables.exceptions || (${validation.expression})`,
        message: `${validation.message} (admission exception '${exception}': an allowance in allowances/<team>.yaml)`,
    };
}

/** A CEL list literal of strings. */
export const celList = (values: readonly string[]) => `[${values.map((v) => `'${v}'`).join(", ")}]`;
