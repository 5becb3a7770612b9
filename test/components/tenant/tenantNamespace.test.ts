import * as assert from "node:assert/strict";
import * as k8s from "@pulumi/kubernetes";
import { AdmissionPolicies, HelmRelease, MonitoringStack, TenantNamespace } from "../../../components";
import type { TeamSpec } from "../../../core/model/stackModel";
import { ADMISSION_POLICIES } from "../../../core/tenancy/admission";
import { tenantNamespaceArgs } from "../../../program/props";
import { load, runComponents } from "../../helpers";

/** fintech's namespace as the stack program gives it in dev, with the CI identity `ci`. */
function fintechOfDev(ci: string) {
    const dev = load("dev");
    return tenantNamespaceArgs(dev.teams.find((t) => t.team === "fintech") as TeamSpec, dev.environment, ci);
}

describe("TenantNamespace and HelmRelease", () => {
    const build = () => {
        const provider = new k8s.Provider("c1-k8s", { kubeconfig: "unused" });
        const tenant = new TenantNamespace(
            "c1-fintech",
            {
                namespace: "fintech",
                ownerGroupObjectIds: ["owners-group"],
                viewerGroupObjectIds: ["viewers-group"],
                ciPrincipalId: "ci-object-id",
            },
            { provider },
        );
        new HelmRelease(
            "c1-fintech-payments-api",
            {
                releaseName: "fintech-payments-api",
                namespace: tenant.namespaceName,
                chart: "oci://acr.azurecr.io/helm-charts/payments-api",
                version: "1.4.2",
                values: { replicaCount: 2 },
            },
            { provider, dependsOn: tenant.ready },
        );
    };

    it("binds owners to the namespace's operator role and viewers to view, inside the namespace only", async () => {
        const run = await runComponents(build);
        const namespace = run.one("kubernetes:core/v1:Namespace").inputs as Record<string, any>;
        assert.equal(namespace.metadata.name, "fintech");
        assert.equal(namespace.metadata.labels["helm-platform/team"], "fintech");
        const operate = run.one("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", "-fintech-operate").inputs as Record<string, any>;
        assert.equal(operate.metadata.namespace, "fintech");
        assert.deepEqual(operate.roleRef, { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "tenant-operator" });
        assert.deepEqual(operate.subjects, [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "owners-group" }]);
        const role = run.one("kubernetes:rbac.authorization.k8s.io/v1:Role", "-role-tenant-operator").inputs as Record<string, any>;
        const policyRules = role.rules.filter((r: { resources: string[] }) => r.resources.includes("networkpolicies"));
        assert.deepEqual(
            policyRules.map((r: { verbs: string[] }) => r.verbs),
            [["get", "list", "watch"]],
            "owners must not be able to delete their default-deny policy",
        );
        const view = run.one("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", "-view").inputs as Record<string, any>;
        assert.deepEqual(
            view.subjects.map((s: { name: string }) => s.name),
            ["viewers-group"],
        );
        const ci = run.one("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", "-ci-operate").inputs as Record<string, any>;
        assert.deepEqual(
            [ci.roleRef.name, ci.subjects],
            ["tenant-operator", [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "ci-object-id" }]],
        );
        assert.equal(run.all("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding").length, 0);
        for (const r of run.resources.filter((x) => x.type.startsWith("kubernetes:"))) {
            assert.equal(r.provider, "pulumi:providers:kubernetes::c1-k8s", `${r.name} must use the cluster's provider`);
        }
    });

    it("installs the release atomically into the team's namespace after its namespace and RBAC", async () => {
        const run = await runComponents(build);
        const release = run.one("kubernetes:helm.sh/v3:Release");
        const { name, namespace, chart, version, atomic, cleanupOnFail, createNamespace, maxHistory, timeout } = release.inputs;
        assert.deepEqual(
            { name, namespace, chart, version, atomic, cleanupOnFail, createNamespace, maxHistory, timeout },
            {
                name: "fintech-payments-api",
                namespace: "fintech",
                chart: "oci://acr.azurecr.io/helm-charts/payments-api",
                version: "1.4.2",
                atomic: true,
                cleanupOnFail: true,
                createNamespace: false,
                maxHistory: 10,
                timeout: 600,
            },
        );
        assert.deepEqual(release.inputs.values, { replicaCount: 2 });
        // The release waits for its namespace and everything that isolates it.
        for (const needed of [
            "kubernetes:core/v1:Namespace::c1-fintech-ns",
            "kubernetes:core/v1:ResourceQuota::c1-fintech-resourcequota-fintech-quota",
            "kubernetes:core/v1:LimitRange::c1-fintech-limitrange-fintech-limits",
            "kubernetes:networking.k8s.io/v1:NetworkPolicy::c1-fintech-networkpolicy-default-deny",
            "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding::c1-fintech-rolebinding-fintech-operate",
            "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding::c1-fintech-rolebinding-fintech-view",
        ]) {
            assert.ok(release.dependsOn.includes(needed), `release does not wait for ${needed}`);
        }
        assert.equal(release.parent, "helm-platform:release:HelmRelease::c1-fintech-payments-api");
    });
});

