import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { allStacks, stacksOf } from "../../core/load/stacks";
import type { Plan } from "../../core/report/planTypes";
import { formatSummary } from "../../core/report/summary";
import { type PlanRun, planStack, writePlan } from "../../plan/runPlan";
import { program } from "../../program/stack";
import { changedTree, lineOf, load, sampleTree, stackOfTeam } from "../helpers";
import { samplePlanRun } from "../support/plans";
import { tempDir } from "../support/temp";

const read = (file: string) => sampleTree().read(file) as string;

function planned(run: PlanRun): Plan {
    assert.ok(run.plan, run.error ?? run.problems.map((p) => p.message).join("\n"));
    return run.plan;
}

/** Every stack of the sample: dev and uat, prod's foundation and its shards. */
const STACKS = allStacks(sampleTree()).map((s) => s.name);
const FINTECH_PROD = stackOfTeam("prod", "fintech");

describe("offline plan of the sample platform", () => {
    const runs = new Map<string, PlanRun>();
    before(async () => {
        for (const stack of STACKS) {
            runs.set(stack, await samplePlanRun(stack));
        }
    });
    const plan = (stack: string) => planned(runs.get(stack) as PlanRun);

    for (const stack of STACKS) {
        it(`plans ${stack} with exit code 0 and one Helm release resource per planned release`, () => {
            const run = runs.get(stack) as PlanRun;
            assert.equal(run.exitCode, 0, run.error);
            const plan = planned(run);
            const model = load(stack);
            assert.equal(plan.releases.length, model.releases.length);
            const teamReleases = plan.resources.filter(
                (r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.namespace !== "monitoring",
            );
            assert.equal(teamReleases.length, plan.releases.length);
            for (const release of plan.releases) {
                // Installed with the team's own provider, which impersonates the namespace's installer.
                const team = release.name.split("-")[0];
                const resource = teamReleases.find(
                    (r) =>
                        r.inputs.name === release.name &&
                        r.provider === `pulumi:providers:kubernetes::${plan.environment}-${release.cluster}-${team}-installer`,
                );
                assert.ok(resource, `${release.cluster}/${release.name} is not registered`);
                // Values with a secret reach the release as one secret; the others key by key.
                const hasSecret = JSON.stringify(release.values).includes("[secret]");
                assert.deepEqual(
                    resource.inputs.values,
                    hasSecret ? "[secret]" : release.values,
                    "the plan shows the values the program passes",
                );
                assert.equal(resource.inputs.version, release.version);
            }
        });
    }

    /** The role assignments a stack makes beyond a team's namespace. */
    const clusterRoles = (stack: string) =>
        plan(stack)
            .resources.filter(
                (r) => r.type === "azure-native:authorization:RoleAssignment" && !String(r.inputs.description).includes(" on namespace "),
            )
            .map((r) => r.inputs.description)
            .sort();

    it("runs prod on two clusters in two regions with the registry replicated to the second, in its foundation", () => {
        const clusters = plan("prod").resources.filter((r) => r.type === "azure-native:containerservice:ManagedCluster");
        assert.deepEqual(clusters.map((c) => c.inputs.location).sort(), ["northeurope", "westeurope"]);
        const replicas = plan("prod").resources.filter((r) => r.type === "azure-native:containerregistry:Replication");
        assert.deepEqual(
            replicas.map((r) => r.inputs.location),
            ["northeurope"],
        );
        assert.deepEqual(clusterRoles("prod"), [
            "helm-platform: AcrPull on the chart registry for neu-kubelet",
            "helm-platform: AcrPull on the chart registry for the deploying identity",
            "helm-platform: AcrPull on the chart registry for weu-kubelet",
            "helm-platform: Azure Kubernetes Service RBAC Cluster Admin on aks-prod-neu for the deploying identity",
            "helm-platform: Azure Kubernetes Service RBAC Cluster Admin on aks-prod-weu for the deploying identity",
            "helm-platform: Container Registry Repository Reader on the chart registry for neu-kubelet",
            "helm-platform: Container Registry Repository Reader on the chart registry for the deploying identity",
            "helm-platform: Container Registry Repository Reader on the chart registry for weu-kubelet",
            "helm-platform: Container Registry Repository Writer on the chart registry for the platform's publisher 0, under helm-charts/platform/ only",
        ]);
        // A team's CI identity, its access to the clusters and its chart publisher are in the team's shard.
        assert.deepEqual(clusterRoles(FINTECH_PROD), [
            "helm-platform: Azure Kubernetes Service Cluster User Role on the cluster for team fintech's CI",
            "helm-platform: Azure Kubernetes Service Cluster User Role on the cluster for team fintech's CI",
            "helm-platform: Container Registry Repository Writer on the chart registry for team fintech's publisher 0, under helm-charts/fintech/ only",
        ]);
        for (const stack of STACKS.filter((s) => s.startsWith("prod."))) {
            const own = plan(stack).resources.filter((r) => /ManagedCluster|containerregistry|ResourceGroup/.test(r.type));
            assert.deepEqual(own, [], `${stack} creates no cluster, registry or resource group`);
        }
    });

    it("lists the monitoring charts in prod's foundation only, and each team's releases in its shard only", () => {
        assert.deepEqual(
            plan("prod")
                .platformReleases.map((r) => `${r.cluster}/${r.name}`)
                .sort(),
            ["neu", "weu"].flatMap((c) => [`${c}/helm-exporter`, `${c}/kube-prometheus-stack`, `${c}/prometheus-operator-crds`]),
        );
        assert.deepEqual(plan("prod").releases, []);
        for (const stack of stacksOf(sampleTree(), "prod").filter((s) => s.kind === "shard")) {
            assert.deepEqual(plan(stack.name).platformReleases, [], stack.name);
            assert.deepEqual(
                [...new Set(plan(stack.name).releases.map((r) => r.namespace))].sort(),
                [...(stack.teams ?? [])].sort(),
                stack.name,
            );
        }
    });

    it("never invents what only the cloud knows, and keeps the kubeconfig secret", () => {
        const roles = plan("prod").resources.filter((r) => r.type === "azure-native:authorization:RoleAssignment");
        const principal = (suffix: string) => roles.find((r) => String(r.inputs.description).endsWith(suffix))?.inputs.principalId;
        // The kubelet identity and the deploying identity are Azure's to tell; the publishers are configuration.
        assert.equal(principal("for weu-kubelet"), "[unknown]");
        assert.equal(principal("aks-prod-weu for the deploying identity"), "[unknown]");
        assert.equal(principal("for the platform's publisher 0, under helm-charts/platform/ only"), "7e1d3c5a-9b2f-4e6d-8a0c-1b3d5f7a9c22");
        // A team's publisher is granted in its shard, where the team lives.
        const shardRoles = plan(FINTECH_PROD).resources.filter((r) => r.type === "azure-native:authorization:RoleAssignment");
        assert.equal(
            shardRoles.find((r) => String(r.inputs.description).endsWith("for team fintech's publisher 0, under helm-charts/fintech/ only"))
                ?.inputs.principalId,
            "4d9f2b6a-8c1e-4a3f-9b5d-2e7c0a1f3b61",
        );
        // A single stack exports each cluster with its kubeconfig, as a secret.
        const outputs = plan("uat").outputs as { clusters: Record<string, Record<string, string>> };
        assert.deepEqual(outputs.clusters.weu, {
            name: "aks-uat-weu",
            fqdn: "[unknown]",
            oidcIssuerUrl: "[unknown]",
            kubeconfig: "[secret]",
        });
        // prod's foundation exports its clusters for the shards, whose ARM IDs only Azure knows, and no credential;
        // a shard reads its credentials from Azure where it uses them.
        assert.deepEqual((plan("prod").outputs as { clusters: unknown }).clusters, { weu: "[unknown]", neu: "[unknown]" });
        assert.doesNotMatch(JSON.stringify(plan("prod").outputs), /kubeconfig/);
        const shardProvider = plan(FINTECH_PROD).resources.find((r) => r.name === "prod-weu-k8s");
        assert.equal(shardProvider?.inputs.kubeconfig, "[unknown]");
    });

    it("links every child to its parent component", () => {
        const plan = planned(runs.get("dev") as PlanRun);
        const keys = new Set(plan.resources.map((r) => `${r.type}::${r.name}`));
        for (const r of plan.resources) {
            if (r.type !== "helm-platform:index:Platform") {
                assert.ok(r.parent && keys.has(r.parent), `${r.name} has parent ${r.parent}`);
            }
        }
    });

    it("writes plan.json, the summary and the merged values of each release to out/<stack>", () => {
        const out = tempDir("plan-");
        const stack = FINTECH_PROD;
        writePlan(out, plan(stack), (runs.get(stack) as PlanRun).access, formatSummary(plan(stack)));
        const json = JSON.parse(fs.readFileSync(path.join(out, stack, "plan.json"), "utf8")) as Plan;
        assert.equal(json.stack, stack);
        assert.equal(json.releases.length, load(stack).releases.length);
        assert.ok(fs.existsSync(path.join(out, stack, "summary.txt")));
        const values = parse(fs.readFileSync(path.join(out, stack, "values", "weu", "fintech", "fintech-payments-api.yaml"), "utf8"));
        // Set in all five layers: the cluster layer wins.
        assert.equal(values.logLevel, "error");
        // values.yaml's list replaced whole by values.prod.yaml.
        assert.deepEqual(
            values.extraEnv.map((e: { name: string }) => e.name),
            ["PAYMENTS_MODE", "PAYMENTS_SETTLEMENT_REGION"],
        );
        assert.equal(values.extraEnv[0].value, "live");
        // The chart's default CPU limit removed with null; memory kept from values/common.yaml.
        assert.equal(values.resources.limits.cpu, null);
        assert.equal(values.resources.limits.memory, "256Mi");
        const sources = json.releases.find((r) => r.name === "fintech-payments-api" && r.cluster === "weu")?.sources;
        assert.equal(sources?.logLevel, "tenants/fintech/payments-api/values.prod.weu.yaml");
        assert.equal(sources?.extraEnv, "tenants/fintech/payments-api/values.prod.yaml");
        assert.equal(sources?.["resources.limits.cpu"], "tenants/fintech/payments-api/values.prod.yaml");
        assert.equal(sources?.["resources.limits.memory"], "values/common.yaml");
        // The cluster layer is only for weu.
        assert.equal(json.releases.find((r) => r.name === "fintech-payments-api" && r.cluster === "neu")?.values.logLevel, "warn");
    });

    it("reports an advisory finding in dev without failing", () => {
        const run = runs.get("dev") as PlanRun;
        assert.deepEqual(
            run.findings.map((f) => [f.level, f.rule, f.where]),
            [["warning", "image-tag-pinned", "weu/retail/retail-catalog"]],
        );
        assert.equal(run.exitCode, 0);
    });
});

describe("offline plan of a broken platform", () => {
    const long =
        "team: enterprise-data-platform-core\ngroups:\n  owners: [0b4a1f6e-2c3d-4e5f-8a9b-0c1d2e3f4a59]\nenvironments: [prod]\napps:\n  event-stream-processor-service:\n    chart: processor\n    versions:\n      prod: 1.0.0\n";
    const breakages: { what: string; stack?: string; changes: Record<string, string>; expect: RegExp }[] = [
        {
            what: "an unknown key",
            changes: { "tenants/data.yaml": read("tenants/data.yaml").replace("description:", "descripton:") },
            expect: new RegExp(`tenants/data\\.yaml:${lineOf(read("tenants/data.yaml"), "description:")}: descripton: unknown key`),
        },
        {
            what: "a wrong type",
            changes: { "tenants/retail.yaml": read("tenants/retail.yaml").replace("prod: 3.1.4", "prod: 3.1") },
            expect: new RegExp(
                `tenants/retail\\.yaml:${lineOf(read("tenants/retail.yaml"), "prod: 3.1.4")}: apps\\.storefront\\.versions\\.prod: 3\\.1 is a number to YAML`,
            ),
        },
        {
            what: "a missing field",
            changes: { "Pulumi.prod.yaml": read("Pulumi.prod.yaml").replace(/ {2}helm-platform:registry:\n(?: {4}.*\n)+/, "") },
            expect: /Pulumi\.prod\.yaml(:\d+)?: helm-platform:registry: required key is missing/,
        },
        {
            what: "a duplicate namespace",
            changes: { "tenants/retail.yaml": read("tenants/retail.yaml").replace("groups:", "namespace: data\ngroups:") },
            expect: new RegExp(
                `tenants/retail\\.yaml:${lineOf(read("tenants/retail.yaml"), "groups:")}: namespace: namespace "data" is already claimed`,
            ),
        },
        {
            what: "an unknown environment",
            changes: {
                "tenants/data.yaml": read("tenants/data.yaml").replace("environments: [dev, uat, prod]", "environments: [dev, uat, prd]"),
            },
            expect: /tenants\/data\.yaml:\d+: environments\[2\]: unknown environment "prd"/,
        },
        {
            what: "an unknown cluster",
            changes: { "tenants/data.yaml": read("tenants/data.yaml").replace("prod: [weu]", "prod: [sea]") },
            expect: /tenants\/data\.yaml:\d+: apps\.ingest-worker\.clusters\.prod\[0\]: unknown cluster "sea"/,
        },
        {
            // A release name is checked where the release is: the new team's shard, which the platform names.
            what: "an invalid release name",
            stack: "prod.commerce",
            changes: {
                "tenants/enterprise.yaml": long,
                "Pulumi.prod.yaml": read("Pulumi.prod.yaml").replace(
                    "commerce: [retail, data]",
                    "commerce: [retail, data, enterprise-data-platform-core]",
                ),
            },
            expect: /tenants\/enterprise\.yaml:6: apps\.event-stream-processor-service: release name .* is 60 characters/,
        },
        {
            what: "a YAML syntax error",
            changes: { "values/prod.yaml": "image:\n  registry: [unclosed\n" },
            expect: /values\/prod\.yaml:\d+: YAML syntax error/,
        },
    ];
    for (const b of breakages) {
        it(`GIVEN ${b.what} THEN ${b.stack ?? "prod"} exits 1 naming the file and key, and registers nothing`, async () => {
            const run = await planStack(program, changedTree(b.changes), b.stack ?? "prod");
            assert.equal(run.exitCode, 1);
            assert.equal(run.registered, 0);
            assert.match(run.error ?? "", b.expect);
        });
    }

    it("GIVEN an invalid tenant file THEN it exits 1, names the file and key, and registers nothing", async () => {
        const tree = changedTree({ "tenants/fintech.yaml": read("tenants/fintech.yaml").replace("environments:", "enviroments:") });
        const run = await planStack(program, tree, "dev");
        assert.equal(run.exitCode, 1);
        assert.equal(run.registered, 0);
        assert.equal(run.plan, undefined);
        const line = lineOf(read("tenants/fintech.yaml"), "environments:");
        assert.match(run.error ?? "", new RegExp(`tenants/fintech\\.yaml:${line}: enviroments: unknown key "enviroments"`));
    });

    it("GIVEN a governance error in an enforcing environment THEN it exits 1 and registers nothing", async () => {
        const tree = changedTree({ "tenants/retail/catalog/values.uat.yaml": "image:\n  tag: latest\n" });
        const run = await planStack(program, tree, "uat");
        assert.equal(run.exitCode, 1);
        assert.equal(run.registered, 0);
        assert.deepEqual(
            run.findings.map((f) => [f.level, f.rule]),
            [["error", "image-tag-pinned"]],
        );
        assert.match(run.error ?? "", /tenants\/retail\/catalog\/values\.uat\.yaml/);
    });

    it("GIVEN one stack is broken THEN planning the others in the same process still works", async () => {
        const broken = changedTree({ "Pulumi.dev.yaml": read("Pulumi.dev.yaml").replace("name: weu", "name: WEU") });
        assert.equal((await planStack(program, broken, "dev")).exitCode, 1);
        assert.equal((await samplePlanRun("dev")).exitCode, 0);
    });
});
