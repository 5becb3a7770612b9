import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { countResourceChanges, diffPlans, type PlanDiff } from "../../../core/report/diff";
import type { Plan } from "../../../core/report/planTypes";
import { readPlan } from "../../../core/report/planVersions";
import { prReport } from "../../../core/report/prReport";
import { runPlanCli } from "../../../plan/cli";
import { program } from "../../../program/stack";
import { changedLockedTree, changedTree, ROOT, sampleTree, stackOfTeam } from "../../helpers";
import { planOf, samplePlanOf } from "../../support/plans";
import { tempDir } from "../../support/temp";

const read = (file: string) => sampleTree().read(file) as string;
/** The prod shards that deploy retail and fintech, and prod's foundation. */
const RETAIL = stackOfTeam("prod", "retail");
const FINTECH = stackOfTeam("prod", "fintech");

/** The sample's plan of each stack, planned once for the file. */
const bases = new Map<string, Promise<Plan>>();
const baseOf = (stack: string): Promise<Plan> => {
    const plan = bases.get(stack) ?? samplePlanOf(stack);
    bases.set(stack, plan);
    return plan;
};

describe("plan diff", () => {
    let base: Plan;
    before(async () => {
        base = await baseOf(RETAIL);
    });
    /** The diff of `stack` (retail's shard by default) when `changes` are made. */
    const diffWith = async (changes: Record<string, string | null>, stack = RETAIL): Promise<PlanDiff> =>
        diffPlans(await baseOf(stack), await planOf(changedLockedTree(changes, [stack]), stack));

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

    it("GIVEN a changed value of a release whose values hold a secret THEN its Helm release counts as a changed resource", async () => {
        const diff = await diffWith(
            {
                "tenants/fintech/payments-api/values.prod.yaml": read("tenants/fintech/payments-api/values.prod.yaml").replace(
                    "logLevel: warn",
                    "logLevel: info",
                ),
            },
            FINTECH,
        );
        assert.deepEqual(
            diff.releases.values.map((r) => `${r.cluster}/${r.name}: ${r.changes.map((c) => c.key).join(", ")}`),
            ["neu/fintech-payments-api: logLevel"],
            "weu sets its own logLevel",
        );
        assert.deepEqual(diff.resources.changed, [
            { resource: "kubernetes:helm.sh/v3:Release::prod-neu-fintech-payments-api-release", keys: ["values"] },
        ]);
        assert.equal(countResourceChanges(diff.resources), "+0 −0 ~1");
    });

    it("reports added and removed releases and resources", async () => {
        const tenant = read("tenants/retail.yaml").replace("      uat: 0.9.1\n", "      uat: 0.9.1\n      prod: 0.9.1\n");
        const added = await diffWith({ "tenants/retail.yaml": tenant });
        assert.deepEqual(added.releases.added.map((r) => `${r.cluster}/${r.name}@${r.version}`).sort(), [
            "neu/retail-catalog@0.9.1",
            "weu/retail-catalog@0.9.1",
        ]);
        assert.ok(added.resources.added.includes("kubernetes:helm.sh/v3:Release::prod-weu-retail-catalog-release"));
        const removed = diffPlans(await planOf(changedLockedTree({ "tenants/retail.yaml": tenant }, [RETAIL]), RETAIL), base);
        assert.equal(removed.releases.removed.length, 2);
        assert.ok(removed.resources.removed.includes("kubernetes:helm.sh/v3:Release::prod-neu-retail-catalog-release"));
    });

    it("shows a secret only as [secret] changed when its ciphertext changes, and not at all otherwise", async () => {
        // fintech's secrets are in its shard's stack file.
        const file = "Pulumi.prod.payments.yaml";
        const rotated = read(file).replace("c2FtcGxlLWNpcGhlcnRleHQtcmVwbGFjZS1tZQ==", "cm90YXRlZC1jaXBoZXJ0ZXh0");
        assert.notEqual(rotated, read(file));
        const diff = await diffWith({ [file]: rotated }, FINTECH);
        const payments = diff.releases.values.filter((r) => r.name === "fintech-payments-api");
        assert.equal(payments.length, 2);
        assert.deepEqual(payments[0].changes, [
            { key: "database.password", from: "[secret]", to: "[secret] changed", source: "tenants/fintech/payments-api/values.yaml" },
        ]);
        assert.ok(!JSON.stringify(diff).includes("cm90YXRlZC"), "not even the ciphertext is shown");
        const unrelated = await diffWith(
            { "tenants/fintech/ledger/values.yaml": `${read("tenants/fintech/ledger/values.yaml")}podLabels:\n  tier: web\n` },
            FINTECH,
        );
        assert.ok(unrelated.releases.values.some((r) => r.name === "fintech-ledger"));
        assert.ok(!unrelated.releases.values.some((r) => r.changes.some((c) => c.key === "database.password")));
    });
});

