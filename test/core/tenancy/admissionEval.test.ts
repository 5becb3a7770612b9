import * as assert from "node:assert/strict";
import { type AdmissionRequest, admit, evaluate, matches, type PolicyObjects } from "../../../core/tenancy/admissionEval";

type Rule = PolicyObjects["policy"]["spec"]["matchConstraints"]["resourceRules"][number];
type Expression = { readonly key: string; readonly operator: string };

const CONFIGMAPS: Rule = { apiGroups: [""], apiVersions: ["v1"], resources: ["configmaps"], operations: ["CREATE", "UPDATE"] };

/** A policy and its binding as the evaluator reads them: by default on ConfigMaps, in namespaces labelled `team`. */
function policy(
    spec: Partial<PolicyObjects["policy"]["spec"]> & { readonly name?: string; readonly selector?: readonly Expression[] } = {},
): PolicyObjects {
    return {
        policy: {
            metadata: { name: spec.name ?? "test-policy" },
            spec: {
                matchConstraints: spec.matchConstraints ?? { resourceRules: [CONFIGMAPS] },
                variables: spec.variables ?? [],
                validations: spec.validations ?? [],
            },
        },
        binding: {
            spec: { matchResources: { namespaceSelector: { matchExpressions: spec.selector ?? [{ key: "team", operator: "Exists" }] } } },
        },
    };
}
const only = (expression: string, message = "refused") => policy({ validations: [{ expression, message }] });

const TEAM_NAMESPACE = { metadata: { name: "fintech", labels: { team: "fintech" } } };
const PLATFORM_NAMESPACE = { metadata: { name: "monitoring", labels: {} } };

/** A CREATE of a ConfigMap in fintech's namespace, with what `extra` changes. */
const configMap = (data: Record<string, unknown> = {}, extra: Partial<AdmissionRequest> = {}): AdmissionRequest => ({
    group: "",
    version: "v1",
    resource: "configmaps",
    operation: "CREATE",
    object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "settings" }, data },
    namespaceObject: TEAM_NAMESPACE,
    ...extra,
});

