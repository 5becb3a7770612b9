import * as assert from "node:assert/strict";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { Role, RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1";
import { LimitRange, Namespace, ResourceQuota, ServiceAccount } from "kubernetes-models/v1";
import { PLATFORM_LIMITS, PLATFORM_QUOTA } from "../../../core/config/tenancy";
import { type KubeObject, type TenantIsolation, tenantObjects } from "../../../core/tenancy/objects";
import { CI_PRINCIPAL, INSTALLER_RULES, OPERATOR_RULES } from "../../../core/tenancy/rbac";

/** A team with owners and viewers, restricted, allowed nothing: what every tenant has. */
const PAYMENTS: TenantIsolation = {
    team: "payments",
    namespace: "payments-ns",
    ownerGroupObjectIds: ["owners"],
    viewerGroupObjectIds: ["viewers"],
    podSecurity: { enforce: "restricted", warn: "restricted", audit: "restricted" },
    quota: PLATFORM_QUOTA,
    limits: PLATFORM_LIMITS,
    egress: [],
    ingressFrom: [],
    exposure: { serviceTypes: [], ingressDomains: [] },
};

const namespaceOf = (objects: readonly KubeObject[]) => objects[0] as KubeObject;
const annotationsOf = (tenant: TenantIsolation) => namespaceOf(tenantObjects(tenant, "prod")).metadata.annotations;
const one = (objects: readonly KubeObject[], kind: string, name: string) => {
    const found = objects.filter((o) => o.kind === kind && o.metadata.name === name);
    assert.equal(found.length, 1, `${kind} ${name}: ${objects.map((o) => `${o.kind} ${o.metadata.name}`).join(", ")}`);
    return found[0] as KubeObject;
};

const MODELS: Record<KubeObject["kind"], new (data: never) => { validate(): void }> = {
    Namespace,
    ResourceQuota,
    LimitRange,
    NetworkPolicy,
    Role,
    RoleBinding,
    ServiceAccount,
};

describe("the objects that isolate a tenant (core/tenancy/objects)", () => {
    it("GIVEN a team THEN its namespace comes first, then quota, limits, network policies, roles, installer and bindings", () => {
        assert.deepEqual(
            tenantObjects(PAYMENTS, "prod").map((o) => `${o.kind} ${o.metadata.name}`),
            [
                "Namespace payments-ns",
                "ResourceQuota payments-quota",
                "LimitRange payments-limits",
                "NetworkPolicy default-deny",
                "NetworkPolicy allow-same-namespace",
                "NetworkPolicy allow-dns",
                "Role tenant-operator",
                "Role tenant-installer",
                "ServiceAccount helm-installer",
                "RoleBinding payments-operate",
                "RoleBinding payments-view",
                "RoleBinding helm-installer",
            ],
        );
    });

    it("GIVEN a team THEN every object is labelled with the manager, team and environment, and all but the namespace are in it", () => {
        const objects = tenantObjects(PAYMENTS, "uat");
        const labels = {
            "app.kubernetes.io/managed-by": "helm-platform",
            "helm-platform/team": "payments",
            "helm-platform/environment": "uat",
        };
        for (const o of objects) {
            assert.deepEqual(
                Object.fromEntries(Object.entries(o.metadata.labels ?? {}).filter(([k]) => k in labels)),
                labels,
                `${o.kind} ${o.metadata.name}`,
            );
            assert.equal(o.metadata.namespace, o.kind === "Namespace" ? undefined : "payments-ns", `${o.kind} ${o.metadata.name}`);
        }
    });

    it("GIVEN every option at once THEN each object is valid for its kind's Kubernetes schema", () => {
        const objects = tenantObjects(
            {
                ...PAYMENTS,
                ci: { kind: "github", repository: "contoso/payments", subject: "repo:contoso/payments:environment:prod" },
                ingressNamespace: "ingress-nginx",
                egress: [{ description: "d", cidr: "203.0.113.0/24", ports: [{ port: 443, protocol: "TCP" }] }],
                exposure: { serviceTypes: ["LoadBalancer"], ingressDomains: ["pay.contoso.example"] },
                admissionExceptions: ["hostPath"],
            },
            "prod",
            "ci-object-id",
        );
        assert.ok(objects.length > 10);
        for (const o of objects) {
            assert.doesNotThrow(() => new MODELS[o.kind](o as never).validate(), `${o.kind} ${o.metadata.name}`);
        }
    });

    it("GIVEN Pod Security levels THEN the namespace enforces, warns and audits them at the latest version", () => {
        const labels = namespaceOf(
            tenantObjects({ ...PAYMENTS, podSecurity: { enforce: "baseline", warn: "restricted", audit: "restricted" } }, "prod"),
        ).metadata.labels;
        assert.deepEqual(Object.fromEntries(Object.entries(labels ?? {}).filter(([k]) => k.startsWith("pod-security.kubernetes.io/"))), {
            "pod-security.kubernetes.io/enforce": "baseline",
            "pod-security.kubernetes.io/enforce-version": "latest",
            "pod-security.kubernetes.io/warn": "restricted",
            "pod-security.kubernetes.io/warn-version": "latest",
            "pod-security.kubernetes.io/audit": "restricted",
            "pod-security.kubernetes.io/audit-version": "latest",
        });
    });

    describe("the namespace's annotations, which the admission policies read", () => {
        it("GIVEN a team without groups, exposure, waivers or exception THEN the namespace has no annotations at all", () => {
            assert.equal(annotationsOf({ ...PAYMENTS, ownerGroupObjectIds: [], viewerGroupObjectIds: [] }), undefined);
        });

        it("GIVEN owners and viewers THEN the groups annotation lists each group once, owners first", () => {
            const tenant = { ...PAYMENTS, ownerGroupObjectIds: ["a", "b"], viewerGroupObjectIds: ["b", "c"] };
            assert.deepEqual(annotationsOf(tenant), { "helm-platform/groups": "a,b,c" });
        });

        it("GIVEN exposure, waivers and a Pod Security exception THEN each has its annotation, lists comma-separated", () => {
            const tenant: TenantIsolation = {
                ...PAYMENTS,
                podSecurity: { ...PAYMENTS.podSecurity, enforce: "baseline", exceptionReason: "a vendor agent needs NET_RAW" },
                exposure: { serviceTypes: ["LoadBalancer", "NodePort"], ingressDomains: ["pay.contoso.example", "*.pay.contoso.example"] },
                admissionExceptions: ["privileged", "hostPath"],
            };
            assert.deepEqual(annotationsOf(tenant), {
                "helm-platform/pod-security-exception": "a vendor agent needs NET_RAW",
                "helm-platform/service-types": "LoadBalancer,NodePort",
                "helm-platform/ingress-domains": "pay.contoso.example,*.pay.contoso.example",
                "helm-platform/admission-exceptions": "privileged,hostPath",
                "helm-platform/groups": "owners,viewers",
            });
        });

        it("GIVEN an empty list of waivers THEN there is no exceptions annotation", () => {
            assert.deepEqual(annotationsOf({ ...PAYMENTS, admissionExceptions: [] }), { "helm-platform/groups": "owners,viewers" });
        });
    });

    it("GIVEN quota and limits THEN the ResourceQuota holds the quota and the LimitRange the container defaults", () => {
        const objects = tenantObjects(PAYMENTS, "prod");
        assert.deepEqual(one(objects, "ResourceQuota", "payments-quota")["spec"], { hard: PLATFORM_QUOTA });
        assert.deepEqual(one(objects, "LimitRange", "payments-limits")["spec"], {
            limits: [{ type: "Container", default: { cpu: "500m", memory: "512Mi" }, defaultRequest: { cpu: "100m", memory: "128Mi" } }],
        });
    });

    it("GIVEN a team THEN the roles hold the operator's and the installer's rules, and the installer mounts no token", () => {
        const objects = tenantObjects(PAYMENTS, "prod");
        assert.deepEqual(one(objects, "Role", "tenant-operator")["rules"], OPERATOR_RULES);
        assert.deepEqual(one(objects, "Role", "tenant-installer")["rules"], INSTALLER_RULES);
        assert.equal(one(objects, "ServiceAccount", "helm-installer")["automountServiceAccountToken"], false);
    });

    it("GIVEN a CI identity the platform creates THEN its binding names the principal given, or the placeholder before it is known", () => {
        const tenant = { ...PAYMENTS, ci: { kind: "github" as const, repository: "contoso/payments", subject: "s" } };
        const subjects = (ci?: string) => one(tenantObjects(tenant, "prod", ci), "RoleBinding", "payments-ci-operate")["subjects"];
        assert.deepEqual(subjects("ci-object-id"), [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "ci-object-id" }]);
        assert.deepEqual(subjects(), [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: CI_PRINCIPAL }]);
    });

    it("GIVEN allowances THEN the network policies are the tenant's, in its namespace", () => {
        const objects = tenantObjects({ ...PAYMENTS, ingressNamespace: "ingress-nginx" }, "prod");
        const policy = one(objects, "NetworkPolicy", "allow-ingress-controller");
        assert.equal(policy.apiVersion, "networking.k8s.io/v1");
        assert.deepEqual(policy["spec"], {
            podSelector: {},
            policyTypes: ["Ingress"],
            ingress: [{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } } }] }],
        });
    });
});
