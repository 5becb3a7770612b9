import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { diffPlans, type PlanDiff } from "../../../core/report/diff";
import type { Plan } from "../../../core/report/planTypes";
import { readPlan } from "../../../core/report/planVersions";
import { prReport } from "../../../core/report/prReport";
import { runPlanCli } from "../../../plan/cli";
import { program } from "../../../program/stack";
import { changedLockedTree, changedTree, ROOT, sampleTree } from "../../helpers";
import { planOf } from "../../support/plans";

const read = (file: string) => sampleTree().read(file) as string;

describe("plan diff", () => {
    let base: Plan;
    before(async () => {
        base = await planOf(sampleTree());
    });
    const diffWith = async (changes: Record<string, string | null>): Promise<PlanDiff> =>
        diffPlans(base, await planOf(changedLockedTree(changes)));

    it("finds nothing between a plan and itself", () => {
        const diff = diffPlans(base, base);
        assert.deepEqual(
            [diff.resources.added, diff.resources.removed, diff.resources.changed, diff.releases.values, diff.releases.reversioned],
            [[], [], [], [], []],
        );
    });

    it("reports a re-versioned release on each cluster and the input key that changes", async () => {
        const diff = await diffWith({ "tenants/retail.yaml": read("tenants/retail.yaml").replace("prod: 3.1.4", "prod: 3.2.0") });
        assert.deepEqual(
            diff.releases.reversioned.map((r) => [r.cluster, r.name, r.from, r.to]),
            [
                ["weu", "retail-storefront", "3.1.4", "3.2.0"],
                ["neu", "retail-storefront", "3.1.4", "3.2.0"],
            ],
        );
        assert.deepEqual(
            diff.resources.changed.map((c) => c.keys),
            [["version"], ["version"]],
        );
    });

    it("reports changed values key by key with the file that set the new value", async () => {
        const diff = await diffWith({
            "tenants/retail/storefront/values.prod.yaml": read("tenants/retail/storefront/values.prod.yaml").replace(
                "replicaCount: 3",
                "replicaCount: 4",
            ),
        });
        const [weu] = diff.releases.values;
        assert.deepEqual(weu.changes, [{ key: "replicaCount", from: 3, to: 4, source: "tenants/retail/storefront/values.prod.yaml" }]);
        assert.ok(diff.resources.changed.some((c) => c.keys.includes("values.replicaCount")));
    });

    it("reports added and removed releases and resources", async () => {
        const tenant = read("tenants/retail.yaml").replace("      uat: 0.9.1\n", "      uat: 0.9.1\n      prod: 0.9.1\n");
        const added = await diffWith({ "tenants/retail.yaml": tenant });
        assert.deepEqual(added.releases.added.map((r) => `${r.cluster}/${r.name}@${r.version}`).sort(), [
            "neu/retail-catalog@0.9.1",
            "weu/retail-catalog@0.9.1",
        ]);
        assert.ok(added.resources.added.includes("kubernetes:helm.sh/v3:Release::prod-weu-retail-catalog-release"));
        const removed = diffPlans(await planOf(changedLockedTree({ "tenants/retail.yaml": tenant })), base);
        assert.equal(removed.releases.removed.length, 2);
        assert.ok(removed.resources.removed.includes("kubernetes:helm.sh/v3:Release::prod-neu-retail-catalog-release"));
    });

    it("shows a secret only as [secret] changed when its ciphertext changes, and not at all otherwise", async () => {
        const rotated = read("Pulumi.prod.yaml").replace("c2FtcGxlLWNpcGhlcnRleHQtcmVwbGFjZS1tZQ==", "cm90YXRlZC1jaXBoZXJ0ZXh0");
        const diff = await diffWith({ "Pulumi.prod.yaml": rotated });
        const payments = diff.releases.values.filter((r) => r.name === "fintech-payments-api");
        assert.equal(payments.length, 2);
        assert.deepEqual(payments[0].changes, [
            { key: "database.password", from: "[secret]", to: "[secret] changed", source: "tenants/fintech/payments-api/values.yaml" },
        ]);
        assert.ok(!JSON.stringify(diff).includes("cm90YXRlZC"), "not even the ciphertext is shown");
        const unrelated = await diffWith({
            "tenants/retail/storefront/values.prod.yaml": `${read("tenants/retail/storefront/values.prod.yaml")}podLabels:\n  tier: web\n`,
        });
        assert.ok(!unrelated.releases.values.some((r) => r.changes.some((c) => c.key === "database.password")));
    });
});