describe("components take their cluster and dependencies through the resource options", () => {
    const provider = "pulumi:providers:kubernetes::cluster-k8s";

    it("every Kubernetes object of a TenantNamespace, a HelmRelease, AdmissionPolicies and a MonitoringStack uses the provider given in opts", async () => {
        const run = await runComponents(() => {
            const cluster = new k8s.Provider("cluster-k8s", { kubeconfig: "unused" });
            const policies = new AdmissionPolicies("policies", { provider: cluster });
            const tenant = new TenantNamespace("ns", fintechOfDev("ci"), { provider: cluster, dependsOn: policies.ready });
            new HelmRelease(
                "app",
                {
                    releaseName: "fintech-app",
                    namespace: tenant.namespaceName,
                    chart: "oci://acr.azurecr.io/helm-charts/app",
                    version: "1.0.0",
                    values: {},
                },
                { provider: cluster, dependsOn: tenant.ready },
            );
            new MonitoringStack("mon", { stackValues: {}, rules: { groups: [] }, dashboards: {} }, { provider: cluster });
        });
        const kubernetes = run.resources.filter((r) => r.type.startsWith("kubernetes:"));
        assert.ok(kubernetes.length > 20);
        for (const r of kubernetes) {
            assert.equal(r.provider, provider, `${r.type}::${r.name}`);
        }
    });

    it("dependsOn in opts makes the objects inside wait: a namespace for the admission policies, a release for what it needs", async () => {
        const run = await runComponents(() => {
            const cluster = new k8s.Provider("cluster-k8s", { kubeconfig: "unused" });
            const policies = new AdmissionPolicies("policies", { provider: cluster });
            new TenantNamespace("ns", fintechOfDev("ci"), { provider: cluster, dependsOn: policies.ready });
            const first = new HelmRelease(
                "first",
                { releaseName: "first", namespace: "fintech", chart: "oci://r/c", version: "1.0.0", values: {} },
                { provider: cluster },
            );
            new HelmRelease(
                "second",
                { releaseName: "second", namespace: "fintech", chart: "oci://r/c", version: "1.0.0", values: {} },
                { provider: cluster, dependsOn: [first.release] },
            );
        });
        const namespace = run.one("kubernetes:core/v1:Namespace");
        assert.equal(
            namespace.dependsOn.filter((d) => d.includes("ValidatingAdmissionPolicy")).length,
            2 * ADMISSION_POLICIES.length,
            "every policy and binding",
        );
        assert.deepEqual(run.one("kubernetes:helm.sh/v3:Release", "second-release").dependsOn, [
            "kubernetes:helm.sh/v3:Release::first-release",
        ]);
    });
});
