import * as assert from "node:assert/strict";
import { PLATFORM_LIMITS, PLATFORM_QUOTA } from "../../../core/config/tenancy";
import { type GrantPath, Judge, judgeNamespace, type NamespaceContext } from "../../../core/report/grantRequests";
import type { AdmissionRequest, PolicyObjects } from "../../../core/tenancy/admissionEval";
import { tenantObjects } from "../../../core/tenancy/objects";
import { INSTALLER_ROLE, INSTALLER_RULES, OPERATOR_ROLE, OPERATOR_RULES, type PolicyRule } from "../../../core/tenancy/rbac";

/** fintech's namespace on weu as the platform builds it: owners `owners`, restricted, allowed nothing. */
const NAMESPACE = tenantObjects(
    {
        team: "fintech",
        namespace: "fintech",
        ownerGroupObjectIds: ["owners"],
        viewerGroupObjectIds: [],
        podSecurity: { enforce: "restricted", warn: "restricted", audit: "restricted" },
        quota: PLATFORM_QUOTA,
        limits: PLATFORM_LIMITS,
        egress: [],
        ingressFrom: [],
        exposure: { serviceTypes: [], ingressDomains: [] },
    },
    "prod",
)[0] as unknown as Record<string, unknown>;

/** fintech's installer with its planned rules, and no admission policy unless `more` gives some. */
const context = (more: Partial<NamespaceContext> = {}): NamespaceContext => ({
    cluster: "weu",
    namespace: "fintech",
    namespaceObject: NAMESPACE,
    groups: ["owners"],
    grants: [{ namespace: "fintech", rules: INSTALLER_RULES }],
    policies: [],
    others: { namespaces: ["retail", "kube-system"], group: "retail-owners" },
    ...more,
});
const PLANNED: ReadonlyMap<string, readonly PolicyRule[]> = new Map([
    [OPERATOR_ROLE, OPERATOR_RULES],
    [INSTALLER_ROLE, INSTALLER_RULES],
]);
const requestsOf = (paths: readonly GrantPath[]) => paths.map((p) => `${p.request} (${p.reach})`);
const admittedBy = (ctx: NamespaceContext) => requestsOf(judgeNamespace(ctx, PLANNED).admitted);

/** A policy denying every ConfigMap, in every namespace. */
const DENY_CONFIGMAPS: PolicyObjects = {
    policy: {
        metadata: { name: "no-configmaps" },
        spec: {
            matchConstraints: {
                resourceRules: [{ apiGroups: [""], apiVersions: ["v1"], resources: ["configmaps"], operations: ["CREATE"] }],
            },
            variables: [],
            validations: [{ expression: "false", message: "no" }],
        },
    },
    binding: { spec: { matchResources: { namespaceSelector: { matchExpressions: [] } } } },
};
/** A policy refusing RoleBindings to groups and Pods running as the installer: what the judged requests' objects are checked by. */
const NO_GROUPS_NOR_INSTALLER_PODS: PolicyObjects = {
    policy: {
        metadata: { name: "no-groups" },
        spec: {
            matchConstraints: {
                resourceRules: [
                    { apiGroups: ["rbac.authorization.k8s.io"], apiVersions: ["v1"], resources: ["rolebindings"], operations: ["CREATE"] },
                    { apiGroups: [""], apiVersions: ["v1"], resources: ["pods"], operations: ["CREATE"] },
                ],
            },
            variables: [],
            validations: [
                { expression: "!has(object.subjects) || object.subjects.all(s, s.kind != 'Group')", message: "no groups" },
                { expression: "!has(object.spec) || object.spec.serviceAccountName != 'helm-installer'", message: "not as the installer" },
            ],
        },
    },
    binding: { spec: { matchResources: { namespaceSelector: { matchExpressions: [{ key: "helm-platform/team", operator: "Exists" }] } } } },
};
const configMap = (): AdmissionRequest => ({
    group: "",
    version: "v1",
    resource: "configmaps",
    operation: "CREATE",
    object: { kind: "ConfigMap", metadata: { name: "c" } },
    namespaceObject: NAMESPACE,
});

