import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { parse, parseAllDocuments } from "yaml";
import { Team } from "../../../components/tenant/team";
import { impersonating } from "../../../core/azure/kubeconfig";
import type { TeamSpec } from "../../../core/model/stackModel";
import { tenantObjects } from "../../../core/tenancy/objects";
import { INSTALLER_RULES, installerSubject, type PolicyRule } from "../../../core/tenancy/rbac";
import { allows, coversRules, type Grant } from "../../../core/tenancy/rbacEval";
import { helmBinary } from "../../../scripts/tools";
import { load, ROOT, runComponents, stackOfTeam } from "../../helpers";
import { API_RESOURCES } from "../../support/kinds";

type Rendered = {
    kind: string;
    metadata: { name: string; namespace?: string };
    rules?: PolicyRule[];
    roleRef?: { kind: string; name: string };
};

/** Renders the probe chart with the real Helm, as `helm install -n <namespace>` would. */
async function render(namespace: string, hostile: boolean): Promise<Rendered[]> {
    const helm = await helmBinary();
    const chart = path.join(ROOT, "test", "fixtures", "charts", "tenant-probe");
    const out = execFileSync(helm, ["template", "probe", chart, "--namespace", namespace, "--set", `hostile=${hostile}`], {
        encoding: "utf8",
    });
    return parseAllDocuments(out)
        .map((d) => d.toJS() as Rendered)
        .filter(Boolean);
}

/**
 * Some of what the built-in `admin` ClusterRole holds (it aggregates write access to network policies):
 * enough to show that binding it needs more than the installer has.
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles
 */
const ADMIN_SUBSET: PolicyRule[] = [
    { apiGroups: ["networking.k8s.io"], resources: ["networkpolicies"], verbs: ["create", "delete", "update"] },
];

/**
 * Whether the installer may create the object: RBAC on the create itself, then, for a Role or a
 * RoleBinding, the API server's escalation check on the rules it would grant.
 */
function installerMayCreate(object: Rendered, namespace: string, grants: readonly Grant[], chartRoles: readonly Rendered[]): boolean {
    const api = API_RESOURCES[object.kind];
    assert.ok(api, `no API resource known for ${object.kind}`);
    const target = api.namespaced ? (object.metadata.namespace ?? namespace) : undefined;
    if (!allows(grants, { verb: "create", apiGroup: api.group, resource: api.resource, namespace: target, name: object.metadata.name })) {
        return false;
    }
    if (object.kind === "Role") {
        return coversRules(grants, namespace, object.rules ?? []);
    }
    if (object.kind === "RoleBinding") {
        const ref = object.roleRef as { kind: string; name: string };
        const rules =
            ref.kind === "Role"
                ? chartRoles.find((r) => r.metadata.name === ref.name)?.rules
                : ref.name === "admin"
                  ? ADMIN_SUBSET
                  : undefined;
        return rules !== undefined && coversRules(grants, namespace, rules);
    }
    return true;
}

