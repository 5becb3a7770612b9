import * as assert from "node:assert/strict";
import { accessMatrix, accessVerdict } from "../../../core/report/access";
import { escapes, grantProof } from "../../../core/report/grantPaths";
import type { PlanResource } from "../../../core/report/planTypes";
import { ADMISSION_POLICIES, admissionObjects } from "../../../core/tenancy/admission";
import { tenantObjects } from "../../../core/tenancy/objects";
import { loadEnvironment } from "../../helpers";

/** Every team of prod, whichever shard deploys it. */
const tenants = loadEnvironment("prod").teams;
const PROVIDER = "pulumi:providers:kubernetes::prod-weu-k8s";
const resource = (kind: string, group: string, o: { metadata: { name: string } }): PlanResource => ({
    type: `kubernetes:${group}:${kind}`,
    name: `${kind}-${o.metadata.name}-${(o.metadata as { namespace?: string }).namespace ?? ""}`,
    parent: null,
    dependsOn: [],
    protect: false,
    provider: PROVIDER,
    inputs: o as never,
});

/** One cluster's planned objects: every tenant's, and the admission policies except those `without`. */
function planned(without: readonly string[] = [], change: (o: PlanResource) => PlanResource = (o) => o): PlanResource[] {
    const kinds: Record<string, string> = {
        Namespace: "core/v1",
        Role: "rbac.authorization.k8s.io/v1",
        RoleBinding: "rbac.authorization.k8s.io/v1",
    };
    const objects = tenants.flatMap((t) => tenantObjects(t, "prod").filter((o) => kinds[o.kind]));
    const policies = ADMISSION_POLICIES.filter((p) => !without.includes(p.name)).map(admissionObjects);
    return [
        ...objects.map((o) => resource(o.kind, kinds[o.kind] as string, o as never)),
        ...policies.map((p) => resource("ValidatingAdmissionPolicy", "admissionregistration.k8s.io/v1", p.policy)),
        ...policies.map((p) => resource("ValidatingAdmissionPolicyBinding", "admissionregistration.k8s.io/v1", p.binding)),
    ].map(change);
}

function proofOf(resources: PlanResource[]) {
    const grants = accessMatrix(resources, tenants);
    return { grants, proof: grantProof(resources, tenants, grants, (r) => r.provider ?? "?") };
}
const requestsOf = (paths: readonly { namespace: string; request: string; reach: string }[]) =>
    paths.map((p) => `${p.namespace}: ${p.request} (${p.reach})`);
const RBAC_POLICIES = ["helm-platform-tenant-roles", "helm-platform-tenant-rolebindings"];

describe("what a chart installed as a namespace's installer could grant", () => {
    it("GIVEN the platform's objects and policies THEN no request a chart could make leaves its team", () => {
        const { proof } = proofOf(planned());
        assert.deepEqual(requestsOf(escapes(proof)), []);
        assert.ok(proof.checked > 50 * tenants.length, `${proof.checked} requests judged`);
        // What stays open is the team's own business: its Roles, bound to its ServiceAccounts and groups.
        assert.ok(
            requestsOf(proof.admitted).includes("fintech: RoleBinding Role tenant-operator to ServiceAccount fintech/app (the team)"),
        );
        assert.ok(!requestsOf(proof.admitted).some((r) => r.includes("tenant-installer")), "nobody binds the installer's Role");
    });

    it("GIVEN namespaces of one shape THEN sharing their evaluation gives what evaluating each gives", () => {
        for (const without of [[], RBAC_POLICIES]) {
            // A second cluster with the same objects: its namespaces have the first's shapes.
            const resources = [...planned(without), ...planned(without, (r) => ({ ...r, name: `neu-${r.name}`, provider: "neu" }))];
            const grants = accessMatrix(resources, tenants);
            const cluster = (r: PlanResource) => r.provider ?? "?";
            assert.deepEqual(
                grantProof(resources, tenants, grants, cluster),
                grantProof(resources, tenants, grants, cluster, { shareShapes: false }),
            );
        }
    });

    it("GIVEN a shard's objects without policies and its foundation's policies on the cluster THEN the proof is that of a plan holding them", () => {
        const withoutPolicies = planned(ADMISSION_POLICIES.map((p) => p.name));
        const grants = accessMatrix(withoutPolicies, tenants);
        const cluster = (r: PlanResource) => r.provider ?? "?";
        const clusterPolicies = ADMISSION_POLICIES.map(admissionObjects);
        assert.deepEqual(grantProof(withoutPolicies, tenants, grants, cluster, { clusterPolicies }), proofOf(planned()).proof);
        assert.ok(escapes(grantProof(withoutPolicies, tenants, grants, cluster)).length > 0, "without them, charts could grant beyond");
    });

    it("GIVEN no RBAC admission (as before) THEN the proof names the installer's Role for a workload and every authenticated user", () => {
        const { grants, proof } = proofOf(planned(RBAC_POLICIES));
        const open = requestsOf(escapes(proof));
        for (const path of [
            "fintech: RoleBinding Role tenant-installer to ServiceAccount fintech/app (installer rights)",
            "fintech: RoleBinding Role tenant-operator to Group system:authenticated (beyond the team)",
            "fintech: RoleBinding Role tenant-operator to Group system:serviceaccounts (beyond the team)",
            "fintech: RoleBinding Role chart-installer-copy to ServiceAccount fintech/app (installer rights)",
            "fintech: RoleBinding Role tenant-operator to ServiceAccount kube-system/default (beyond the team)",
        ]) {
            assert.ok(open.includes(path), `${path} is not among:\n${open.join("\n")}`);
        }
        assert.match(accessVerdict({ grants, installers: [], couldGrant: proof }), /CHARTS COULD GRANT BEYOND THEIR TEAM: .* and \d+ more/);
    });

    it("GIVEN no pod policy THEN a workload running as the installer is a path", () => {
        const { proof } = proofOf(planned(["helm-platform-tenant-pods"]));
        assert.ok(requestsOf(escapes(proof)).includes("retail: Pod running as helm-installer (installer rights)"));
    });

    it("GIVEN an installer Role that may mint tokens or impersonate THEN the proof names both", () => {
        const widen = (r: PlanResource): PlanResource =>
            (r.inputs["metadata"] as { name: string }).name === "tenant-installer" && r.type.endsWith(":Role")
                ? {
                      ...r,
                      inputs: {
                          ...r.inputs,
                          rules: [
                              ...(r.inputs["rules"] as object[]),
                              {
                                  apiGroups: [""],
                                  resources: ["serviceaccounts", "serviceaccounts/token"],
                                  verbs: ["create", "impersonate"],
                              },
                          ],
                      },
                  }
                : r;
        const open = requestsOf(escapes(proofOf(planned([], widen)).proof));
        assert.ok(open.includes("data: TokenRequest for helm-installer (installer rights)"), open.join("\n"));
        assert.ok(open.includes("data: impersonate helm-installer (installer rights)"));
    });

    it("GIVEN the installer bound cluster-wide THEN the proof names cluster scope and other namespaces", () => {
        const resources = planned();
        const binding = resource("ClusterRoleBinding", "rbac.authorization.k8s.io/v1", {
            metadata: { name: "oops" },
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
            subjects: [{ kind: "ServiceAccount", name: "helm-installer", namespace: "fintech" }],
        } as never);
        const open = requestsOf(escapes(proofOf([...resources, binding]).proof));
        assert.ok(open.includes("fintech: create clusterrolebindings (cluster scope)"), open.join("\n"));
        assert.ok(open.includes("fintech: get secrets in kube-system (another namespace)"));
    });
});