describe("the admission evaluator (core/tenancy/admissionEval)", () => {
    describe("which requests a policy and its binding match", () => {
        const cases: [string, readonly Expression[], Record<string, unknown>, boolean][] = [
            ["GIVEN Exists on a label the namespace has THEN it is selected", [{ key: "team", operator: "Exists" }], TEAM_NAMESPACE, true],
            [
                "GIVEN Exists on a label the namespace lacks THEN it is not",
                [{ key: "team", operator: "Exists" }],
                PLATFORM_NAMESPACE,
                false,
            ],
            ["GIVEN DoesNotExist on a label it has THEN it is not", [{ key: "team", operator: "DoesNotExist" }], TEAM_NAMESPACE, false],
            ["GIVEN DoesNotExist on a label it lacks THEN it is", [{ key: "team", operator: "DoesNotExist" }], PLATFORM_NAMESPACE, true],
            ["GIVEN no expressions THEN every namespace is selected", [], PLATFORM_NAMESPACE, true],
            ["GIVEN a namespace without labels at all THEN Exists does not select it", [{ key: "team", operator: "Exists" }], {}, false],
            [
                "GIVEN two expressions THEN both must hold",
                [
                    { key: "team", operator: "Exists" },
                    { key: "frozen", operator: "Exists" },
                ],
                TEAM_NAMESPACE,
                false,
            ],
            // Only the operators the platform's bindings use are known: any other selects nothing, so the
            // policy does not apply and the access proof counts the request as admitted (the safe side).
            ["GIVEN an operator it does not know (In) THEN nothing is selected", [{ key: "team", operator: "In" }], TEAM_NAMESPACE, false],
        ];
        for (const [name, selector, namespaceObject, expected] of cases) {
            it(name, () => {
                assert.equal(matches(policy({ selector }), configMap({}, { namespaceObject })), expected);
            });
        }

        it("GIVEN a request differing from the resource rule in group, version, resource or operation THEN it does not match", () => {
            const rule = (r: Partial<Rule>) => policy({ matchConstraints: { resourceRules: [{ ...CONFIGMAPS, ...r }] } });
            assert.equal(matches(rule({}), configMap()), true);
            assert.equal(matches(rule({ apiGroups: ["apps"] }), configMap()), false);
            assert.equal(matches(rule({ apiVersions: ["v1beta1"] }), configMap()), false);
            assert.equal(matches(rule({ resources: ["secrets"] }), configMap()), false);
            assert.equal(matches(rule({ operations: ["UPDATE"] }), configMap()), false);
            assert.equal(matches(rule({ operations: ["UPDATE"] }), configMap({}, { operation: "UPDATE" })), true);
        });

        it("GIVEN several resource rules THEN one matching is enough, and none means no match", () => {
            const secrets = { ...CONFIGMAPS, resources: ["secrets"] };
            assert.equal(matches(policy({ matchConstraints: { resourceRules: [secrets, CONFIGMAPS] } }), configMap()), true);
            assert.equal(matches(policy({ matchConstraints: { resourceRules: [] } }), configMap()), false);
        });
    });

    describe("the verdict of one policy", () => {
        it("GIVEN a policy that does not match THEN the request is allowed without evaluating anything", () => {
            const broken = policy({ selector: [{ key: "team", operator: "Exists" }], validations: [{ expression: "1/0", message: "m" }] });
            assert.deepEqual(evaluate(broken, configMap({}, { namespaceObject: PLATFORM_NAMESPACE })), { allowed: true });
        });

        it("GIVEN a validation that is false THEN the request is denied with the validation's message", () => {
            assert.deepEqual(evaluate(only("has(object.data.mode)", "a mode is required"), configMap()), {
                allowed: false,
                message: "a mode is required",
            });
            assert.deepEqual(evaluate(only("has(object.data.mode)"), configMap({ mode: "fast" })), { allowed: true });
        });

        it("GIVEN a validation that yields something other than true THEN the request is denied", () => {
            assert.deepEqual(evaluate(only("object.data.mode", "not true"), configMap({ mode: "true" })), {
                allowed: false,
                message: "not true",
            });
        });

        it("GIVEN several validations THEN the first one that fails gives the message", () => {
            const two = policy({
                validations: [
                    { expression: "true", message: "first" },
                    { expression: "false", message: "second" },
                    { expression: "false", message: "third" },
                ],
            });
            assert.deepEqual(evaluate(two, configMap()), { allowed: false, message: "second" });
        });

        it("GIVEN no validations THEN a matching request is allowed", () => {
            assert.deepEqual(evaluate(policy(), configMap()), { allowed: true });
        });

        it("GIVEN an expression that fails to evaluate THEN the request is denied, as failurePolicy Fail does, naming the expression", () => {
            assert.deepEqual(evaluate(only("object.nothing.here"), configMap()), {
                allowed: false,
                message: "object.nothing.here: field not found: nothing",
            });
            assert.deepEqual(evaluate(only("1/0"), configMap()), { allowed: false, message: "1/0: int divide by zero" });
        });

        it("GIVEN an expression that does not parse THEN the request is denied, naming the expression", () => {
            const verdict = evaluate(only("object.data.("), configMap());
            assert.equal(verdict.allowed, false);
            assert.ok(!verdict.allowed && verdict.message.startsWith("object.data.(: "), JSON.stringify(verdict));
        });

        it("GIVEN variables THEN validations read them, and a later variable reads an earlier one", () => {
            const withVariables = policy({
                variables: [
                    { name: "mode", expression: "object.data.mode" },
                    { name: "fast", expression: "variables.mode == 'fast'" },
                ],
                validations: [{ expression: "variables.fast", message: "only fast" }],
            });
            assert.deepEqual(evaluate(withVariables, configMap({ mode: "fast" })), { allowed: true });
            assert.deepEqual(evaluate(withVariables, configMap({ mode: "slow" })), { allowed: false, message: "only fast" });
        });

        it("GIVEN a variable that fails to evaluate THEN the request is denied, naming the variable", () => {
            const broken = policy({ variables: [{ name: "mode", expression: "object.data.mode" }], validations: [] });
            assert.deepEqual(evaluate(broken, configMap()), { allowed: false, message: "variable mode: field not found: mode" });
        });

        it("GIVEN no user THEN the request is the namespace's installer's, in the namespace's name", () => {
            const installer = only("request.userInfo.username == 'system:serviceaccount:' + request.namespace + ':helm-installer'");
            assert.deepEqual(evaluate(installer, configMap()), { allowed: true });
            assert.deepEqual(evaluate(only("request.namespace == 'fintech' && request.operation == 'CREATE'"), configMap()), {
                allowed: true,
            });
        });

        it("GIVEN a user with groups THEN the policy sees that user and those groups", () => {
            const user = { username: "alice@contoso.example", groups: ["owners"] };
            const ownersOnly = only("request.userInfo.username == 'alice@contoso.example' && 'owners' in request.userInfo.groups");
            assert.deepEqual(evaluate(ownersOnly, configMap({}, { userInfo: user })), { allowed: true });
            assert.deepEqual(evaluate(ownersOnly, configMap()).allowed, false);
        });

        it("GIVEN a CREATE THEN oldObject is null; GIVEN an UPDATE with the old object THEN the policy reads it", () => {
            assert.deepEqual(evaluate(only("oldObject == null"), configMap()), { allowed: true });
            const unchanged = only("oldObject.data.mode == object.data.mode", "mode is immutable");
            const old = { metadata: { name: "settings" }, data: { mode: "fast" } };
            assert.deepEqual(evaluate(unchanged, configMap({ mode: "fast" }, { operation: "UPDATE", oldObject: old })), { allowed: true });
            assert.deepEqual(evaluate(unchanged, configMap({ mode: "slow" }, { operation: "UPDATE", oldObject: old })), {
                allowed: false,
                message: "mode is immutable",
            });
        });

        it("GIVEN JSON numbers THEN whole ones are CEL ints, as the API server passes them, and others doubles", () => {
            const numbers = configMap({ replicas: 3, ratio: 1.5 });
            assert.deepEqual(evaluate(only("type(object.data.replicas) == int && object.data.replicas == 3"), numbers), { allowed: true });
            assert.deepEqual(evaluate(only("type(object.data.ratio) == double"), numbers), { allowed: true });
        });

        it("GIVEN the strings extension the platform's policies use THEN split, and a namespace's own fields, evaluate", () => {
            const annotated = {
                metadata: { name: "fintech", labels: { team: "fintech" }, annotations: { domains: "a.example,b.example" } },
            };
            const split = only("namespaceObject.metadata.annotations['domains'].split(',') == ['a.example', 'b.example']");
            assert.deepEqual(evaluate(split, configMap({}, { namespaceObject: annotated })), { allowed: true });
        });
    });

    describe("the verdict of all the policies", () => {
        const refusing = (name: string) => policy({ name, validations: [{ expression: "false", message: `${name} says no` }] });

        it("GIVEN no policies THEN the request is allowed", () => {
            assert.deepEqual(admit([], configMap()), { allowed: true });
        });

        it("GIVEN policies that all allow THEN the request is allowed", () => {
            assert.deepEqual(admit([policy(), only("true")], configMap()), { allowed: true });
        });

        it("GIVEN several denials THEN the first policy's is given, prefixed with its name", () => {
            assert.deepEqual(admit([policy(), refusing("first"), refusing("second")], configMap()), {
                allowed: false,
                message: "first: first says no",
            });
        });

        it("GIVEN a denying policy bound to other namespaces only THEN the request is allowed", () => {
            const elsewhere = {
                ...refusing("elsewhere"),
                binding: policy({ selector: [{ key: "platform", operator: "Exists" }] }).binding,
            };
            assert.deepEqual(admit([elsewhere], configMap()), { allowed: true });
        });
    });
});