describe("plan diff of the platform's own releases", () => {
    let base: Plan;
    before(async () => {
        base = await planOf(sampleTree());
    });

    it("shows a monitoring values change key by key on every cluster, with the file that set it", async () => {
        const changed = read("values/monitoring/prod.yaml").replace("retention: 30d", "retention: 45d");
        const diff = diffPlans(base, await planOf(changedTree({ "values/monitoring/prod.yaml": changed })));
        assert.deepEqual(
            diff.releases.values.map((r) => [`${r.cluster}/${r.namespace}/${r.name}`, r.changes]),
            ["weu", "neu"].map((cluster) => [
                `${cluster}/monitoring/kube-prometheus-stack`,
                [{ key: "prometheus.prometheusSpec.retention", from: "30d", to: "45d", source: "values/monitoring/prod.yaml" }],
            ]),
        );
        const report = prReport([{ stack: "prod", plan: base, diff }], { entries: [], environments: ["prod"] });
        assert.match(
            report,
            /\| `weu\/monitoring\/kube-prometheus-stack` \| `prometheus\.prometheusSpec\.retention` \| `"30d"` \| `"45d"` \| `values\/monitoring\/prod\.yaml` \|/,
        );
    });

    it("shows a rotated platform secret inside a list as [secret] changed, and a changed channel with the webhooks masked", async () => {
        const receivers = (d: PlanDiff) =>
            d.releases.values
                .find((r) => r.cluster === "weu" && r.name === "kube-prometheus-stack")
                ?.changes.find((c) => c.key === "alertmanager.config.receivers");
        const stack = read("Pulumi.prod.yaml").replace(
            /( {6}slack-webhook-url:\n {8}secure: )\S+/,
            "$1v1:cm90YXRlZC1ub25jZQ==:cm90YXRlZC1zbGFjaw==",
        );
        const rotated = diffPlans(base, await planOf(changedTree({ "Pulumi.prod.yaml": stack })));
        assert.deepEqual(receivers(rotated), {
            key: "alertmanager.config.receivers",
            from: "[secret]",
            to: "[secret] changed",
            source: "(platform)",
        });
        assert.ok(!JSON.stringify(rotated).includes("cm90YXRlZC"));
        const tenant = read("tenants/retail.yaml").replace('slackChannel: "#retail-oncall"', 'slackChannel: "#retail-alerts"');
        const channel = receivers(diffPlans(base, await planOf(changedTree({ "tenants/retail.yaml": tenant }))));
        const retail = (side: unknown) =>
            (side as { name: string; slack_configs: { channel: string; api_url: string }[] }[]).find((r) => r.name === "team-retail")
                ?.slack_configs[0];
        assert.deepEqual([retail(channel?.from)?.channel, retail(channel?.to)?.channel], ["#retail-oncall", "#retail-alerts"]);
        assert.equal(retail(channel?.to)?.api_url, "[secret]");
    });

    it("GIVEN a plan written before plan.json had a version or listed platform releases THEN, read, they show as added", () => {
        const { platformReleases: _, schemaVersion: _v, inventory: _i, ...older } = base;
        const read = readPlan(JSON.parse(JSON.stringify(older)), "base/prod/plan.json");
        assert.ok("plan" in read, "error" in read ? read.error : "");
        const diff = diffPlans(read.plan, base);
        assert.deepEqual(
            diff.releases.added.map((r) => `${r.cluster}/${r.name}`).sort(),
            base.platformReleases.map((r) => `${r.cluster}/${r.name}`).sort(),
        );
    });
});

/** Fintech's namespace renamed to payments, which its allowance allows. */
const renamedToPayments = () => ({
    "tenants/fintech.yaml": read("tenants/fintech.yaml").replace("groups:", "namespace: payments\ngroups:"),
    "allowances/fintech.yaml": `${read("allowances/fintech.yaml")}  - reason: the namespace is named after the product
    approvedBy: platform-team (PLAT-300)
    expires: "2028-01-31"
    namespace: payments
`,
});

