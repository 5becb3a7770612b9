import * as assert from "node:assert/strict";
import { ValidatingAdmissionPolicy, ValidatingAdmissionPolicyBinding } from "kubernetes-models/admissionregistration.k8s.io/v1";
import type { TenantSpec } from "../../../core/model/platform";
import { ADMISSION_POLICIES, admissionObjects } from "../../../core/tenancy/admission";
import { tenantObjects } from "../../../core/tenancy/objects";
import { load } from "../../helpers";
import { type AdmissionRequest, admit, evaluate } from "../../support/admission";

const tenants = load("prod").tenants;
const namespaceOf = (team: string) =>
    tenantObjects(tenants.find((t) => t.team === team) as TenantSpec, "prod")[0] as unknown as Record<string, unknown>;
/** retail declares shop.contoso.example; fintech declares no domains and no service types. */
const retail = namespaceOf("retail");
const fintech = namespaceOf("fintech");
const withLoadBalancers = {
    ...fintech,
    metadata: { ...(fintech.metadata as object), annotations: { "helm-platform/service-types": "LoadBalancer" } },
};

const request = (group: string, resource: string, object: Record<string, unknown>, namespaceObject = fintech): AdmissionRequest => ({
    group,
    version: "v1",
    resource,
    operation: "CREATE",
    object,
    namespaceObject,
});
const service = (spec: Record<string, unknown>, ns = fintech) =>
    request("", "services", { kind: "Service", metadata: { name: "s" }, spec: { ports: [{ port: 80 }], ...spec } }, ns);
const ingress = (spec: Record<string, unknown>, ns = retail) =>
    request("networking.k8s.io", "ingresses", { kind: "Ingress", metadata: { name: "i" }, spec }, ns);
const rule = (host?: string) => ({
    ...(host ? { host } : {}),
    http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "s", port: { number: 80 } } } }] },
});
const podSpec = (extra: Record<string, unknown> = {}, container: Record<string, unknown> = {}) => ({
    containers: [{ name: "app", image: "app:1", ...container }],
    ...extra,
});
const pod = (spec: Record<string, unknown>) => request("", "pods", { kind: "Pod", metadata: { name: "p" }, spec });
const deployment = (spec: Record<string, unknown>) =>
    request("apps", "deployments", { kind: "Deployment", metadata: { name: "d" }, spec: { selector: {}, template: { spec } } });
const cronJob = (spec: Record<string, unknown>) =>
    request("batch", "cronjobs", {
        kind: "CronJob",
        metadata: { name: "c" },
        spec: { schedule: "* * * * *", jobTemplate: { spec: { template: { spec } } } },
    });
const secret = (type?: string) => request("", "secrets", { kind: "Secret", metadata: { name: "x" }, ...(type ? { type } : {}) });

const ALLOWED: [string, AdmissionRequest][] = [
    ["a ClusterIP Service", service({})],
    ["a headless Service", service({ clusterIP: "None" })],
    ["a LoadBalancer Service where the team's file allows it", service({ type: "LoadBalancer" }, withLoadBalancers)],
    ["an Ingress for the team's domain", ingress({ rules: [rule("shop.contoso.example")] })],
    [
        "an Ingress for a subdomain with TLS",
        ingress({
            rules: [rule("api.shop.contoso.example")],
            tls: [{ hosts: ["api.shop.contoso.example", "*.shop.contoso.example"], secretName: "tls" }],
        }),
    ],
    ["a plain Pod", pod(podSpec())],
    ["a container port without a host port", pod(podSpec({}, { ports: [{ containerPort: 8080 }] }))],
    ["a Deployment running as its own ServiceAccount", deployment(podSpec({ serviceAccountName: "app" }))],
    ["a CronJob", cronJob(podSpec({ restartPolicy: "OnFailure" }))],
    ["an Opaque Secret", secret("Opaque")],
    ["a Secret without a type", secret()],
];

const DENIED: [string, AdmissionRequest, RegExp][] = [
    ["a Service with externalIPs", service({ externalIPs: ["203.0.113.7"] }), /externalIPs/],
    ["a LoadBalancer Service the team's file does not allow", service({ type: "LoadBalancer" }), /Service type is not allowed/],
    ["a NodePort Service", service({ type: "NodePort" }, withLoadBalancers), /Service type is not allowed/],
    ["an ExternalName Service", service({ type: "ExternalName", externalName: "db.internal" }), /Service type is not allowed/],
    ["an Ingress for another domain", ingress({ rules: [rule("payments.contoso.example")] }), /names a host under the team's domains/],
    ["an Ingress for a look-alike domain", ingress({ rules: [rule("evilshop.contoso.example")] }), /names a host under the team's domains/],
    ["an Ingress rule without a host", ingress({ rules: [rule()] }), /names a host under the team's domains/],
    ["an Ingress with a default backend", ingress({ defaultBackend: { service: { name: "s", port: { number: 80 } } } }), /default backend/],
    [
        "an Ingress with TLS for another domain",
        ingress({ rules: [rule("shop.contoso.example")], tls: [{ hosts: ["*.contoso.example"] }] }),
        /TLS hosts/,
    ],
    [
        "an Ingress in a namespace without domains",
        ingress({ rules: [rule("shop.contoso.example")] }, fintech),
        /names a host under the team's domains/,
    ],
    ["a Pod on the host network", pod(podSpec({ hostNetwork: true })), /host's network/],
    ["a Pod in the host's process namespace", pod(podSpec({ hostPID: true })), /host's process namespace/],
    ["a Pod in the host's IPC namespace", pod(podSpec({ hostIPC: true })), /host's IPC namespace/],
    ["a container binding a host port", pod(podSpec({}, { ports: [{ containerPort: 80, hostPort: 80 }] })), /host ports/],
    [
        "an init container binding a host port",
        pod({ ...podSpec(), initContainers: [{ name: "init", image: "i:1", ports: [{ containerPort: 53, hostPort: 53 }] }] }),
        /host ports/,
    ],
    ["a Pod running as the installer", pod(podSpec({ serviceAccountName: "helm-installer" })), /may not run as helm-installer/],
    ["a Deployment on the host network", deployment(podSpec({ hostNetwork: true })), /host's network/],
    [
        "a Deployment running as the installer",
        deployment(podSpec({ serviceAccountName: "helm-installer" })),
        /may not run as helm-installer/,
    ],
    ["a CronJob in the host's process namespace", cronJob(podSpec({ hostPID: true })), /host's process namespace/],
    ["a ServiceAccount token Secret", secret("kubernetes.io/service-account-token"), /never expire/],
];

describe("admission policies, evaluated by a CEL interpreter", () => {
    for (const [what, req] of ALLOWED) {
        it(`admits ${what}`, () => {
            assert.deepEqual(admit(ADMISSION_POLICIES, req), { allowed: true });
        });
    }
    for (const [what, req, message] of DENIED) {
        it(`denies ${what}`, () => {
            const verdict = admit(ADMISSION_POLICIES, req);
            assert.equal(verdict.allowed, false, what);
            assert.match((verdict as { message: string }).message, message);
        });
    }

    it("exercises every validation of every policy with a request it denies", () => {
        const denied = new Set(
            DENIED.flatMap(([, req]) => ADMISSION_POLICIES.map((p) => evaluate(p, req)).flatMap((v) => (v.allowed ? [] : [v.message]))),
        );
        for (const policy of ADMISSION_POLICIES) {
            for (const v of policy.validations) {
                assert.ok(denied.has(v.message), `${policy.name}: no test is denied by "${v.message}"`);
            }
        }
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