describe("plan diff of the platform's own releases", () => {
    let base: Plan;
    before(async () => {
        base = await baseOf("prod");
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

    it("shows a rotated platform webhook as [secret] changed on every cluster, and never the ciphertext", async () => {
        const stack = read("Pulumi.prod.yaml").replace(
            /( {6}slack-webhook-url:\n {8}secure: )\S+/,
            "$1v1:cm90YXRlZC1ub25jZQ==:cm90YXRlZC1zbGFjaw==",
        );
        const rotated = diffPlans(base, await planOf(changedTree({ "Pulumi.prod.yaml": stack })));
        assert.deepEqual(
            rotated.releases.values.map((r) => [`${r.cluster}/${r.name}`, r.changes]),
            ["weu", "neu"].map((cluster) => [
                `${cluster}/kube-prometheus-stack`,
                [{ key: "alertmanager.config.global.slack_api_url", from: "[secret]", to: "[secret] changed", source: "(platform)" }],
            ]),
        );
        assert.ok(!JSON.stringify(rotated).includes("cm90YXRlZC"));
    });

    it("GIVEN a team's alert channel changed THEN its shard's AlertmanagerConfig changes on every cluster, and the foundation not at all", async () => {
        const tenant = read("tenants/retail.yaml").replace('slackChannel: "#retail-oncall"', 'slackChannel: "#retail-alerts"');
        const changed = changedTree({ "tenants/retail.yaml": tenant });
        const after = await planOf(changed, RETAIL);
        const shard = diffPlans(await baseOf(RETAIL), after);
        assert.deepEqual(
            shard.resources.changed.map((c) => [c.resource, c.keys]),
            ["weu", "neu"].map((cluster) => [
                `kubernetes:monitoring.coreos.com/v1alpha1:AlertmanagerConfig::prod-${cluster}-retail-alerts`,
                ["spec.receivers"],
            ]),
        );
        const alerts = after.resources.find((r) => r.name === "prod-weu-retail-alerts");
        assert.match(JSON.stringify(alerts?.inputs), /"channel":"#retail-alerts"/);
        const foundation = diffPlans(base, await planOf(changed, "prod"));
        assert.deepEqual(
            [foundation.resources.added, foundation.resources.removed, foundation.resources.changed, foundation.releases.values],
            [[], [], [], []],
        );
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
        const base = await samplePlanOf("dev");
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
        const base = await baseOf(FINTECH);
        const after = await planOf(changedTree(renamedToPayments()), FINTECH);
        const namespace = diffPlans(base, after).destructive.find(
            (d) => d.resource === "kubernetes:core/v1:Namespace::prod-weu-fintech-ns",
        );
        assert.match(namespace?.consequence ?? "", /namespace fintech on prod\/weu is left on the cluster unmanaged \(retainOnDelete\)/);
        assert.equal(base.resources.find((r) => r.name === "prod-weu-fintech-ns")?.retainOnDelete, true);
        assert.equal((await samplePlanOf("dev")).resources.find((r) => r.name === "dev-weu-fintech-ns")?.retainOnDelete, undefined);
    });

    it("GIVEN a protected resource that would be replaced THEN it is blocked, and the plan exits 1", async () => {
        const base = await baseOf("prod");
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
        const out = tempDir("against-");
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
        const base = await baseOf(RETAIL);
        const diff = diffPlans(
            base,
            await planOf(
                changedTree({
                    "tenants/retail/storefront/values.prod.yaml": read("tenants/retail/storefront/values.prod.yaml").replace(
                        "replicaCount: 3",
                        "replicaCount: 4",
                    ),
                }),
                RETAIL,
            ),
        );
        assert.ok(diff.resources.changed.length > 0);
        assert.deepEqual(diff.destructive, []);
        assert.ok(diff.resources.changed.every((c) => !c.replace));
    });
});
