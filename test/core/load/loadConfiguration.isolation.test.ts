import * as assert from "node:assert/strict";
import type { Plan } from "../../../core/report/planTypes";
import { ADMISSION_POLICIES } from "../../../core/tenancy/admission";
import { type PlanRun, planStack } from "../../../plan/runPlan";
import { program } from "../../../program/stack";
import { changedTree, lineOf, sampleTree } from "../../helpers";

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
        changes: {
            "tenants/retail/storefront/values.yaml": `${read("tenants/retail/storefront/values.yaml")}db:\n  password: !secret payments-db-password\n`,
        },
        at: { file: "tenants/retail/storefront/values.yaml", near: "password: !secret", key: "db.password" },
        message:
            /secret "payments-db-password" is not configured for team retail.*exists for team fintech, and a file can use only its own owner's secrets/,
    },
    {
        what: "a team referencing the platform's Grafana password",
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
        changes: { "Pulumi.prod.yaml": read("Pulumi.prod.yaml").replace("    fintech:\n", "    fintech:\n      api-token: hunter2\n") },
        at: { file: "Pulumi.prod.yaml", near: "api-token: hunter2", key: "helm-platform:secrets.fintech.api-token" },
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
    let prod: PlanRun;
    before(async () => {
        prod = await planStack(program, sampleTree(), "prod");
    });
    const plan = () => prod.plan as Plan;

    it("gives every team release its own provider, one per team and cluster, acting as the team's installer", () => {
        const teamReleases = plan().resources.filter(
            (r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.namespace !== "monitoring",
        );
        assert.equal(teamReleases.length, plan().releases.length);
        const providers = new Set(teamReleases.map((r) => r.provider));
        const teamsOnClusters = new Set(plan().releases.map((r) => `${r.cluster}/${r.namespace}`));
        assert.equal(providers.size, teamsOnClusters.size);
        const platformProviders = new Set(
            plan()
                .resources.filter((r) => r.type === "pulumi:providers:kubernetes" && r.name.endsWith("-k8s"))
                .map((r) => `pulumi:providers:kubernetes::${r.name}`),
        );
        for (const provider of providers) {
            assert.ok(!platformProviders.has(provider as string), `${provider} is the platform's own provider`);
        }
        for (const installer of prod.access.installers) {
            assert.equal(installer.subject, `system:serviceaccount:${installer.namespace}:helm-installer`);
            assert.deepEqual([installer.clusterScoped, installer.grantedIn], [false, [installer.namespace]]);
        }
        assert.equal(prod.access.installers.length, plan().releases.length);
    });

    it("keeps monitoring on the platform's provider", () => {
        const monitoring = plan().resources.filter(
            (r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.namespace === "monitoring",
        );
        assert.ok(monitoring.length > 0);
        assert.ok(monitoring.every((r) => /-(weu|neu)-k8s$/.test(r.provider ?? "")));
    });

    it("records the admission policies and their bindings on every cluster, before any tenant namespace", () => {
        for (const cluster of ["weu", "neu"]) {
            const policies = plan().resources.filter(
                (r) =>
                    r.type === "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy" &&
                    r.provider === `pulumi:providers:kubernetes::prod-${cluster}-k8s`,
            );
            const bindings = plan().resources.filter(
                (r) =>
                    r.type === "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding" &&
                    r.provider === `pulumi:providers:kubernetes::prod-${cluster}-k8s`,
            );
            assert.equal(policies.length, ADMISSION_POLICIES.length, cluster);
            assert.equal(bindings.length, ADMISSION_POLICIES.length, cluster);
            const namespace = plan().resources.find((r) => r.name === `prod-${cluster}-fintech-ns`);
            for (const p of [...policies, ...bindings]) {
                assert.ok(namespace?.dependsOn.includes(`${p.type}::${p.name}`), `${cluster} namespace waits for ${p.name}`);
            }
        }
    });

    it("says in the summary's verdict that no team grant is cluster-wide and every team release installs as its installer", async () => {
        const { formatSummary } = await import("../../../core/report/summary");
        assert.match(
            formatSummary(plan(), prod.access),
            /no team has a cluster-wide grant; every team release installs as its namespace's installer \(7 checked\)/,
        );
    });

    it("GIVEN a team release on the platform's provider THEN the verdict names it", async () => {
        const { accessVerdict } = await import("../../../core/report/access");
        const [first, ...rest] = prod.access.installers;
        const verdict = accessVerdict({
            ...prod.access,
            grants: prod.access.grants,
            installers: [{ ...first, subject: "the deploying identity (cluster admin)", grantedIn: ["*"], clusterScoped: true }, ...rest],
        });
        assert.match(
            verdict,
            new RegExp(`TEAM RELEASES INSTALLED BEYOND THEIR NAMESPACE: ${first.cluster}/${first.namespace}/${first.release}`),
        );
    });
});
