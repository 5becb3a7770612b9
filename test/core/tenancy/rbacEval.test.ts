import * as assert from "node:assert/strict";
import type { PolicyRule } from "../../../core/tenancy/rbac";
import { allows, coversRules, type Grant, type RbacRequest, ruleAllows } from "../../../core/tenancy/rbacEval";

const get = (resource: string, more: Partial<RbacRequest> = {}): RbacRequest => ({
    verb: "get",
    apiGroup: "",
    resource,
    namespace: "a",
    ...more,
});
const rule = (resources: string[], verbs: string[] = ["get"], more: Partial<PolicyRule> = {}): PolicyRule => ({
    apiGroups: [""],
    resources,
    verbs,
    ...more,
});

describe("RBAC as the API server's authorizer reads it (core/tenancy/rbacEval)", () => {
    describe("whether one rule allows a request", () => {
        const cases: [string, PolicyRule, RbacRequest, boolean][] = [
            ["GIVEN the verb, group and resource listed THEN it allows", rule(["pods"]), get("pods"), true],
            ["GIVEN another verb THEN it does not", rule(["pods"]), get("pods", { verb: "delete" }), false],
            ["GIVEN another API group THEN it does not", rule(["pods"]), get("pods", { apiGroup: "apps" }), false],
            ["GIVEN another resource THEN it does not", rule(["pods"]), get("secrets"), false],
            ["GIVEN verbs * THEN every verb", rule(["pods"], ["*"]), get("pods", { verb: "deletecollection" }), true],
            [
                "GIVEN apiGroups * THEN every group",
                rule(["deployments"], ["get"], { apiGroups: ["*"] }),
                get("deployments", { apiGroup: "apps" }),
                true,
            ],
            ["GIVEN resources * THEN every resource and subresource", rule(["*"]), get("pods/exec"), true],
            ["GIVEN a resource THEN none of its subresources", rule(["pods"]), get("pods/log"), false],
            ["GIVEN a subresource THEN that one only", rule(["pods/log"]), get("pods/log"), true],
            ["GIVEN a subresource THEN not its resource", rule(["pods/log"]), get("pods"), false],
            ["GIVEN */scale THEN the scale subresource of every resource", rule(["*/scale"]), get("deployments/scale"), true],
            ["GIVEN */scale THEN no other subresource", rule(["*/scale"]), get("deployments/status"), false],
            // Kubernetes knows `*` and `*/<subresource>`, not `<resource>/*`: such a rule names no resource.
            ["GIVEN pods/* THEN no subresource of pods, as Kubernetes reads it", rule(["pods/*"]), get("pods/log"), false],
            [
                "GIVEN resource names THEN a request for one of them",
                rule(["configmaps"], ["get"], { resourceNames: ["a"] }),
                get("configmaps", { name: "a" }),
                true,
            ],
            [
                "GIVEN resource names THEN not another name",
                rule(["configmaps"], ["get"], { resourceNames: ["a"] }),
                get("configmaps", { name: "b" }),
                false,
            ],
            [
                "GIVEN resource names THEN not a request without a name (list, create)",
                rule(["configmaps"], ["list"], { resourceNames: ["a"] }),
                get("configmaps", { verb: "list" }),
                false,
            ],
            [
                "GIVEN empty resource names THEN every name",
                rule(["configmaps"], ["get"], { resourceNames: [] }),
                get("configmaps", { name: "b" }),
                true,
            ],
            ["GIVEN no verbs THEN nothing", rule(["pods"], []), get("pods"), false],
        ];
        for (const [name, r, request, expected] of cases) {
            it(name, () => {
                assert.equal(ruleAllows(r, request), expected);
            });
        }
    });

    describe("whether grants allow a request", () => {
        const inA: Grant = { namespace: "a", rules: [rule(["pods"])] };
        const everywhere: Grant = { rules: [rule(["namespaces"])] };

        it("GIVEN a grant in a namespace THEN it allows requests there", () => {
            assert.equal(allows([inA], get("pods")), true);
        });

        it("GIVEN a grant in a namespace THEN it allows nothing in another namespace, nor anything cluster-scoped", () => {
            assert.equal(allows([inA], get("pods", { namespace: "b" })), false);
            assert.equal(
                allows(
                    [{ namespace: "a", rules: [rule(["*"], ["*"], { apiGroups: ["*"] })] }],
                    get("namespaces", { namespace: undefined }),
                ),
                false,
            );
        });

        it("GIVEN a cluster-wide grant THEN it allows cluster-scoped requests and requests in every namespace", () => {
            assert.equal(allows([everywhere], get("namespaces", { namespace: undefined })), true);
            assert.equal(allows([everywhere], get("namespaces", { namespace: "b" })), true);
        });

        it("GIVEN no grants, or grants without rules THEN nothing is allowed", () => {
            assert.equal(allows([], get("pods")), false);
            assert.equal(allows([{ namespace: "a", rules: [] }], get("pods")), false);
        });

        it("GIVEN several grants THEN any one allowing is enough", () => {
            assert.equal(allows([inA, everywhere], get("namespaces", { namespace: undefined })), true);
        });
    });

    describe("the escalation check: whether grants cover the rules of a Role created or bound", () => {
        const installer: Grant[] = [
            { namespace: "a", rules: [rule(["pods", "configmaps"], ["get", "list", "create"]), rule(["*/scale"], ["get"])] },
        ];

        it("GIVEN rules within the grants THEN they are covered, in the grants' namespace only", () => {
            const rules = [rule(["pods"], ["get", "list"]), rule(["configmaps"], ["create"])];
            assert.equal(coversRules(installer, "a", rules), true);
            assert.equal(coversRules(installer, "b", rules), false);
        });

        it("GIVEN one verb or resource beyond the grants THEN the rules are not covered", () => {
            assert.equal(coversRules(installer, "a", [rule(["pods"], ["get", "delete"])]), false);
            assert.equal(coversRules(installer, "a", [rule(["pods", "secrets"], ["get"])]), false);
            assert.equal(coversRules(installer, "a", [rule(["pods"], ["get"], { apiGroups: ["", "apps"] })]), false);
        });

        it("GIVEN a * in the rules THEN only a * in the grants covers it", () => {
            assert.equal(coversRules(installer, "a", [rule(["pods"], ["*"])]), false);
            assert.equal(coversRules(installer, "a", [rule(["*"], ["get"])]), false);
            assert.equal(coversRules([{ namespace: "a", rules: [rule(["*"], ["*"])] }], "a", [rule(["*"], ["*"])]), true);
        });

        it("GIVEN */scale in the grants THEN a rule for one resource's scale is covered, and */scale by itself", () => {
            assert.equal(coversRules(installer, "a", [rule(["deployments/scale", "*/scale"], ["get"])]), true);
        });

        it("GIVEN resource names in the rules THEN grants for those names or for every name cover them", () => {
            const named = [rule(["configmaps"], ["get"], { resourceNames: ["x", "y"] })];
            assert.equal(coversRules(installer, "a", named), true);
            assert.equal(
                coversRules([{ namespace: "a", rules: [rule(["configmaps"], ["get"], { resourceNames: ["x"] })] }], "a", named),
                false,
            );
        });

        it("GIVEN grants limited to names THEN a rule for every name is not covered", () => {
            const limited: Grant[] = [{ namespace: "a", rules: [rule(["configmaps"], ["get"], { resourceNames: ["x"] })] }];
            assert.equal(coversRules(limited, "a", [rule(["configmaps"], ["get"])]), false);
        });

        it("GIVEN no rules, or a rule without verbs THEN there is nothing to cover", () => {
            assert.equal(coversRules([], "a", []), true);
            assert.equal(coversRules([], "a", [rule(["secrets"], [])]), true);
        });
    });
});
