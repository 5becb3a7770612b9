import * as assert from "node:assert/strict";
import { stacksOf } from "../../../core/load/stacks";
import type { Plan } from "../../../core/report/planTypes";
import { ADMISSION_POLICIES } from "../../../core/tenancy/admission";
import { type PlanRun, planStack } from "../../../plan/runPlan";
import { program } from "../../../program/stack";
import { changedTree, lineOf, sampleTree, stackOfTeam } from "../../helpers";
import { samplePlanRun } from "../../support/plans";

const read = (file: string) => sampleTree().read(file) as string;
const appendTo = (file: string, text: string) => ({ [file]: `${read(file)}${text}` });
const egress = (rule: string) => ({ "tenants/data.yaml": read("tenants/data.yaml").replace("      cidr: 20.50.0.0/16", rule) });

/** One hostile or careless edit, the stack it is planned on, and where the refusal must point. */
interface Edit {
    readonly what: string;
    readonly stack?: string;
    readonly changes: Record<string, string>;
    /** `file:line: key:` of the refusal, the line found by its text in the changed file. */
    readonly at: { file: string; near: string; key: string };
    readonly message: RegExp;
}

const EDITS: Edit[] = [
    {
        what: "a team referencing another team's secret",
        stack: "uat",
        changes: {
            "tenants/retail/storefront/values.yaml": `${read("tenants/retail/storefront/values.yaml")}db:\n  password: !secret payments-db-password\n`,
        },
        at: { file: "tenants/retail/storefront/values.yaml", near: "password: !secret", key: "db.password" },
        message:
            /secret "payments-db-password" is not configured for team retail.*exists for team fintech, and a file can use only its own owner's secrets/,
    },
    {
        what: "a team referencing the secret of a team in another shard",
        stack: "prod.commerce",
        changes: {
            "tenants/retail/storefront/values.yaml": `${read("tenants/retail/storefront/values.yaml")}db:\n  password: !secret payments-db-password\n`,
        },
        at: { file: "tenants/retail/storefront/values.yaml", near: "password: !secret", key: "db.password" },
        // The shard never reads the other shard's stack file, so it cannot say whose the secret is.
        message: /secret "payments-db-password" is not configured for team retail/,
    },
    {
        what: "a team referencing the platform's Grafana password",
        stack: "prod.commerce",
        changes: {
            "tenants/retail/storefront/values.yaml": `${read("tenants/retail/storefront/values.yaml")}grafana:\n  password: !secret grafana-admin-password\n`,
        },
        at: { file: "tenants/retail/storefront/values.yaml", near: "!secret grafana", key: "grafana.password" },
        message: /not configured for team retail.*exists for the platform/,
    },
    {
        what: "a secret in a values file every team's release receives",
        changes: appendTo("values/prod.yaml", "webhook: !secret slack-webhook-url\n"),
        at: { file: "values/prod.yaml", near: "webhook:", key: "webhook" },
        message: /would hand it to every team/,
    },
    {
        what: "a team claiming the ingress controller's namespace",
        changes: { "tenants/retail.yaml": read("tenants/retail.yaml").replace("groups:", "namespace: ingress-nginx\ngroups:") },
        at: { file: "tenants/retail.yaml", near: "namespace: ingress-nginx", key: "namespace" },
        message: /namespace "ingress-nginx" is reserved for the platform: the ingress controller's namespace/,
    },
    {
        what: "a team claiming a system namespace",
        changes: { "tenants/retail.yaml": read("tenants/retail.yaml").replace("groups:", "namespace: flux-system\ngroups:") },
        at: { file: "tenants/retail.yaml", near: "namespace: flux-system", key: "namespace" },
        message: /namespace "flux-system" is reserved for the platform/,
    },
    {
        what: "egress to the whole internet",
        changes: egress("      cidr: 0.0.0.0/0"),
        at: { file: "tenants/data.yaml", near: "cidr: 0.0.0.0/0", key: "network.egress[0].cidr" },
        message: /egress to 0\.0\.0\.0\/0 would include every address/,
    },
    {
        what: "egress to every IPv6 address",
        changes: egress("      cidr: ::/0"),
        at: { file: "tenants/data.yaml", near: "cidr: ::/0", key: "network.egress[0].cidr" },
        message: /egress to ::\/0 would include every address/,
    },
    {
        what: "egress to the instance metadata service",
        changes: egress("      cidr: 169.254.169.254/32"),
        at: { file: "tenants/data.yaml", near: "cidr: 169.254", key: "network.egress[0].cidr" },
        message: /instance metadata service/,
    },
    {
        what: "egress through half the address space",
        changes: egress("      cidr: 128.0.0.0/1"),
        at: { file: "tenants/data.yaml", near: "cidr: 128.0.0.0/1", key: "network.egress[0].cidr" },
        message: /egress to 128\.0\.0\.0\/1 is wider than a \/16/,
    },
    {
        what: "egress to the cluster's pod range",
        changes: egress("      cidr: 10.244.8.0/24"),
        at: { file: "tenants/data.yaml", near: "cidr: 10.244.8.0/24", key: "network.egress[0].cidr" },
        message: /the pod range of cluster weu \(10\.244\.0\.0\/16\)/,
    },
    {
        what: "an invalid CIDR",
        changes: egress("      cidr: 999.1.1.1/99"),
        at: { file: "tenants/data.yaml", near: "cidr: 999", key: "network.egress[0].cidr" },
        message: /"999\.1\.1\.1\/99" is not a CIDR/,
    },
    {
        what: "egress to a team that does not admit it",
        changes: egress("      team: fintech"),
        at: { file: "tenants/data.yaml", near: "team: fintech", key: "network.egress[0].team" },
        message: /team "fintech" does not admit "data" on 5671\/TCP, 443\/TCP/,
    },
    {
        what: "Pod Security privileged in prod from the team's own file",
        changes: appendTo("tenants/retail.yaml", "podSecurity:\n  enforce: privileged\n  reason: we would like to debug on the node\n"),
        at: { file: "tenants/retail.yaml", near: "enforce: privileged", key: "podSecurity.enforce" },
        message:
            /Pod Security level privileged is weaker than prod enforces \(restricted\) and not allowed for team retail.*Fix: ask the platform team \(owners of allowances\/\) to allow podSecurity: privileged in allowances\/retail\.yaml/,
    },
    {
        what: "a plain-text secret in the stack file",
        changes: { "Pulumi.prod.yaml": read("Pulumi.prod.yaml").replace("    platform:\n", "    platform:\n      api-token: hunter2\n") },
        at: { file: "Pulumi.prod.yaml", near: "api-token: hunter2", key: "helm-platform:secrets.platform.api-token" },
        message: /is plain text in the stack file/,
    },
    {
        what: "a plain-text team secret in its shard's stack file",
        stack: "prod.payments",
        changes: {
            "Pulumi.prod.payments.yaml": read("Pulumi.prod.payments.yaml").replace(
                "    fintech:\n",
                "    fintech:\n      api-token: hunter2\n",
            ),
        },
        at: { file: "Pulumi.prod.payments.yaml", near: "api-token: hunter2", key: "helm-platform:secrets.fintech.api-token" },
        message: /is plain text in the stack file/,
    },
    {
        what: "a CI ServiceAccount with a long-lived token",
        changes: appendTo("tenants/data.yaml", "deployer:\n  serviceAccount: true\n"),
        at: { file: "tenants/data.yaml", near: "serviceAccount: true", key: "deployer.serviceAccount" },
        message: /long-lived token/,
    },
    {
        what: "an Ingress domain another team holds",
        changes: appendTo("tenants/data.yaml", "exposure:\n  ingressDomains: [api.shop.contoso.example]\n"),
        at: { file: "tenants/data.yaml", near: "ingressDomains", key: "exposure.ingressDomains[0]" },
        message: /"api\.shop\.contoso\.example" overlaps "shop\.contoso\.example" of team "retail"/,
    },
    {
        what: "a team calling itself the platform",
        changes: {
            "tenants/platform.yaml": read("tenants/data.yaml")
                .replace("team: data", "team: platform")
                .replace(/apps:[\s\S]*$/, ""),
        },
        at: { file: "tenants/platform.yaml", near: "team: platform", key: "team" },
        message: /"platform" is reserved/,
    },
];

