/**
 * Admission of RBAC in tenant namespaces: the installer may create Roles and RoleBindings for a chart
 * (RBAC's escalation check keeps them within its own rules), but what it grants stays inside the team,
 * never re-grants the installer's rights, and never touches the platform's own RBAC objects.
 */
import { MANAGED_BY } from "../base/constants";
import { type AdmissionPolicy, annotation, celList, core, type ResourceRule, type Validation } from "./admissionPolicy";
import { ADMISSION_ANNOTATIONS, TEAM_LABEL } from "./objects";
import { INSTALLER_ROLE, PLATFORM_RBAC_NAMES, RBAC_GROUP, TEAM_BINDING_SUFFIXES } from "./rbac";

const rbac = (resource: string): ResourceRule => ({ apiGroups: [RBAC_GROUP], apiVersions: ["v1"], resources: [resource] });

/** Verbs that let a Role's holder grant or act as more than it holds. */
export const GRANTING_VERBS = ["bind", "escalate", "impersonate"] as const;

/**
 * Whom the policies judge: the namespace's own ServiceAccounts (the installer, and any a chart bound)
 * and members of the team's groups: everyone a tenant RoleBinding can name. The platform's identity,
 * cluster administrators and Kubernetes' own controllers are not tenants.
 */
const variables = [
    { name: "groups", expression: annotation(ADMISSION_ANNOTATIONS.groups) },
    { name: "team", expression: `namespaceObject.metadata.labels['${TEAM_LABEL}']` },
    {
        name: "tenant",
        expression:
            "request.userInfo.username.startsWith('system:serviceaccount:' + request.namespace + ':') || (has(request.userInfo.groups) && request.userInfo.groups.exists(g, g in variables.groups))",
    },
    {
        name: "platformNames",
        expression: `${celList(PLATFORM_RBAC_NAMES)} + [${Object.values(TEAM_BINDING_SUFFIXES)
            .map((s) => `variables.team + '${s}'`)
            .join(", ")}]`,
    },
];

const managedBy = (o: string) =>
    `(has(${o}.metadata.labels) && 'app.kubernetes.io/managed-by' in ${o}.metadata.labels && ${o}.metadata.labels['app.kubernetes.io/managed-by'] == '${MANAGED_BY}')`;

/** Only when a tenant asks: the platform keeps managing its own objects. */
const forTenants = (v: Validation): Validation => ({ ...v, expression: `!variables.tenant || (${v.expression})` });

const platformObjects: readonly Validation[] = [
    {
        expression: "!(object.metadata.name in variables.platformNames)",
        message: `the platform's own Roles and RoleBindings (${PLATFORM_RBAC_NAMES.join(", ")}, the team's -operate, -view and -ci-operate bindings) are not the team's to change`,
        reason: "Forbidden",
    },
    {
        expression: `!${managedBy("object")} && (oldObject == null || !${managedBy("oldObject")})`,
        message: `RBAC objects labelled app.kubernetes.io/managed-by: ${MANAGED_BY} are the platform's; a team's are not labelled so`,
        reason: "Forbidden",
    },
];

const roles: AdmissionPolicy = {
    name: "helm-platform-tenant-roles",
    description:
        "Roles a team's charts create grant no RBAC writes and no bind, escalate or impersonate, and the platform's Roles stay its own",
    resources: [rbac("roles")],
    variables,
    validations: (
        [
            ...platformObjects,
            {
                expression: `!has(object.rules) || object.rules.all(r, !r.verbs.exists(v, v in ${celList([...GRANTING_VERBS, "*"])}) && (!has(r.apiGroups) || !r.apiGroups.exists(g, g in ['${RBAC_GROUP}', '*']) || r.verbs.all(v, v in ['get', 'list', 'watch'])))`,
                message:
                    "Roles in tenant namespaces grant no writes to Roles or RoleBindings and no bind, escalate, impersonate or '*' verbs: that would hand the installer's rights to a workload",
                reason: "Forbidden",
            },
        ] satisfies Validation[]
    ).map(forTenants),
};

const roleBindings: AdmissionPolicy = {
    name: "helm-platform-tenant-rolebindings",
    description:
        "RoleBindings a team's charts create bind a Role of the namespace (never the installer's, never a ClusterRole) to the namespace's own ServiceAccounts and the team's groups only",
    resources: [rbac("rolebindings")],
    variables,
    validations: (
        [
            ...platformObjects,
            {
                expression: "object.roleRef.kind == 'Role'",
                message:
                    "RoleBindings in tenant namespaces bind Roles of the namespace, never a ClusterRole (aggregation can widen one later)",
                reason: "Forbidden",
            },
            {
                expression: `object.roleRef.name != '${INSTALLER_ROLE}'`,
                message: `the installer's Role ${INSTALLER_ROLE} is bound by the platform only, to the installer`,
                reason: "Forbidden",
            },
            {
                expression:
                    "!has(object.subjects) || object.subjects.all(s, (s.kind == 'ServiceAccount' && (!has(s.namespace) || s.namespace == request.namespace)) || (s.kind == 'Group' && s.name in variables.groups))",
                message:
                    "RoleBindings in tenant namespaces name the namespace's own ServiceAccounts and the team's groups only (no users, no other namespaces, no system: groups)",
                reason: "Forbidden",
            },
        ] satisfies Validation[]
    ).map(forTenants),
};

/** A token Secret would let anyone who reads it act as the ServiceAccount, the installer included. */
const secrets: AdmissionPolicy = {
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
};

/** The identity policies: what a team may grant, and how a workload may not come by another identity. */
export const IDENTITY_POLICIES: readonly AdmissionPolicy[] = [roles, roleBindings, secrets];
