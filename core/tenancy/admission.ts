import { MANAGED_BY } from "../base/constants";
import { EXPOSURE_ANNOTATIONS, TEAM_LABEL } from "./objects";
import { INSTALLER_SERVICE_ACCOUNT } from "./rbac";

/** A resource the policies match: API group, version and resource as the API server names them. */
interface ResourceRule {
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

const core = (...resources: string[]): ResourceRule => ({ apiGroups: [""], apiVersions: ["v1"], resources });
const annotation = (key: string) =>
    `has(namespaceObject.metadata.annotations) && '${key}' in namespaceObject.metadata.annotations ? namespaceObject.metadata.annotations['${key}'].split(',') : []`;

/**
 * Checks of a pod spec, shared by the policies for Pods, pod templates and CronJobs (each reads the
 * spec from its own place, so each type-checks against its own schema). Host namespaces and host
 * ports reach past the pod's network isolation; the installer's ServiceAccount is Pulumi's, not a
 * workload's.
 */
const podSpecValidations: readonly Validation[] = [
    {
        expression: "!has(variables.spec.hostNetwork) || !variables.spec.hostNetwork",
        message: "pods in tenant namespaces may not use the host's network",
        reason: "Forbidden",
    },
    {
        expression: "!has(variables.spec.hostPID) || !variables.spec.hostPID",
        message: "pods in tenant namespaces may not use the host's process namespace",
        reason: "Forbidden",
    },
    {
        expression: "!has(variables.spec.hostIPC) || !variables.spec.hostIPC",
        message: "pods in tenant namespaces may not use the host's IPC namespace",
        reason: "Forbidden",
    },
    {
        expression: "variables.containers.all(c, !has(c.ports) || c.ports.all(p, !has(p.hostPort) || p.hostPort == 0))",
        message: "containers in tenant namespaces may not bind host ports",
        reason: "Forbidden",
    },
    {
        expression: `!has(variables.spec.serviceAccountName) || variables.spec.serviceAccountName != '${INSTALLER_SERVICE_ACCOUNT}'`,
        message: `pods may not run as ${INSTALLER_SERVICE_ACCOUNT}: it is the identity releases are installed with`,
        reason: "Forbidden",
    },
];

const containersOf = (spec: string) =>
    `${spec}.containers + (has(${spec}.initContainers) ? ${spec}.initContainers : []) + (has(${spec}.ephemeralContainers) ? ${spec}.ephemeralContainers : [])`;

const podPolicy = (name: string, description: string, resources: ResourceRule[], spec: string): AdmissionPolicy => ({
    name,
    description,
    resources,
    variables: [
        { name: "spec", expression: spec },
        { name: "containers", expression: containersOf("variables.spec") },
    ],
    validations: podSpecValidations,
});

/**
 * The platform's admission policies, enforced by the API server itself on every tenant namespace (no
 * webhook, no controller): what a team's files and charts may not do whatever RBAC allows. Tenants
 * cannot change the namespace annotations the policies read: namespaces are cluster-scoped.
 * @see https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/
 */
export const ADMISSION_POLICIES: readonly AdmissionPolicy[] = [
    {
        name: "helm-platform-tenant-services",
        description: "Services stay inside the cluster unless the team's file allows a type: no externalIPs, ClusterIP only by default",
        resources: [core("services")],
        variables: [{ name: "allowed", expression: annotation(EXPOSURE_ANNOTATIONS.serviceTypes) }],
        validations: [
            {
                expression: "!has(object.spec.externalIPs) || size(object.spec.externalIPs) == 0",
                message: "Services in tenant namespaces may not set externalIPs (they would capture other traffic on every node)",
                reason: "Forbidden",
            },
            {
                expression: "!has(object.spec.type) || object.spec.type == 'ClusterIP' || object.spec.type in variables.allowed",
                message: "this Service type is not allowed for the team; ask for it under exposure.serviceTypes in the team's file",
                reason: "Forbidden",
            },
        ],
    },
    {
        name: "helm-platform-tenant-ingress-hosts",
        description: "Ingresses serve only hosts under the team's declared domains, and always name a host",
        resources: [{ apiGroups: ["networking.k8s.io"], apiVersions: ["v1"], resources: ["ingresses"] }],
        variables: [{ name: "domains", expression: annotation(EXPOSURE_ANNOTATIONS.ingressDomains) }],
        validations: [
            {
                expression: "!has(object.spec.defaultBackend)",
                message: "a default backend would catch every host; name the hosts in rules",
                reason: "Forbidden",
            },
            {
                expression:
                    "!has(object.spec.rules) || object.spec.rules.all(r, has(r.host) && variables.domains.exists(d, r.host == d || r.host.endsWith('.' + d)))",
                message: "every Ingress rule names a host under the team's domains (exposure.ingressDomains in the team's file)",
                reason: "Forbidden",
            },
            {
                expression:
                    "!has(object.spec.tls) || object.spec.tls.all(t, !has(t.hosts) || t.hosts.all(h, variables.domains.exists(d, h == d || h.endsWith('.' + d))))",
                message: "TLS hosts are under the team's domains (exposure.ingressDomains in the team's file)",
                reason: "Forbidden",
            },
        ],
    },
    podPolicy(
        "helm-platform-tenant-pods",
        "Pods do not reach into their node, and do not run as the installer",
        [core("pods")],
        "object.spec",
    ),
    podPolicy(
        "helm-platform-tenant-pod-templates",
        "Workloads' pod templates do not reach into their node, and do not run as the installer",
        [
            { apiGroups: ["apps"], apiVersions: ["v1"], resources: ["deployments", "statefulsets", "daemonsets", "replicasets"] },
            { apiGroups: ["batch"], apiVersions: ["v1"], resources: ["jobs"] },
        ],
        "object.spec.template.spec",
    ),
    podPolicy(
        "helm-platform-tenant-cronjobs",
        "CronJobs' pod templates do not reach into their node, and do not run as the installer",
        [{ apiGroups: ["batch"], apiVersions: ["v1"], resources: ["cronjobs"] }],
        "object.spec.jobTemplate.spec.template.spec",
    ),
    {
        name: "helm-platform-tenant-secrets",
        description: "No long-lived ServiceAccount token Secrets in tenant namespaces",
        resources: [core("secrets")],
        variables: [],
        validations: [
            {
                expression: "!has(object.type) || object.type != 'kubernetes.io/service-account-token'",
                message: "ServiceAccount token Secrets never expire; workloads get short-lived projected tokens instead",
                reason: "Forbidden",
            },
        ],
    },
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
