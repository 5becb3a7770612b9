import * as assert from "node:assert/strict";
import { ValidatingAdmissionPolicy, ValidatingAdmissionPolicyBinding } from "kubernetes-models/admissionregistration.k8s.io/v1";
import { MONITORING_NAMESPACE } from "../../../core/base/constants";
import { ADMISSION_POLICIES, admissionObjects } from "../../../core/tenancy/admission";
import { admitAll, fintech, secret } from "../../support/admission";

const platformNamespace = { apiVersion: "v1", kind: "Namespace", metadata: { name: MONITORING_NAMESPACE, labels: {} } };

describe("admission policies, evaluated by a CEL interpreter", () => {
    it("admits an Opaque Secret and a Secret without a type", () => {
        assert.deepEqual(admitAll(secret("Opaque")), { allowed: true });
        assert.deepEqual(admitAll(secret()), { allowed: true });
    });

    it("denies a ServiceAccount token Secret, naming the policy", () => {
        assert.deepEqual(admitAll(secret("kubernetes.io/service-account-token")), {
            allowed: false,
            message:
                "helm-platform-tenant-secrets: ServiceAccount token Secrets never expire; workloads get short-lived projected tokens instead",
        });
    });

    it("GIVEN a namespace without the team label THEN no policy applies to it", () => {
        assert.deepEqual(admitAll({ ...secret("kubernetes.io/service-account-token"), namespaceObject: platformNamespace }), {
            allowed: true,
        });
    });

    it("binds every policy to tenant namespaces only, denying on failure", () => {
        for (const policy of ADMISSION_POLICIES) {
            const { policy: object, binding } = admissionObjects(policy);
            assert.equal(object.spec.failurePolicy, "Fail");
            assert.deepEqual(binding.spec.validationActions, ["Deny"]);
            assert.deepEqual(binding.spec.matchResources, {
                namespaceSelector: { matchExpressions: [{ key: "helm-platform/team", operator: "Exists" }] },
            });
            assert.equal(binding.spec.policyName, object.metadata.name);
        }
        assert.equal((fintech.metadata as { labels: Record<string, string> }).labels["helm-platform/team"], "fintech");
    });

    it("are valid ValidatingAdmissionPolicy and binding objects for Kubernetes 1.33", () => {
        for (const policy of ADMISSION_POLICIES) {
            const { policy: object, binding } = admissionObjects(policy);
            assert.doesNotThrow(
                () =>
                    new ValidatingAdmissionPolicy({
                        ...object,
                        apiVersion: "admissionregistration.k8s.io/v1",
                        kind: "ValidatingAdmissionPolicy",
                    } as never).validate(),
                policy.name,
            );
            assert.doesNotThrow(
                () =>
                    new ValidatingAdmissionPolicyBinding({
                        ...binding,
                        apiVersion: "admissionregistration.k8s.io/v1",
                        kind: "ValidatingAdmissionPolicyBinding",
                    } as never).validate(),
                policy.name,
            );
        }
    });
});
