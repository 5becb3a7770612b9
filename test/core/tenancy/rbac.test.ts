import * as assert from "node:assert/strict";
import { CI_PRINCIPAL, INSTALLER_RULES, installerSubject, OPERATOR_RULES, roleBindings } from "../../../core/tenancy/rbac";
import { allows, coversRules, type Grant } from "../../../core/tenancy/rbacEval";

type Team = Parameters<typeof roleBindings>[0];
const PAYMENTS: Team = { team: "payments", namespace: "payments-ns", ownerGroupObjectIds: [], viewerGroupObjectIds: [] };
const RBAC = "rbac.authorization.k8s.io";
const group = (name: string) => ({ apiGroup: RBAC, kind: "Group", name });
const INSTALLER_BINDING = {
    name: "helm-installer",
    roleRef: { apiGroup: RBAC, kind: "Role", name: "tenant-installer" },
    subjects: [{ kind: "ServiceAccount", name: "helm-installer", namespace: "payments-ns" }],
};

describe("a tenant's roles and bindings (core/tenancy/rbac)", () => {
    describe("its RoleBindings", () => {
        it("GIVEN no owners, viewers or CI THEN only the installer is bound, to its Role in the namespace", () => {
            assert.deepEqual(roleBindings(PAYMENTS), [INSTALLER_BINDING]);
        });

        it("GIVEN owners THEN they are bound to the operator Role, each group a subject", () => {
            assert.deepEqual(roleBindings({ ...PAYMENTS, ownerGroupObjectIds: ["o1", "o2"] })[0], {
                name: "payments-operate",
                roleRef: { apiGroup: RBAC, kind: "Role", name: "tenant-operator" },
                subjects: [group("o1"), group("o2")],
            });
        });

        it("GIVEN viewers THEN they are bound to the built-in view ClusterRole, by a RoleBinding in the namespace", () => {
            assert.deepEqual(roleBindings({ ...PAYMENTS, viewerGroupObjectIds: ["v1"] })[0], {
                name: "payments-view",
                roleRef: { apiGroup: RBAC, kind: "ClusterRole", name: "view" },
                subjects: [group("v1")],
            });
        });

        it("GIVEN an existing CI identity THEN its object ID is bound to the operator Role as a user", () => {
            const bindings = roleBindings({ ...PAYMENTS, ci: { kind: "objectId", objectId: "sp-object-id" } }, "ignored");
            assert.deepEqual(bindings[0], {
                name: "payments-ci-operate",
                roleRef: { apiGroup: RBAC, kind: "Role", name: "tenant-operator" },
                subjects: [{ apiGroup: RBAC, kind: "User", name: "sp-object-id" }],
            });
        });

        it("GIVEN a CI identity the platform creates THEN the principal given is bound, or the placeholder until it is known", () => {
            const github = { ...PAYMENTS, ci: { kind: "github" as const, repository: "contoso/payments", subject: "s" } };
            assert.deepEqual(roleBindings(github, "created-id")[0]?.subjects, [{ apiGroup: RBAC, kind: "User", name: "created-id" }]);
            assert.deepEqual(roleBindings(github)[0]?.subjects, [{ apiGroup: RBAC, kind: "User", name: CI_PRINCIPAL }]);
        });

        it("GIVEN owners, viewers and CI THEN owners, viewers, CI and the installer, in that order", () => {
            const all = {
                ...PAYMENTS,
                ownerGroupObjectIds: ["o"],
                viewerGroupObjectIds: ["v"],
                ci: { kind: "objectId" as const, objectId: "c" },
            };
            assert.deepEqual(
                roleBindings(all).map((b) => b.name),
                ["payments-operate", "payments-view", "payments-ci-operate", "helm-installer"],
            );
        });
    });

    it("GIVEN a namespace THEN its installer's user name is the ServiceAccount's, as impersonation names it", () => {
        assert.equal(installerSubject("payments-ns"), "system:serviceaccount:payments-ns:helm-installer");
    });

    describe("what the rules let a team and its installer do in their namespace", () => {
        const operator: Grant[] = [{ namespace: "ns", rules: OPERATOR_RULES }];
        const installer: Grant[] = [{ namespace: "ns", rules: INSTALLER_RULES }];
        const may = (grants: Grant[], verb: string, apiGroup: string, resource: string) =>
            allows(grants, { verb, apiGroup, resource, namespace: "ns" });

        it("GIVEN the operator's rules THEN the team deploys workloads and Helm's release Secrets", () => {
            const deploys: [string, string, string][] = [
                ["create", "apps", "deployments"],
                ["patch", "apps", "deployments/scale"],
                ["delete", "", "secrets"],
                ["create", "batch", "cronjobs"],
                ["get", "", "pods/log"],
                ["create", "monitoring.coreos.com", "servicemonitors"],
            ];
            for (const [verb, apiGroup, resource] of deploys) {
                assert.ok(may(operator, verb, apiGroup, resource), `${verb} ${resource}`);
            }
        });

        it("GIVEN the operator's or the installer's rules THEN network policies, quota and limits are read-only", () => {
            for (const grants of [operator, installer]) {
                for (const [apiGroup, resource] of [
                    ["networking.k8s.io", "networkpolicies"],
                    ["", "resourcequotas"],
                    ["", "limitranges"],
                ] as const) {
                    assert.ok(may(grants, "get", apiGroup, resource), resource);
                    for (const verb of ["create", "update", "patch", "delete"]) {
                        assert.ok(!may(grants, verb, apiGroup, resource), `${verb} ${resource}`);
                    }
                }
            }
        });

        it("GIVEN the operator's rules THEN the team cannot write RBAC; the installer writes Roles within its own rules only", () => {
            assert.ok(!may(operator, "create", RBAC, "roles"));
            assert.ok(may(installer, "create", RBAC, "rolebindings"));
            assert.ok(coversRules(installer, "ns", OPERATOR_RULES), "a chart may grant what a team operator holds");
            assert.ok(!coversRules(installer, "ns", [{ apiGroups: [""], resources: ["namespaces"], verbs: ["create"] }]));
            for (const verb of ["bind", "escalate", "impersonate"]) {
                assert.ok(!may(installer, verb, RBAC, "roles"), verb);
            }
        });

        it("GIVEN the installer's rules THEN it holds every operator rule, and can mint no ServiceAccount token", () => {
            assert.deepEqual(INSTALLER_RULES.slice(0, OPERATOR_RULES.length), OPERATOR_RULES);
            assert.ok(!may(installer, "create", "", "serviceaccounts/token"));
        });
    });
});
