import * as assert from "node:assert/strict";
import { type AdmissionRequest, evaluate, type PolicyObjects } from "../../../core/tenancy/admissionEval";
import { annotation, celList, core, EXCEPTIONS_VARIABLE, type Validation, waivable } from "../../../core/tenancy/admissionPolicy";

/** A policy on ConfigMaps of every namespace, with the given variables and validations. */
const policy = (variables: PolicyObjects["policy"]["spec"]["variables"], validations: readonly Validation[]): PolicyObjects => ({
    policy: {
        metadata: { name: "p" },
        spec: {
            matchConstraints: { resourceRules: [{ ...core("configmaps"), operations: ["CREATE"] }] },
            variables,
            validations,
        },
    },
    binding: { spec: { matchResources: { namespaceSelector: { matchExpressions: [] } } } },
});

/** A ConfigMap created in a namespace with these annotations (none: no `annotations` field at all). */
const inNamespace = (annotations?: Record<string, string>, data: Record<string, string> = {}): AdmissionRequest => ({
    group: "",
    version: "v1",
    resource: "configmaps",
    operation: "CREATE",
    object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data },
    namespaceObject: { metadata: { name: "fintech", labels: {}, ...(annotations ? { annotations } : {}) } },
});

describe("the admission policies' shared shape and CEL fragments (core/tenancy/admissionPolicy)", () => {
    it("GIVEN core resources THEN the rule is the core API group, version v1, those resources", () => {
        assert.deepEqual(core("pods", "services"), { apiGroups: [""], apiVersions: ["v1"], resources: ["pods", "services"] });
    });

    describe("a namespace annotation as a list", () => {
        const listed = (expected: string) =>
            policy(
                [{ name: "list", expression: annotation("helm-platform/x") }],
                [{ expression: `variables.list == ${expected}`, message: "m" }],
            );
        const cases: [string, Record<string, string> | undefined, string][] = [
            ["GIVEN a namespace without annotations THEN it is empty", undefined, "[]"],
            ["GIVEN annotations without the key THEN it is empty", { other: "a" }, "[]"],
            ["GIVEN one value THEN it is that value", { "helm-platform/x": "a.example" }, "['a.example']"],
            ["GIVEN comma-separated values THEN each one, in order", { "helm-platform/x": "b,a" }, "['b', 'a']"],
        ];
        for (const [name, annotations, expected] of cases) {
            it(name, () => {
                assert.deepEqual(evaluate(listed(expected), inNamespace(annotations)), { allowed: true });
            });
        }

        it("GIVEN the exceptions variable THEN it reads the admission exceptions annotation", () => {
            assert.deepEqual(EXCEPTIONS_VARIABLE, { name: "exceptions", expression: annotation("helm-platform/admission-exceptions") });
        });
    });

    describe("a waivable validation", () => {
        const check: Validation = { expression: "!has(object.data.privileged)", message: "no privileged key", reason: "Forbidden" };
        const waived = waivable("privileged", check);
        const run = (annotations: Record<string, string> | undefined) =>
            evaluate(policy([EXCEPTIONS_VARIABLE], [waived]), inNamespace(annotations, { privileged: "yes" }));

        it("GIVEN the namespace has no exceptions THEN the validation denies, its message saying which waiver lifts it", () => {
            assert.deepEqual(run(undefined), {
                allowed: false,
                message: "no privileged key (admission exception 'privileged': an allowance in allowances/<team>.yaml)",
            });
        });

        it("GIVEN the namespace carries the exception among others THEN the validation is lifted", () => {
            assert.deepEqual(run({ "helm-platform/admission-exceptions": "hostPath,privileged" }), { allowed: true });
        });

        it("GIVEN only other exceptions, or one whose name merely contains it THEN the validation still denies", () => {
            assert.equal(run({ "helm-platform/admission-exceptions": "hostPath" }).allowed, false);
            assert.equal(run({ "helm-platform/admission-exceptions": "privileged-lite" }).allowed, false);
        });

        it("GIVEN a request the validation admits THEN it is admitted without any exception", () => {
            const admitted = evaluate(policy([EXCEPTIONS_VARIABLE], [waived]), inNamespace(undefined, {}));
            assert.deepEqual(admitted, { allowed: true });
        });

        it("GIVEN a validation with a reason THEN the waivable one keeps it, and wraps the whole expression", () => {
            assert.equal(waived.reason, "Forbidden");
            assert.equal(waived.expression, "'privileged' in variables.exceptions || (!has(object.data.privileged))");
        });
    });

    describe("a CEL list literal of strings", () => {
        it("GIVEN strings THEN a list of quoted strings, in order; GIVEN none THEN the empty list", () => {
            assert.equal(celList(["b", "a"]), "['b', 'a']");
            assert.equal(celList([]), "[]");
        });

        it("GIVEN the literal in a membership test THEN CEL admits exactly its strings", () => {
            const allowed = policy(
                [],
                [{ expression: `object.data.cap in ${celList(["NET_BIND_SERVICE", "a.b/c"])}`, message: "not listed" }],
            );
            assert.deepEqual(evaluate(allowed, inNamespace(undefined, { cap: "a.b/c" })), { allowed: true });
            assert.deepEqual(evaluate(allowed, inNamespace(undefined, { cap: "NET_BIND" })), { allowed: false, message: "not listed" });
        });
    });
});