describe("hostile and careless edits are refused before anything is registered", () => {
    for (const edit of EDITS) {
        it(`GIVEN ${edit.what} THEN ${edit.stack ?? "prod"} exits 1, names the file, line and key, and registers nothing`, async () => {
            const tree = changedTree(edit.changes);
            const run = await planStack(program, tree, edit.stack ?? "prod");
            assert.equal(run.exitCode, 1);
            assert.equal(run.registered, 0);
            const line = lineOf(tree.read(edit.at.file) as string, edit.at.near);
            const location = `${edit.at.file}:${line}: ${edit.at.key}:`;
            assert.ok(run.error?.includes(location), `expected ${location} in:\n${run.error}`);
            assert.match(run.error ?? "", edit.message);
        });
    }
});

describe("the plan of an isolated platform", () => {
    /** Every stack of prod (its foundation and shards), and uat, a single-layout stack. */
    const runs = new Map<string, PlanRun>();
    before(async () => {
        for (const stack of [...stacksOf(sampleTree(), "prod").map((s) => s.name), "uat"]) {
            runs.set(stack, await samplePlanRun(stack));
        }
    });
    const run = (stack: string) => runs.get(stack) as PlanRun;
    const plan = (stack: string) => run(stack).plan as Plan;
    const shards = () => [...runs.keys()].filter((s) => s.startsWith("prod."));

    it("gives every team release its own provider, one per team and cluster, acting as the team's installer", () => {
        let installers = 0;
        for (const stack of [...shards(), "uat"]) {
            const teamReleases = plan(stack).resources.filter(
                (r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.namespace !== "monitoring",
            );
            assert.ok(teamReleases.length > 0, stack);
            assert.equal(teamReleases.length, plan(stack).releases.length, stack);
            const providers = new Set(teamReleases.map((r) => r.provider));
            const teamsOnClusters = new Set(plan(stack).releases.map((r) => `${r.cluster}/${r.namespace}`));
            assert.equal(providers.size, teamsOnClusters.size, stack);
            const platformProviders = new Set(
                plan(stack)
                    .resources.filter((r) => r.type === "pulumi:providers:kubernetes" && r.name.endsWith("-k8s"))
                    .map((r) => `pulumi:providers:kubernetes::${r.name}`),
            );
            for (const provider of providers) {
                assert.ok(!platformProviders.has(provider as string), `${provider} is the platform's own provider`);
            }
            for (const installer of run(stack).access.installers) {
                assert.equal(installer.subject, `system:serviceaccount:${installer.namespace}:helm-installer`);
                assert.deepEqual([installer.clusterScoped, installer.grantedIn], [false, [installer.namespace]]);
            }
            assert.equal(run(stack).access.installers.length, plan(stack).releases.length, stack);
            installers += stack === "uat" ? 0 : run(stack).access.installers.length;
        }
        assert.equal(installers, 7, "prod's shards install its 7 team releases");
    });

    it("keeps monitoring on the platform's provider", () => {
        const monitoring = plan("prod").resources.filter(
            (r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.namespace === "monitoring",
        );
        assert.ok(monitoring.length > 0);
        assert.ok(monitoring.every((r) => /-(weu|neu)-k8s$/.test(r.provider ?? "")));
    });

    const policiesOf = (p: Plan, provider: string) =>
        p.resources.filter(
            (r) =>
                (r.type === "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy" ||
                    r.type === "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding") &&
                r.provider === provider,
        );

    it("records the admission policies and their bindings on every cluster in prod's foundation", () => {
        for (const cluster of ["weu", "neu"]) {
            const objects = policiesOf(plan("prod"), `pulumi:providers:kubernetes::prod-${cluster}-k8s`);
            assert.equal(objects.length, 2 * ADMISSION_POLICIES.length, cluster);
        }
    });

    it("GIVEN a single-layout stack THEN every tenant namespace waits for the cluster's admission policies", () => {
        const objects = policiesOf(plan("uat"), "pulumi:providers:kubernetes::uat-weu-k8s");
        assert.equal(objects.length, 2 * ADMISSION_POLICIES.length);
        const tenantNamespaces = new Set(["uat-weu-data-ns", "uat-weu-fintech-ns", "uat-weu-retail-ns"]);
        const namespaces = plan("uat").resources.filter((r) => r.type === "kubernetes:core/v1:Namespace" && tenantNamespaces.has(r.name));
        assert.equal(namespaces.length, tenantNamespaces.size);
        for (const namespace of namespaces) {
            for (const p of objects) {
                assert.ok(namespace.dependsOn.includes(`${p.type}::${p.name}`), `${namespace.name} waits for ${p.name}`);
            }
        }
    });

    it("GIVEN a shard THEN it holds no admission policy, references its foundation, and its namespaces wait for nothing of it", () => {
        for (const stack of shards()) {
            assert.deepEqual(plan(stack).references, ["prod"], stack);
            assert.equal(plan(stack).resources.filter((r) => r.type.includes("ValidatingAdmissionPolicy")).length, 0, stack);
            const namespaces = plan(stack).resources.filter((r) => r.type === "kubernetes:core/v1:Namespace");
            assert.equal(namespaces.length, 2 * (plan(stack).teams?.length ?? 0), stack);
            assert.ok(
                namespaces.every((n) => n.dependsOn.length === 0),
                stack,
            );
        }
    });

    it("says in each shard's summary verdict that no team grant is cluster-wide, every team release installs as its installer, and no chart grants beyond its team", async () => {
        const { formatSummary } = await import("../../../core/report/summary");
        for (const stack of shards()) {
            const n = plan(stack).releases.length;
            assert.match(
                formatSummary(plan(stack), run(stack).access),
                new RegExp(
                    `no team has a cluster-wide grant; every team release installs as its namespace's installer \\(${n} checked\\); ` +
                        "what a chart could grant stays in its team and namespace",
                ),
                stack,
            );
        }
    });

    it("GIVEN a team release on the platform's provider THEN the verdict names it", async () => {
        const { accessVerdict } = await import("../../../core/report/access");
        const access = run(stackOfTeam("prod", "fintech")).access;
        const [first, ...rest] = access.installers;
        const verdict = accessVerdict({
            ...access,
            grants: access.grants,
            installers: [{ ...first, subject: "the deploying identity (cluster admin)", grantedIn: ["*"], clusterScoped: true }, ...rest],
        });
        assert.match(
            verdict,
            new RegExp(`TEAM RELEASES INSTALLED BEYOND THEIR NAMESPACE: ${first.cluster}/${first.namespace}/${first.release}`),
        );
    });
});
