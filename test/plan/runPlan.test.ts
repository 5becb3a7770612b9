import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import type { Plan } from "../../core/report/planTypes";
import { formatSummary } from "../../core/report/summary";
import { type PlanRun, planStack, writePlan } from "../../plan/runPlan";
import { program } from "../../program/stack";
import { changedTree, lineOf, load, sampleTree } from "../helpers";

const read = (file: string) => sampleTree().read(file) as string;

function planned(run: PlanRun): Plan {
    assert.ok(run.plan, run.error ?? run.problems.map((p) => p.message).join("\n"));
    return run.plan;
}

describe("offline plan of the sample platform", () => {
    const runs = new Map<string, PlanRun>();
    before(async () => {
        for (const stack of ["dev", "uat", "prod"]) {
            runs.set(stack, await planStack(program, sampleTree(), stack));
        }
    });

    for (const stack of ["dev", "uat", "prod"]) {
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
                        r.provider === `pulumi:providers:kubernetes::${stack}-${release.cluster}-${team}-installer`,
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

    it("runs prod on two clusters in two regions with the registry replicated to the second", () => {
        const plan = planned(runs.get("prod") as PlanRun);
        const clusters = plan.resources.filter((r) => r.type === "azure-native:containerservice:ManagedCluster");
        assert.deepEqual(clusters.map((c) => c.inputs.location).sort(), ["northeurope", "westeurope"]);
        const replicas = plan.resources.filter((r) => r.type === "azure-native:containerregistry:Replication");
        assert.deepEqual(
            replicas.map((r) => r.inputs.location),
            ["northeurope"],
        );
        const roles = plan.resources
            .filter(
                (r) => r.type === "azure-native:authorization:RoleAssignment" && !String(r.inputs.description).includes(" on namespace "),
            )
            .map((r) => r.inputs.description)
            .sort();
        assert.deepEqual(roles, [
            "helm-platform: AcrPull on the chart registry for neu-kubelet",
            "helm-platform: AcrPull on the chart registry for the deploying identity",
            "helm-platform: AcrPull on the chart registry for weu-kubelet",
            "helm-platform: Azure Kubernetes Service Cluster User Role on the cluster for team fintech's CI",
            "helm-platform: Azure Kubernetes Service Cluster User Role on the cluster for team fintech's CI",
            "helm-platform: Azure Kubernetes Service RBAC Cluster Admin on aks-prod-neu for the deploying identity",
            "helm-platform: Azure Kubernetes Service RBAC Cluster Admin on aks-prod-weu for the deploying identity",
            "helm-platform: Container Registry Repository Reader on the chart registry for neu-kubelet",
            "helm-platform: Container Registry Repository Reader on the chart registry for the deploying identity",
            "helm-platform: Container Registry Repository Reader on the chart registry for weu-kubelet",
            "helm-platform: Container Registry Repository Writer on the chart registry for team data's publisher 0, under helm-charts/data/ only",
            "helm-platform: Container Registry Repository Writer on the chart registry for team fintech's publisher 0, under helm-charts/fintech/ only",
            "helm-platform: Container Registry Repository Writer on the chart registry for the platform's publisher 0, under helm-charts/platform/ only",
        ]);
    });

    it("never invents what only the cloud knows, and keeps the kubeconfig secret", () => {
        const plan = planned(runs.get("prod") as PlanRun);
        const roles = plan.resources.filter((r) => r.type === "azure-native:authorization:RoleAssignment");
        const principal = (suffix: string) => roles.find((r) => String(r.inputs.description).endsWith(suffix))?.inputs.principalId;
        // The kubelet identity and the deploying identity are Azure's to tell; the publishers are configuration.
        assert.equal(principal("for weu-kubelet"), "[unknown]");
        assert.equal(principal("aks-prod-weu for the deploying identity"), "[unknown]");
        assert.equal(principal("for the platform's publisher 0, under helm-charts/platform/ only"), "7e1d3c5a-9b2f-4e6d-8a0c-1b3d5f7a9c22");
        assert.equal(principal("for team fintech's publisher 0, under helm-charts/fintech/ only"), "4d9f2b6a-8c1e-4a3f-9b5d-2e7c0a1f3b61");
        const outputs = plan.outputs as { clusters: Record<string, Record<string, string>> };
        assert.deepEqual(outputs.clusters.weu, {
            name: "aks-prod-weu",
            fqdn: "[unknown]",
            oidcIssuerUrl: "[unknown]",
            kubeconfig: "[secret]",
        });
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
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "plan-"));
        const plan = planned(runs.get("prod") as PlanRun);
        writePlan(out, plan, (runs.get("prod") as PlanRun).access, formatSummary(plan));
        const json = JSON.parse(fs.readFileSync(path.join(out, "prod", "plan.json"), "utf8")) as Plan;
        assert.equal(json.stack, "prod");
        assert.equal(json.releases.length, 7);
        const values = parse(fs.readFileSync(path.join(out, "prod", "values", "weu", "fintech", "fintech-payments-api.yaml"), "utf8"));
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
    const breakages: { what: string; changes: Record<string, string>; expect: RegExp }[] = [
        {
            what: "an unknown key",
            changes: { "tenants/data.yaml": read("tenants/data.yaml").replace("description:", "descripton:") },
            expect: /tenants\/data\.yaml:2: descripton: unknown key/,
        },
        {
            what: "a wrong type",
            changes: { "tenants/retail.yaml": read("tenants/retail.yaml").replace("prod: 3.1.4", "prod: 3.1") },
            expect: new RegExp(
                `tenants/retail\\.yaml:${lineOf(read("tenants/retail.yaml"), "prod: 3.1.4")}: apps\\.storefront\\.versions\\.prod: expected string`,
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
            expect: /tenants\/retail\.yaml:3: namespace: namespace "data" is already claimed/,
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
            what: "an invalid release name",
            changes: { "tenants/enterprise.yaml": long },
            expect: /tenants\/enterprise\.yaml:6: apps\.event-stream-processor-service: release name .* is 60 characters/,
        },
        {
            what: "a YAML syntax error",
            changes: { "values/prod.yaml": "image:\n  registry: [unclosed\n" },
            expect: /values\/prod\.yaml:\d+: YAML syntax error/,
        },
    ];
    for (const b of breakages) {
        it(`GIVEN ${b.what} THEN prod exits 1 naming the file and key, and registers nothing`, async () => {
            const run = await planStack(program, changedTree(b.changes), "prod");
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
        assert.match(run.error ?? "", /tenants\/fintech\.yaml:8: enviroments: unknown key "enviroments"/);
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
        assert.equal((await planStack(program, sampleTree(), "dev")).exitCode, 0);
    });
});