describe("the installer a team's charts are installed as", () => {
    // fintech's tenant as its prod shard loads it.
    const fintech = load(stackOfTeam("prod", "fintech")).teams.find((t) => t.team === "fintech") as TeamSpec;
    assert.ok(fintech, "fintech runs in prod");
    const objects = tenantObjects(fintech, "prod");
    const installerRole = objects.find((o) => o.kind === "Role" && o.metadata.name === "tenant-installer");
    const grants: Grant[] = [{ namespace: fintech.namespace, rules: installerRole?.["rules"] as PolicyRule[] }];

    it("is bound to a namespaced Role with the installer's rules, and never to anything cluster-wide", () => {
        assert.deepEqual(installerRole?.["rules"], INSTALLER_RULES);
        const binding = objects.find(
            (o) => o.kind === "RoleBinding" && (o["subjects"] as { name: string }[]).some((s) => s.name === "helm-installer"),
        );
        assert.deepEqual(binding?.["roleRef"], { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "tenant-installer" });
        assert.equal(binding?.metadata.namespace, "fintech");
        assert.ok(
            !INSTALLER_RULES.some(
                (r) => r.verbs.includes("bind") || r.verbs.includes("escalate") || r.verbs.includes("impersonate") || r.verbs.includes("*"),
            ),
        );
    });

    it("may create everything a normal application chart renders in its own namespace (rendered by Helm)", async () => {
        const rendered = await render("fintech", false);
        assert.ok(rendered.length >= 12, `${rendered.length} objects`);
        for (const object of rendered) {
            assert.ok(
                installerMayCreate(
                    object,
                    "fintech",
                    grants,
                    rendered.filter((o) => o.kind === "Role"),
                ),
                `${object.kind} ${object.metadata.name} is refused`,
            );
        }
    });

    it("may not create cluster-scoped objects, objects in other namespaces, wider Roles or bindings, network policies or quota", async () => {
        const all = await render("fintech", true);
        const normal = new Set((await render("fintech", false)).map((o) => `${o.kind}/${o.metadata.name}`));
        const hostile = all.filter((o) => !normal.has(`${o.kind}/${o.metadata.name}`));
        assert.deepEqual(hostile.map((o) => o.kind).sort(), [
            "ClusterRole",
            "ClusterRoleBinding",
            "ConfigMap",
            "CustomResourceDefinition",
            "DaemonSet",
            "Namespace",
            "NetworkPolicy",
            "ResourceQuota",
            "Role",
            "RoleBinding",
            "ValidatingWebhookConfiguration",
        ]);
        for (const object of hostile) {
            assert.ok(
                !installerMayCreate(
                    object,
                    "fintech",
                    grants,
                    all.filter((o) => o.kind === "Role"),
                ),
                `${object.kind} ${object.metadata.namespace ?? "fintech"}/${object.metadata.name} is allowed`,
            );
        }
    });

    it("is what the team's provider impersonates: one context, its user acting as the ServiceAccount, no groups", () => {
        const kubeconfig = [
            "apiVersion: v1",
            "current-context: aks",
            "contexts: [{name: aks, context: {cluster: aks, user: clusterUser}}, {name: other, context: {cluster: other, user: admin}}]",
            "clusters: [{name: aks, cluster: {server: 'https://aks.example:443'}}, {name: other, cluster: {server: 'https://other.example'}}]",
            "users: [{name: clusterUser, user: {exec: {command: kubelogin, args: [get-token]}, as-groups: [system:masters]}}, {name: admin, user: {token: t}}]",
        ].join("\n");
        const doc = parse(impersonating(kubeconfig, installerSubject("fintech"))) as Record<string, any>;
        assert.deepEqual(
            doc.contexts.map((c: { name: string }) => c.name),
            ["aks"],
        );
        assert.deepEqual(
            doc.clusters.map((c: { name: string }) => c.name),
            ["aks"],
        );
        assert.equal(doc.users.length, 1);
        assert.equal(doc.users[0].user.as, "system:serviceaccount:fintech:helm-installer");
        assert.equal(doc.users[0].user["as-groups"], undefined, "no group may be impersonated");
        assert.deepEqual(doc.users[0].user.exec, { command: "kubelogin", args: ["get-token"] }, "the cluster user's own credentials");
        assert.throws(() => impersonating(kubeconfig, "x", "missing"), /no complete context "missing"/);
    });

    it("GIVEN a deployed cluster THEN the team's provider acts as the installer, with a secret kubeconfig and the cluster's identity", async () => {
        const kubeconfig =
            "apiVersion: v1\ncurrent-context: c\ncontexts: [{name: c, context: {cluster: c, user: u}}]\nclusters: [{name: c, cluster: {server: 'https://c'}}]\nusers: [{name: u, user: {token: t}}]\n";
        let installerKubeconfig: pulumi.Output<string> | undefined;
        const run = await runComponents(
            () => {
                const provider = new k8s.Provider("c1-k8s", { kubeconfig });
                const cluster = {
                    clusterName: "c1",
                    provider,
                    clusterIdentifier: "prod/c1",
                    access: { kubeconfig: pulumi.secret(kubeconfig) },
                };
                installerKubeconfig = new Team("c1-fintech", {
                    cluster,
                    namespace: fintech.namespace,
                    ownerGroupObjectIds: fintech.ownerGroupObjectIds,
                    ciPrincipalId: "ci",
                }).installerKubeconfig;
            },
            { preview: false, cloud: () => ({ id: "id", state: {} }) },
        );
        const installer = run.one("pulumi:providers:kubernetes", "-installer");
        assert.equal(installer.inputs.kubeconfig, "[secret]");
        assert.equal(installer.inputs.namespace, "fintech");
        assert.equal(installer.inputs.clusterIdentifier, "prod/c1", "the same cluster identity as the platform's provider");
        assert.equal(installer.parent, "helm-platform:tenant:Team::c1-fintech");
        assert.equal(run.one("helm-platform:tenant:Team").inputs.installer, "system:serviceaccount:fintech:helm-installer");
        const text = await new Promise<string>((resolve) => (installerKubeconfig as pulumi.Output<string>).apply(resolve));
        assert.equal(
            (parse(text) as { users: { user: { as: string; token: string } }[] }).users[0].user.as,
            "system:serviceaccount:fintech:helm-installer",
        );
        assert.ok(await pulumi.isSecret(installerKubeconfig as pulumi.Output<string>));
    });
});
