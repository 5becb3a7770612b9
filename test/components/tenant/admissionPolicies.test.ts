import * as assert from "node:assert/strict";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { AdmissionPolicies } from "../../../components/tenant/admissionPolicies";
import { TYPE } from "../../../core/base/resourceTypes";
import { ADMISSION_POLICIES, admissionObjects } from "../../../core/tenancy/admission";
import { type ComponentRun, runComponents } from "../../helpers";

const POLICY = TYPE.validatingAdmissionPolicy;
const BINDING = TYPE.validatingAdmissionPolicyBinding;

describe("the admission policies on one cluster (components/tenant/admissionPolicies.ts)", () => {
    let run: ComponentRun;
    let ready: readonly pulumi.Resource[] = [];
    before(async () => {
        run = await runComponents(() => {
            const provider = new k8s.Provider("shop-weu-k8s", { kubeconfig: "unused" });
            const first = new pulumi.ComponentResource("test:index:Before", "shop-weu-rbac", {}, {});
            ready = new AdmissionPolicies("shop-weu-policies", { provider, dependsOn: [first] }).ready;
        });
        assert.ok(ADMISSION_POLICIES.length > 0);
    });

    it("GIVEN the platform's policies THEN each is a policy and a binding, named after the component and the policy", () => {
        const expected = ADMISSION_POLICIES.flatMap((p) => [
            `${POLICY}::shop-weu-policies-${p.name}`,
            `${BINDING}::shop-weu-policies-${p.name}-binding`,
        ]);
        const registered = run.resources.filter((r) => r.type === POLICY || r.type === BINDING).map((r) => `${r.type}::${r.name}`);
        assert.deepEqual(registered, expected);
        assert.equal(ready.length, expected.length, "everything registered is what namespaces and releases wait for");
    });

    it("GIVEN a policy THEN its object is the one core/tenancy makes of it, metadata and spec, as is its binding", () => {
        for (const p of ADMISSION_POLICIES) {
            const { policy, binding } = admissionObjects(p);
            assert.deepEqual(run.one(POLICY, `-${p.name}`).inputs, {
                apiVersion: policy.apiVersion,
                kind: policy.kind,
                metadata: policy.metadata,
                spec: policy.spec,
            });
            assert.deepEqual(run.one(BINDING, `-${p.name}-binding`).inputs, {
                apiVersion: binding.apiVersion,
                kind: binding.kind,
                metadata: binding.metadata,
                spec: binding.spec,
            });
        }
    });

    it("GIVEN the cluster's provider in the options THEN every object is created with it, under the component", () => {
        const objects = run.resources.filter((r) => r.type === POLICY || r.type === BINDING);
        assert.ok(objects.length > 0);
        for (const r of objects) {
            assert.deepEqual(
                [r.provider, r.parent],
                ["pulumi:providers:kubernetes::shop-weu-k8s", `${TYPE.admissionPolicies}::shop-weu-policies`],
                r.name,
            );
        }
    });

    it("GIVEN what it depends on THEN each policy waits for it, and each binding for its policy", () => {
        for (const p of ADMISSION_POLICIES) {
            assert.deepEqual(run.one(POLICY, `-${p.name}`).dependsOn, ["test:index:Before::shop-weu-rbac"], p.name);
            assert.deepEqual(run.one(BINDING, `-${p.name}-binding`).dependsOn, [`${POLICY}::shop-weu-policies-${p.name}`], p.name);
        }
    });
});
