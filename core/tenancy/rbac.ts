import type { TeamSpec } from "../model/stackModel";

export const RBAC_GROUP = "rbac.authorization.k8s.io";

/** One RBAC rule, as Kubernetes writes it. */
export interface PolicyRule {
    readonly apiGroups: readonly string[];
    readonly resources: readonly string[];
    readonly verbs: readonly string[];
    readonly resourceNames?: readonly string[];
}

export interface RoleRef {
    readonly apiGroup: string;
    readonly kind: "Role" | "ClusterRole";
    readonly name: string;
}

export interface Subject {
    readonly kind: "User" | "Group" | "ServiceAccount";
    readonly name: string;
    readonly apiGroup?: string;
    readonly namespace?: string;
}

const WRITE = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"];
const READ = ["get", "list", "watch"];

/** The namespaced role of a team's owners and CI. */
export const OPERATOR_ROLE = "tenant-operator";

/**
 * What a team may do in its own namespace: everything needed to deploy and operate workloads with
 * Helm (Helm stores releases in Secrets), but only read its network policies, quota and limits. The
 * built-in `edit` role would let a team delete its own default-deny policy.
 */
export const OPERATOR_RULES: readonly PolicyRule[] = [
    {
        apiGroups: [""],
        resources: ["pods", "services", "configmaps", "secrets", "persistentvolumeclaims", "serviceaccounts"],
        verbs: WRITE,
    },
    { apiGroups: [""], resources: ["pods/log", "events", "endpoints", "resourcequotas", "limitranges"], verbs: READ },
    {
        apiGroups: ["apps"],
        resources: ["deployments", "statefulsets", "daemonsets", "replicasets", "deployments/scale", "statefulsets/scale"],
        verbs: WRITE,
    },
    { apiGroups: ["batch"], resources: ["jobs", "cronjobs"], verbs: WRITE },
    { apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"], verbs: WRITE },
    { apiGroups: ["policy"], resources: ["poddisruptionbudgets"], verbs: WRITE },
    { apiGroups: ["networking.k8s.io"], resources: ["ingresses"], verbs: WRITE },
    { apiGroups: ["networking.k8s.io"], resources: ["networkpolicies"], verbs: READ },
    { apiGroups: ["monitoring.coreos.com"], resources: ["servicemonitors", "podmonitors", "prometheusrules"], verbs: WRITE },
];

/** The ServiceAccount every team release installs as: Pulumi impersonates it, so a chart gets only its rights. */
export const INSTALLER_SERVICE_ACCOUNT = "helm-installer";
export const INSTALLER_ROLE = "tenant-installer";

/** The Kubernetes user name of a namespace's installer, as impersonation (`as:` in a kubeconfig) names it. */
export const installerSubject = (namespace: string) => `system:serviceaccount:${namespace}:${INSTALLER_SERVICE_ACCOUNT}`;

/**
 * What a chart installed for a team may create: what a normal application chart creates, in its own
 * namespace only (a Role grants nothing cluster-scoped and nothing elsewhere). Roles and RoleBindings
 * are allowed without `bind` or `escalate`, so the API server's escalation check keeps a chart's Role
 * within these rules. Network policies, quota and limit ranges stay read-only, as for the team.
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping
 */
export const INSTALLER_RULES: readonly PolicyRule[] = [
    ...OPERATOR_RULES,
    { apiGroups: ["apps"], resources: ["controllerrevisions"], verbs: READ },
    { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: READ },
    { apiGroups: [RBAC_GROUP], resources: ["roles", "rolebindings"], verbs: WRITE },
];

/** Suffixes of the RoleBindings the platform makes for a team's people: `<team>-operate`, `<team>-view`, `<team>-ci-operate`. */
export const TEAM_BINDING_SUFFIXES = { operate: "-operate", view: "-view", ci: "-ci-operate" } as const;

/** The names of the Roles and RoleBindings the platform makes in every tenant namespace (the team's own bindings end in the suffixes above). */
export const PLATFORM_RBAC_NAMES = [OPERATOR_ROLE, INSTALLER_ROLE, INSTALLER_SERVICE_ACCOUNT] as const;

/**
 * The team's owners and CI bound to the namespace's operator role, viewers to the built-in `view`
 * role, the installer to its role: RoleBindings only, never cluster-wide.
 * @param ciPrincipal the object ID of the team's CI identity when it is only known after deployment
 */
export function roleBindings(
    tenant: Pick<TeamSpec, "team" | "namespace" | "ownerGroupObjectIds" | "viewerGroupObjectIds" | "ci">,
    ciPrincipal: string = CI_PRINCIPAL,
): { name: string; roleRef: RoleRef; subjects: Subject[] }[] {
    const operator: RoleRef = { apiGroup: RBAC_GROUP, kind: "Role", name: OPERATOR_ROLE };
    const groups = (ids: readonly string[]): Subject[] => ids.map((id) => ({ apiGroup: RBAC_GROUP, kind: "Group", name: id }));
    const bindings = [];
    if (tenant.ownerGroupObjectIds.length > 0) {
        bindings.push({
            name: `${tenant.team}${TEAM_BINDING_SUFFIXES.operate}`,
            roleRef: operator,
            subjects: groups(tenant.ownerGroupObjectIds),
        });
    }
    if (tenant.viewerGroupObjectIds.length > 0) {
        bindings.push({
            name: `${tenant.team}${TEAM_BINDING_SUFFIXES.view}`,
            roleRef: { apiGroup: RBAC_GROUP, kind: "ClusterRole" as const, name: "view" },
            subjects: groups(tenant.viewerGroupObjectIds),
        });
    }
    if (tenant.ci) {
        // AKS names an Entra service principal by its object ID.
        const name = tenant.ci.kind === "objectId" ? tenant.ci.objectId : ciPrincipal;
        bindings.push({
            name: `${tenant.team}${TEAM_BINDING_SUFFIXES.ci}`,
            roleRef: operator,
            subjects: [{ apiGroup: RBAC_GROUP, kind: "User" as const, name }],
        });
    }
    bindings.push({
        name: INSTALLER_SERVICE_ACCOUNT,
        roleRef: { apiGroup: RBAC_GROUP, kind: "Role" as const, name: INSTALLER_ROLE },
        subjects: [{ kind: "ServiceAccount" as const, name: INSTALLER_SERVICE_ACCOUNT, namespace: tenant.namespace }],
    });
    return bindings;
}

/**
 * Stands for the object ID of a CI identity the platform creates, which exists only after deployment;
 * the tenant component puts the identity's output in its place.
 */
export const CI_PRINCIPAL = "<object ID of the team's CI identity>";