describe("the requests a namespace's installer could make, judged (core/report/grantRequests)", () => {
    describe("one judgement", () => {
        it("GIVEN RBAC refuses THEN the request is counted, not admitted, and its admission request never built", () => {
            const judge = new Judge(context({ policies: [DENY_CONFIGMAPS] }));
            let built = 0;
            const admitted = judge.judge(
                "create configmaps",
                false,
                () => {
                    built++;
                    return configMap();
                },
                "the team",
            );
            assert.deepEqual([admitted, judge.checked, judge.admitted, judge.decisions, built], [false, 1, [], [undefined], 0]);
        });

        it("GIVEN RBAC allows and no admission request THEN RBAC alone admits it: a path with its cluster, namespace and reach", () => {
            const judge = new Judge(context());
            assert.equal(judge.judge("create clusterroles", true, undefined, "cluster scope"), true);
            assert.deepEqual(judge.admitted, [
                { cluster: "weu", namespace: "fintech", request: "create clusterroles", reach: "cluster scope" },
            ]);
            assert.deepEqual(judge.decisions, [true]);
        });

        it("GIVEN RBAC allows and a policy denies THEN the request is no path, and the decision is recorded", () => {
            const judge = new Judge(context({ policies: [DENY_CONFIGMAPS] }));
            assert.equal(judge.judge("create configmaps", true, configMap, "the team"), false);
            assert.deepEqual([judge.admitted, judge.decisions], [[], [false]]);
        });

        it("GIVEN the decisions of a namespace of the same shape THEN they are replayed, nothing is evaluated", () => {
            const judge = new Judge(context({ policies: [DENY_CONFIGMAPS] }), [true, false]);
            let built = 0;
            const build = () => {
                built++;
                return configMap();
            };
            assert.equal(judge.judge("first", true, build, "the team"), true);
            assert.equal(judge.judge("second", true, undefined, "cluster scope"), false);
            assert.deepEqual([requestsOf(judge.admitted), built], [["first (the team)"], 0]);
        });
    });

    describe("every request of a namespace", () => {
        it("GIVEN an installer without grants THEN every request is judged and none admitted", () => {
            const judged = judgeNamespace(context({ grants: [] }), PLANNED);
            assert.ok(judged.checked > 50, `${judged.checked} judged`);
            assert.deepEqual(judged.admitted, []);
            assert.equal(judged.decisions.length, judged.checked);
        });

        it("GIVEN the installer's rules in its namespace THEN nothing reaches cluster scope or another namespace", () => {
            const open = admittedBy(context());
            assert.ok(open.length > 0);
            assert.deepEqual(
                open.filter((r) => r.endsWith("(cluster scope)") || r.endsWith("(another namespace)")),
                [],
            );
        });

        it("GIVEN no admission policies THEN a workload as the installer and its token Secret are paths; TokenRequest and impersonation are not", () => {
            const open = admittedBy(context());
            assert.ok(open.includes("Pod running as helm-installer (installer rights)"));
            assert.ok(open.includes("token Secret of helm-installer (installer rights)"));
            assert.ok(!open.some((r) => r.startsWith("TokenRequest") || r.startsWith("impersonate")), open.join("\n"));
        });

        it("GIVEN no admission policies THEN the reach of each binding follows its subject and what its role grants", () => {
            const open = admittedBy(context());
            for (const path of [
                "RoleBinding Role tenant-operator to ServiceAccount fintech/app (the team)",
                "RoleBinding Role tenant-operator to Group owners (the team)",
                "RoleBinding Role tenant-installer to ServiceAccount fintech/helm-installer (the team)",
                "RoleBinding Role tenant-installer to ServiceAccount fintech/app (installer rights)",
                "RoleBinding Role tenant-installer to Group owners (installer rights)",
                "RoleBinding Role chart-role to ServiceAccount fintech/app (the team)",
                "RoleBinding Role chart-installer-copy to ServiceAccount fintech/app (installer rights)",
                // A built-in ClusterRole's rules are the cluster's: assumed to grant RBAC.
                "RoleBinding ClusterRole view to ServiceAccount fintech/app (installer rights)",
                "RoleBinding Role tenant-operator to ServiceAccount retail/default (beyond the team)",
                "RoleBinding Role tenant-operator to Group retail-owners (beyond the team)",
                "RoleBinding Role tenant-operator to Group system:serviceaccounts:retail (beyond the team)",
                "RoleBinding Role tenant-operator to Group system:authenticated (beyond the team)",
                "RoleBinding Role tenant-operator to User system:anonymous (beyond the team)",
            ]) {
                assert.ok(open.includes(path), `${path} is not among:\n${open.join("\n")}`);
            }
        });

        it("GIVEN the installer's rules THEN it may create Roles as wide as its own, but bind no cluster-admin", () => {
            const open = admittedBy(context());
            assert.ok(open.includes("Role chart-installer-copy with the installer's rules (the team)"));
            assert.ok(open.includes("Role chart-role with the installer's rules less RBAC writes (the team)"));
            assert.ok(!open.some((r) => r.includes("cluster-admin")), "RBAC's escalation check refuses binding '*'");
        });

        it("GIVEN an installer that may not create Roles THEN it binds no Role of its own making", () => {
            const withoutRoles = INSTALLER_RULES.map((r) => (r.resources.includes("roles") ? { ...r, resources: ["rolebindings"] } : r));
            const open = admittedBy(context({ grants: [{ namespace: "fintech", rules: withoutRoles }] }));
            assert.ok(
                open.some((r) => r.startsWith("RoleBinding Role tenant-operator")),
                open.join("\n"),
            );
            assert.ok(!open.some((r) => r.includes("chart-installer-copy") || r.includes("chart-role")), open.join("\n"));
        });

        it("GIVEN a cluster-wide grant or one in another namespace THEN those requests are paths", () => {
            const grants = [
                ...context().grants,
                { rules: [{ apiGroups: ["rbac.authorization.k8s.io"], resources: ["clusterrolebindings"], verbs: ["create"] }] },
                { namespace: "retail", rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["get"] }] },
            ];
            const open = admittedBy(context({ grants }));
            assert.deepEqual(
                open.filter((r) => r.endsWith("(cluster scope)") || r.endsWith("(another namespace)")),
                ["create clusterrolebindings (cluster scope)", "get secrets in retail (another namespace)"],
            );
        });

        it("GIVEN a policy refusing bindings to groups and pods as the installer THEN those requests are no paths", () => {
            const open = admittedBy(context({ policies: [NO_GROUPS_NOR_INSTALLER_PODS] }));
            assert.ok(open.includes("RoleBinding Role tenant-operator to ServiceAccount retail/default (beyond the team)"));
            assert.deepEqual(
                open.filter((r) => r.includes(" to Group ") || r.startsWith("Pod ")),
                [],
            );
            assert.ok(open.includes("token Secret of helm-installer (installer rights)"), "the policy does not match Secrets");
        });

        it("GIVEN the decisions of a first judgement THEN replaying them gives the same paths", () => {
            const ctx = context({ policies: [NO_GROUPS_NOR_INSTALLER_PODS] });
            const first = judgeNamespace(ctx, PLANNED);
            const replayed = judgeNamespace(ctx, PLANNED, first.decisions);
            assert.ok(first.decisions.includes(false), "the policy denied some");
            assert.deepEqual([replayed.checked, replayed.admitted], [first.checked, first.admitted]);
        });
    });
});
