import { MANAGED_BY } from "../base/constants";
import { MONITOR_POLICIES } from "./admissionMonitors";
import { EXPOSURE_POLICIES } from "./admissionNetwork";
import { POD_POLICIES } from "./admissionPods";
import type { AdmissionPolicy } from "./admissionPolicy";
import { IDENTITY_POLICIES } from "./admissionRbac";
import { TEAM_LABEL } from "./objects";

export type { AdmissionPolicy, ResourceRule, Validation } from "./admissionPolicy";

/**
 * The platform's admission policies, enforced by the API server itself on every tenant namespace (no
 * webhook, no controller), at every Pod Security level: what a team's files and charts may not do
 * whatever RBAC allows. Tenants cannot change the namespace annotations the policies read (what the
 * team may expose, its waivers, its groups): namespaces are cluster-scoped. The reference, with the
 * waiver that lifts each check, is docs/admission.md.
 * @see https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/
 */
export const ADMISSION_POLICIES: readonly AdmissionPolicy[] = [
    ...EXPOSURE_POLICIES,
    ...POD_POLICIES,
    ...IDENTITY_POLICIES,
    ...MONITOR_POLICIES,
];

type Meta = { name: string; labels: Record<string, string>; annotations?: Record<string, string> };

/** A policy and its binding as Kubernetes objects. */
export interface AdmissionObjects {
    readonly policy: {
        apiVersion: string;
        kind: string;
        metadata: Meta;
        spec: {
            failurePolicy: string;
            matchConstraints: {
                resourceRules: { apiGroups: string[]; apiVersions: string[]; resources: string[]; operations: string[] }[];
            };
            variables: { name: string; expression: string }[];
            validations: { expression: string; message: string; reason?: string }[];
        };
    };
    readonly binding: {
        apiVersion: string;
        kind: string;
        metadata: Meta;
        spec: {
            policyName: string;
            validationActions: string[];
            matchResources: { namespaceSelector: { matchExpressions: { key: string; operator: string }[] } };
        };
    };
}

/** The policy and its binding as Kubernetes objects (admissionregistration.k8s.io/v1, GA since 1.30). */
export function admissionObjects(policy: AdmissionPolicy): AdmissionObjects {
    const labels = { "app.kubernetes.io/managed-by": MANAGED_BY };
    return {
        policy: {
            apiVersion: "admissionregistration.k8s.io/v1",
            kind: "ValidatingAdmissionPolicy",
            metadata: { name: policy.name, labels, annotations: { "helm-platform/description": policy.description } },
            spec: {
                failurePolicy: "Fail",
                matchConstraints: {
                    resourceRules: policy.resources.map((r) => ({
                        apiGroups: [...r.apiGroups],
                        apiVersions: [...r.apiVersions],
                        resources: [...r.resources],
                        operations: ["CREATE", "UPDATE"],
                    })),
                },
                variables: policy.variables.map((v) => ({ ...v })),
                validations: policy.validations.map((v) => ({ ...v })),
            },
        },
        binding: {
            apiVersion: "admissionregistration.k8s.io/v1",
            kind: "ValidatingAdmissionPolicyBinding",
            metadata: { name: policy.name, labels },
            spec: {
                policyName: policy.name,
                validationActions: ["Deny"],
                // Tenant namespaces only: the platform's own namespaces are not bound.
                matchResources: { namespaceSelector: { matchExpressions: [{ key: TEAM_LABEL, operator: "Exists" }] } },
            },
        },
    };
}
