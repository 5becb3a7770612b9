import { Role, RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1";
import { IDENTITY_POLICIES } from "../../../core/tenancy/admissionRbac";
import { type AdmissionRequest, type Allowed, type Denied, fintech, policyTable, request, secret, tenant } from "../../support/admission";

const RBAC = "rbac.authorization.k8s.io";
const ns = tenant("fintech").namespace;
const [owners] = tenant("fintech").ownerGroupObjectIds;
const [retailOwners] = tenant("retail").ownerGroupObjectIds;
type Extra = Partial<AdmissionRequest>;
type Rule = { apiGroups: string[]; resources: string[]; verbs: string[] };

const labelled = { "app.kubernetes.io/managed-by": "helm-platform" };
const role = (name: string, rules: Rule[], extra: Extra = {}, labels?: Record<string, string>) =>
    request(
        Role,
        RBAC,
        "roles",
        { apiVersion: `${RBAC}/v1`, kind: "Role", metadata: { name, ...(labels ? { labels } : {}) }, rules },
        fintech,
        extra,
    );
const binding = (name: string, roleRef: { kind: string; name: string }, subjects: Record<string, string>[], extra: Extra = {}) =>
    request(
        RoleBinding,
        RBAC,
        "rolebindings",
        { apiVersion: `${RBAC}/v1`, kind: "RoleBinding", metadata: { name }, roleRef: { apiGroup: RBAC, ...roleRef }, subjects },
        fintech,
        extra,
    );
const toRole = (name: string) => ({ kind: "Role", name });
const sa = (name: string, namespace?: string) => ({ kind: "ServiceAccount", name, ...(namespace ? { namespace } : {}) });
const group = (name: string) => ({ kind: "Group", apiGroup: RBAC, name });
const user = (name: string) => ({ kind: "User", apiGroup: RBAC, name });
const READ_PODS: Rule = { apiGroups: [""], resources: ["pods", "configmaps"], verbs: ["get", "list", "watch"] };
/** The deploying identity: an Entra service principal holding cluster admin, no tenant. */
const platform: Extra = { userInfo: { username: "5f1c7a2e-platform-deployer", groups: ["system:authenticated"] } };
const teamMember: Extra = { userInfo: { username: "dev@contoso.example", groups: [owners, "system:authenticated"] } };
const workload: Extra = { userInfo: { username: `system:serviceaccount:${ns}:app`, groups: ["system:serviceaccounts"] } };
const updateOf = (req: AdmissionRequest, oldLabels: Record<string, string>): AdmissionRequest => ({
    ...req,
    operation: "UPDATE",
    oldObject: { ...req.object, metadata: { ...(req.object["metadata"] as object), labels: oldLabels } },
});

const ALLOWED: Allowed[] = [
    ["a chart's Role reading pods and config maps", role("app-reader", [READ_PODS])],
    [
        "a chart's Role reading RoleBindings",
        role("rbac-reader", [{ apiGroups: [RBAC], resources: ["rolebindings"], verbs: ["get", "list"] }]),
    ],
    ["a chart binding its Role to its own ServiceAccount", binding("app-reader", toRole("app-reader"), [sa("app", ns)])],
    [
        "a chart binding its Role to a ServiceAccount without a namespace (the binding's own)",
        binding("app-reader", toRole("app-reader"), [sa("app")]),
    ],
    ["a chart binding the operator Role to the team's owners", binding("owners-extra", toRole("tenant-operator"), [group(owners)])],
    [
        "the platform binding the installer Role to the installer",
        binding("helm-installer", toRole("tenant-installer"), [sa("helm-installer", ns)], platform),
    ],
    ["the platform binding the team's CI user", binding("fintech-ci-operate", toRole("tenant-operator"), [user("7d9e0c1a-ci")], platform)],
    ["the platform updating its own labelled Role", updateOf(role("tenant-operator", [READ_PODS], platform, labelled), labelled)],
];

const DENIED: Denied[] = [
    [
        "the installer Role bound to a chart's ServiceAccount",
        binding("steal", toRole("tenant-installer"), [sa("app", ns)]),
        /bound by the platform only/,
    ],
    [
        "the installer Role bound to the team's owners",
        binding("steal", toRole("tenant-installer"), [group(owners)]),
        /bound by the platform only/,
    ],
    [
        "a Role bound to every ServiceAccount of the cluster",
        binding("x", toRole("app-reader"), [group("system:serviceaccounts")]),
        /no system: groups/,
    ],
    ["a Role bound to every authenticated user", binding("x", toRole("app-reader"), [group("system:authenticated")]), /no system: groups/],
    ["a Role bound to anyone at all", binding("x", toRole("app-reader"), [group("system:unauthenticated")]), /no system: groups/],
    ["a Role bound to another team's group", binding("x", toRole("app-reader"), [group(retailOwners)]), /team's groups only/],
    [
        "a Role bound to another namespace's ServiceAccount",
        binding("x", toRole("app-reader"), [sa("storefront", "retail")]),
        /own ServiceAccounts/,
    ],
    ["a Role bound to a user", binding("x", toRole("app-reader"), [user("someone@contoso.example")]), /no users/],
    ["a ClusterRole bound in the namespace", binding("x", { kind: "ClusterRole", name: "admin" }, [sa("app", ns)]), /never a ClusterRole/],
    [
        "a change to the platform's operator binding",
        binding("fintech-operate", toRole("tenant-operator"), [group(owners), group("system:authenticated")]),
        /platform's own Roles and RoleBindings/,
    ],
    [
        "a change to the platform's installer binding",
        binding("helm-installer", toRole("app-reader"), [sa("helm-installer", ns)]),
        /platform's own Roles and RoleBindings/,
    ],
    [
        "the operator Role widened",
        role("tenant-operator", [READ_PODS, { apiGroups: [RBAC], resources: ["rolebindings"], verbs: ["create"] }]),
        /platform's own Roles/,
    ],
    ["a Role the chart labels as the platform's", role("mine", [READ_PODS], {}, labelled), /labelled app.kubernetes.io\/managed-by/],
    [
        "an update that removes the platform's label",
        updateOf(role("mine", [READ_PODS]), labelled),
        /labelled app.kubernetes.io\/managed-by/,
    ],
    [
        "a Role writing RoleBindings (the installer's rights for a workload)",
        role("rebind", [{ apiGroups: [RBAC], resources: ["rolebindings"], verbs: ["create"] }]),
        /no writes to Roles or RoleBindings/,
    ],
    ["a Role with escalate", role("up", [{ apiGroups: [RBAC], resources: ["roles"], verbs: ["escalate"] }]), /no writes to Roles/],
    ["a Role with impersonate", role("as", [{ apiGroups: [""], resources: ["serviceaccounts"], verbs: ["impersonate"] }]), /impersonate/],
    ["a Role with every verb", role("all", [{ apiGroups: ["apps"], resources: ["deployments"], verbs: ["*"] }]), /'\*' verbs/],
    [
        "a team member binding every authenticated user",
        binding("x", toRole("tenant-operator"), [group("system:authenticated")], teamMember),
        /no system: groups/,
    ],
    ["a workload binding another team's group", binding("x", toRole("app-reader"), [group(retailOwners)], workload), /team's groups only/],
    ["a ServiceAccount token Secret", secret("kubernetes.io/service-account-token"), /never expire/],
];

describe("admission of RBAC in tenant namespaces: nothing a chart grants leaves the team", () => {
    policyTable(IDENTITY_POLICIES, ALLOWED, DENIED);
});
