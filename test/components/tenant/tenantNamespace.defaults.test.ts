import * as assert from "node:assert/strict";
import * as k8s from "@pulumi/kubernetes";
import { TENANT_DEFAULTS, TenantNamespace, type TenantNamespaceArgs } from "../../../components";
import { PROFILES } from "../../../core/config/profiles";
import { PLATFORM_LIMITS, PLATFORM_QUOTA } from "../../../core/config/tenancy";
import { type ComponentRun, runComponents } from "../../helpers";

const OWNERS = "0b4a1f6e-2c3d-4e5f-8a9b-0c1d2e3f4a51";

/** A TenantNamespace `payments` on a cluster, with only what has no default unless `more` says otherwise. */
function tenantWith(more: Partial<TenantNamespaceArgs> = {}): Promise<ComponentRun> {
    return runComponents(() => {
        const provider = new k8s.Provider("c1-k8s", { kubeconfig: "unused" });
        new TenantNamespace("payments", { namespace: "payments", ownerGroupObjectIds: [OWNERS], ...more }, { provider });
    });
}

type Inputs = Record<string, any>;
const namespaceOf = (run: ComponentRun) => run.one("kubernetes:core/v1:Namespace").inputs as Inputs;
const namesOf = (run: ComponentRun, type: string) => run.all(type).map((r) => (r.inputs as Inputs).metadata.name as string);

describe("TenantNamespace defaults", () => {
    describe("GIVEN only a namespace name and its owner groups WHEN the namespace is created", () => {
        let run: ComponentRun;
        before(async () => {
            run = await tenantWith();
        });

        it("THEN the namespace enforces, warns and audits Pod Security restricted, the production profile's levels", () => {
            const labels = namespaceOf(run).metadata.labels as Record<string, string>;
            assert.deepEqual(PROFILES.production.podSecurity, { enforce: "restricted", warn: "restricted", audit: "restricted" });
            for (const mode of ["enforce", "warn", "audit"] as const) {
                assert.equal(labels[`pod-security.kubernetes.io/${mode}`], "restricted", mode);
            }
            assert.equal(namespaceOf(run).metadata.annotations?.["helm-platform/pod-security-exception"], undefined);
        });

        it("THEN the quota and the container limits are the platform's", () => {
            assert.deepEqual(run.one("kubernetes:core/v1:ResourceQuota").inputs["spec"], { hard: PLATFORM_QUOTA });
            assert.equal(PLATFORM_QUOTA["services.loadbalancers"], "0", "no load balancer unless the team is allowed one");
            assert.deepEqual((run.one("kubernetes:core/v1:LimitRange").inputs as Inputs).spec.limits, [
                { type: "Container", default: PLATFORM_LIMITS.default, defaultRequest: PLATFORM_LIMITS.defaultRequest },
            ]);
            assert.equal(TENANT_DEFAULTS.quota, PLATFORM_QUOTA);
        });

        it("THEN no traffic is allowed beyond the namespace itself and DNS, and nothing is exposed", () => {
            assert.deepEqual(namesOf(run, "kubernetes:networking.k8s.io/v1:NetworkPolicy").sort(), [
                "allow-dns",
                "allow-same-namespace",
                "default-deny",
            ]);
            const annotations = (namespaceOf(run).metadata.annotations ?? {}) as Record<string, string>;
            assert.deepEqual(Object.keys(annotations), ["helm-platform/groups"], "no service type, Ingress domain or admission exception");
            assert.equal(annotations["helm-platform/groups"], OWNERS);
        });

        it("THEN the team is named after the namespace, the environment after the stack, and only the owners and the installer are bound", () => {
            const labels = namespaceOf(run).metadata.labels as Record<string, string>;
            assert.equal(labels["helm-platform/team"], "payments");
            assert.equal(labels["helm-platform/environment"], "test", "the Pulumi stack the run is in");
            assert.deepEqual(namesOf(run, "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding").sort(), [
                "helm-installer",
                "payments-operate",
            ]);
            assert.deepEqual(namesOf(run, "kubernetes:core/v1:ResourceQuota"), ["payments-quota"]);
            assert.equal(run.all("azure-native:authorization:RoleAssignment").length, 0, "no Azure role without an AKS cluster ID");
            assert.equal(run.one("kubernetes:core/v1:Namespace").retainOnDelete, undefined, "Pulumi deletes what it created");
        });
    });

    describe("GIVEN explicit args", () => {
        it("WHEN Pod Security enforces baseline with a reason THEN enforce is baseline, warn and audit stay restricted, the reason is recorded", async () => {
            const run = await tenantWith({ podSecurity: { enforce: "baseline", exceptionReason: "legacy image runs as root" } });
            const { labels, annotations } = namespaceOf(run).metadata;
            assert.deepEqual(
                ["enforce", "warn", "audit"].map((m) => labels[`pod-security.kubernetes.io/${m}`]),
                ["baseline", "restricted", "restricted"],
            );
            assert.equal(annotations["helm-platform/pod-security-exception"], "legacy image runs as root");
        });

        it("WHEN a quota is given THEN it replaces the platform's as a whole", async () => {
            const run = await tenantWith({ quota: { pods: "20" } });
            assert.deepEqual(run.one("kubernetes:core/v1:ResourceQuota").inputs["spec"], { hard: { pods: "20" } });
        });

        it("WHEN a team, viewers, egress, exposure and a CI identity are given THEN each one is what the objects say", async () => {
            const run = await tenantWith({
                team: "pay",
                environment: "uat",
                viewerGroupObjectIds: ["viewers"],
                egress: [{ description: "card network", cidr: "198.51.100.0/24", ports: [{ port: 443, protocol: "TCP" }] }],
                exposure: { serviceTypes: ["LoadBalancer"] },
                ciPrincipalId: "ci-object-id",
            });
            const { labels, annotations } = namespaceOf(run).metadata;
            assert.deepEqual([labels["helm-platform/team"], labels["helm-platform/environment"]], ["pay", "uat"]);
            assert.equal(annotations["helm-platform/service-types"], "LoadBalancer");
            assert.equal(annotations["helm-platform/ingress-domains"], undefined, "the domains still default to none");
            assert.deepEqual(namesOf(run, "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding").sort(), [
                "helm-installer",
                "pay-ci-operate",
                "pay-operate",
                "pay-view",
            ]);
            const ci = run.one("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", "-ci-operate").inputs as Inputs;
            assert.equal(ci.subjects[0].name, "ci-object-id");
            const egress = run.one("kubernetes:networking.k8s.io/v1:NetworkPolicy", "allow-egress-1").inputs as Inputs;
            assert.deepEqual(egress.spec.egress, [
                { to: [{ ipBlock: { cidr: "198.51.100.0/24" } }], ports: [{ protocol: "TCP", port: 443 }] },
            ]);
        });

        it("WHEN the namespace is to be retained THEN Pulumi only forgets it on delete", async () => {
            const run = await tenantWith({ retainOnDelete: true });
            assert.equal(run.one("kubernetes:core/v1:Namespace").retainOnDelete, true);
        });
    });
});
