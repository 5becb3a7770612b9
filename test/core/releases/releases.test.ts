import * as assert from "node:assert/strict";
import { HelmRelease } from "../../../components";
import { formatProblem } from "../../../core/base/problems";
import { stacksOf } from "../../../core/load/stacks";
import { PLATFORM_SOURCE } from "../../../core/values/hierarchy";
import type { PlanRun } from "../../../plan/runPlan";
import { changedTree, load, loadEnvironment, problemsOf, sampleTree, stackOfTeam } from "../../helpers";
import { samplePlanRun } from "../../support/plans";

const read = (file: string) => sampleTree().read(file) as string;
/** The prod stacks (shards) that deploy retail and fintech. */
const PROD_RETAIL = stackOfTeam("prod", "retail");
const PROD_FINTECH = stackOfTeam("prod", "fintech");

/** Each stack planned once for the whole file. */
const plans = new Map<string, Promise<PlanRun>>();
const planOnce = (stack: string): Promise<PlanRun> => {
    const run = plans.get(stack) ?? samplePlanRun(stack);
    plans.set(stack, run);
    return run;
};
const release = (stack: string, name: string, cluster = "weu") => {
    const found = load(stack).releases.find((r) => r.name === name && r.cluster === cluster);
    assert.ok(found, `${stack}/${cluster}/${name}`);
    return found;
};

describe("platform-injected values", () => {
    it("gives every release global.platform.* as its lowest layer, attributed to the platform", () => {
        const r = release(PROD_RETAIL, "retail-storefront", "neu");
        assert.deepEqual((r.values.global as Record<string, unknown>).platform, {
            environment: "prod",
            cluster: "neu",
            region: "northeurope",
            registry: "acrhelmplatformprod.azurecr.io",
            chartRepository: "oci://acrhelmplatformprod.azurecr.io/helm-charts",
        });
        assert.equal(r.sources["global.platform.region"], PLATFORM_SOURCE);
        assert.ok(!r.valueFiles.includes(PLATFORM_SOURCE), "valueFiles lists files only");
    });

    it("lets a team override an injected key in its values files", () => {
        const tree = changedTree({
            "tenants/retail/storefront/values.yaml": `${read("tenants/retail/storefront/values.yaml")}global:\n  platform:\n    cluster: shop\n`,
        });
        const r = load(PROD_RETAIL, tree).releases.find((x) => x.name === "retail-storefront") as ReturnType<typeof release>;
        const platform = (r.values.global as { platform: Record<string, string> }).platform;
        assert.equal(platform.cluster, "shop");
        assert.equal(platform.environment, "prod");
        assert.equal(r.sources["global.platform.cluster"], "tenants/retail/storefront/values.yaml");
    });
});

describe("upgrade policy", () => {
    it("is atomic with a 10-minute timeout in prod and not atomic in dev, with bounded history", () => {
        assert.deepEqual(release(PROD_RETAIL, "retail-storefront").upgrade, { atomic: true, timeoutSeconds: 600, maxHistory: 10 });
        assert.deepEqual(release("dev", "retail-storefront").upgrade, { atomic: false, timeoutSeconds: 300, maxHistory: 5 });
    });

    it("takes an app's override field by field", () => {
        assert.deepEqual(release(PROD_FINTECH, "fintech-payments-api").upgrade, { atomic: true, timeoutSeconds: 900, maxHistory: 10 });
    });

    it("reaches the Helm release resource", async () => {
        const run = await planOnce("dev");
        const r = run.plan?.resources.find((x) => x.type === "kubernetes:helm.sh/v3:Release" && x.inputs.name === "fintech-payments-api");
        assert.deepEqual([r?.inputs.atomic, r?.inputs.cleanupOnFail, r?.inputs.timeout, r?.inputs.maxHistory], [false, true, 900, 5]);
    });

    it("verifies team charts against the environment's keyring, not the upstream monitoring chart", async () => {
        const releases = [];
        for (const stack of stacksOf(sampleTree(), "prod")) {
            const run = await planOnce(stack.name);
            releases.push(...(run.plan?.resources.filter((x) => x.type === "kubernetes:helm.sh/v3:Release") ?? []));
        }
        // Every team release of prod's shards, and the monitoring charts of its foundation.
        const team = releases.filter((r) => r.inputs.namespace !== "monitoring");
        assert.equal(team.length, loadEnvironment("prod").releases.length);
        assert.ok(releases.length > team.length, "no monitoring chart");
        for (const r of releases) {
            const team = r.inputs.namespace !== "monitoring";
            assert.deepEqual([r.inputs.verify, r.inputs.keyring], team ? [true, "keys/charts.pubring.gpg"] : [false, undefined], r.name);
        }
    });
});