describe("destructive changes", () => {
    it("GIVEN a namespace renamed in dev THEN the diff marks a replacement that deletes everything in the old namespace", async () => {
        const base = await planOf(sampleTree(), "dev");
        const after = await planOf(changedTree(renamedToPayments()), "dev");
        const diff = diffPlans(base, after);
        const namespace = diff.resources.changed.find((c) => c.resource === "kubernetes:core/v1:Namespace::dev-weu-fintech-ns");
        assert.deepEqual(namespace, {
            resource: "kubernetes:core/v1:Namespace::dev-weu-fintech-ns",
            keys: ["metadata.name"],
            replace: true,
        });
        const first = diff.destructive.find((d) => d.resource === namespace?.resource);
        assert.deepEqual(first, {
            resource: namespace?.resource,
            action: "replace",
            because: ["metadata.name"],
            consequence: "deletes namespace fintech on dev/weu and everything in it",
            protected: false,
        });
        // Every object in it moves too, and the releases with them.
        assert.ok(
            diff.destructive.some(
                (d) =>
                    d.resource === "kubernetes:helm.sh/v3:Release::dev-weu-fintech-payments-api-release" &&
                    d.consequence === "uninstalls release fintech/fintech-payments-api on dev/weu",
            ),
        );
        const report = prReport([{ stack: "dev", plan: after, diff }]);
        const section = report.slice(report.indexOf("## dev"));
        assert.match(
            section.split("\n")[2],
            /^- \*\*REPLACE\*\* `kubernetes:core\/v1:Namespace::dev-weu-fintech-ns` \(`metadata\.name` changes\) — `deletes namespace fintech on dev\/weu and everything in it`$/,
        );
    });

    it("GIVEN a namespace renamed in prod THEN the old namespace is kept on the cluster (retainOnDelete), and the report says so", async () => {
        const base = await planOf(sampleTree());
        const after = await planOf(changedTree(renamedToPayments()));
        const namespace = diffPlans(base, after).destructive.find(
            (d) => d.resource === "kubernetes:core/v1:Namespace::prod-weu-fintech-ns",
        );
        assert.match(namespace?.consequence ?? "", /namespace fintech on prod\/weu is left on the cluster unmanaged \(retainOnDelete\)/);
        assert.equal(base.resources.find((r) => r.name === "prod-weu-fintech-ns")?.retainOnDelete, true);
        assert.equal((await planOf(sampleTree(), "dev")).resources.find((r) => r.name === "dev-weu-fintech-ns")?.retainOnDelete, undefined);
    });

    it("GIVEN a protected resource that would be replaced THEN it is blocked, and the plan exits 1", async () => {
        const base = await planOf(sampleTree());
        const renamed = changedTree({
            "Pulumi.prod.yaml": read("Pulumi.prod.yaml").replace(
                "  helm-platform:location: westeurope",
                "  helm-platform:location: westeurope\n  helm-platform:resourceGroupName: rg-platform-prod",
            ),
        });
        const diff = diffPlans(base, await planOf(renamed));
        const group = diff.destructive.find((d) => d.resource === "azure-native:resources:ResourceGroup::prod-rg");
        assert.deepEqual(group, {
            resource: "azure-native:resources:ResourceGroup::prod-rg",
            action: "replace",
            because: ["resourceGroupName"],
            consequence: "deletes resource group rg-helm-platform-prod and everything in it",
            protected: true,
        });
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "against-"));
        fs.mkdirSync(path.join(out, "base", "prod"), { recursive: true });
        fs.writeFileSync(path.join(out, "base", "prod", "plan.json"), JSON.stringify(base));
        let stdout = "";
        const code = await runPlanCli(["--stack", "prod", "--out", path.join(out, "new"), "--against", path.join(out, "base")], {
            root: ROOT,
            tree: renamed,
            program,
            stdout: (t) => (stdout += t),
            stderr: () => undefined,
        });
        assert.equal(code, 1);
        assert.match(
            stdout,
            /BLOCKED \(protected\) REPLACE azure-native:resources:ResourceGroup::prod-rg: deletes resource group rg-helm-platform-prod/,
        );
        assert.match(fs.readFileSync(path.join(out, "new", "report.md"), "utf8"), /⛔ \*\*BLOCKED: protected\*\* — \*\*REPLACE\*\*/);
    });

    it("GIVEN only a changed value THEN nothing is destructive", async () => {
        const base = await planOf(sampleTree());
        const diff = diffPlans(
            base,
            await planOf(
                changedTree({
                    "tenants/retail/storefront/values.prod.yaml": read("tenants/retail/storefront/values.prod.yaml").replace(
                        "replicaCount: 3",
                        "replicaCount: 4",
                    ),
                }),
            ),
        );
        assert.deepEqual(diff.destructive, []);
        assert.ok(diff.resources.changed.every((c) => !c.replace));
    });
});