describe("ordering through needs", () => {
    it("makes a release wait for the release it needs on the same cluster", async () => {
        const run = await planOnce(PROD_FINTECH);
        for (const cluster of ["weu", "neu"]) {
            const payments = run.plan?.resources.find((r) => r.name === `prod-${cluster}-fintech-payments-api-release`);
            assert.ok(payments?.dependsOn.includes(`kubernetes:helm.sh/v3:Release::prod-${cluster}-fintech-ledger-release`), cluster);
        }
    });

    it("GIVEN a need no tenant declares THEN it is a configuration error", () => {
        const tree = changedTree({ "tenants/fintech.yaml": read("tenants/fintech.yaml").replace("needs: [ledger]", "needs: [ledgr]") });
        const [p] = problemsOf("dev", tree);
        assert.equal(p.path, "apps.payments-api.needs[0]");
        assert.match(p.message, /needs "ledgr", which no tenant file declares/);
    });

    it("GIVEN needs that form a cycle THEN the cycle is named", () => {
        const tenant = read("tenants/fintech.yaml").replace(
            "  ledger:\n    chart: ledger\n",
            "  ledger:\n    chart: ledger\n    needs: [retail/storefront]\n",
        );
        const retail = read("tenants/retail.yaml").replace(
            "  storefront:\n    chart: storefront\n",
            "  storefront:\n    chart: storefront\n    needs: [fintech/payments-api]\n",
        );
        const problems = problemsOf("dev", changedTree({ "tenants/fintech.yaml": tenant, "tenants/retail.yaml": retail }));
        const cycle = problems.filter((p) => /cycle/.test(p.message));
        assert.equal(cycle.length, 1, problems.map(formatProblem).join("\n"));
        assert.match(
            cycle[0].message,
            /needs form a cycle: fintech\/ledger -> retail\/storefront -> fintech\/payments-api -> fintech\/ledger/,
        );
    });

    it("GIVEN a need that does not run on the release's cluster THEN it is rejected once", () => {
        const tree = changedTree({
            "tenants/retail.yaml": read("tenants/retail.yaml").replace(
                "  storefront:\n    chart: storefront\n",
                "  storefront:\n    chart: storefront\n    needs: [data/ingest-worker]\n",
            ),
        });
        const problems = problemsOf(PROD_RETAIL, tree);
        assert.deepEqual(
            problems.map((p) => [p.file, p.path, p.message]),
            [["tenants/retail.yaml", "apps.storefront.needs[0]", "needs data-ingest-worker, which does not run on prod/neu"]],
        );
    });
});

describe("HelmRelease args", () => {
    // Construction fails before anything is registered, so a plain provider object is enough.
    const provider = {} as never;
    const base = {
        provider,
        releaseName: "team-app",
        namespace: "team",
        chart: "oci://acr.azurecr.io/helm-charts/app",
        version: "1.2.3",
        values: {},
    };

    const invalid: [string, Record<string, unknown>, RegExp][] = [
        ["a version range", { version: "^1.2.0" }, /version: "\^1\.2\.0" is not an exact chart version/],
        ["a release name Helm refuses", { releaseName: "Team_App" }, /releaseName: must be a DNS-1123 label/],
        [
            "a repository that is not allowed",
            { chart: "nginx", repository: "https://charts.example.com" },
            /repository: must be one of the allowed repositories/,
        ],
        ["a non-OCI chart without a repository", { chart: "app" }, /chart: chart must be an oci:\/\/ reference/],
        ["a digest that is not one", { digest: "latest" }, /digest: must be a manifest digest/],
        [
            "a digest on a chart from a public repository",
            {
                chart: "kube-prometheus-stack",
                repository: "https://prometheus-community.github.io/helm-charts",
                digest: `sha256:${"a".repeat(64)}`,
            },
            /digest: a digest pins an oci:\/\/ chart given without one/,
        ],
        [
            "a digest with a keyring",
            { digest: `sha256:${"a".repeat(64)}`, keyring: "keys/charts.pubring.gpg" },
            /digest: Helm cannot verify the provenance of a chart it fetches by digest/,
        ],
    ];
    for (const [what, change, message] of invalid) {
        it(`rejects ${what} when constructed`, () => {
            assert.throws(() => new HelmRelease("r", { ...base, ...change } as never), message);
        });
    }
});
