import * as assert from "node:assert/strict";
import { parse } from "yaml";
import { formatProblem } from "../../../core/base/problems";
import { overlayTree } from "../../../core/base/sourceTree";
import { type ChartLock, formatChartLock, readChartLock } from "../../../core/releases/lock";
import { changedTree, lineOf, load, loadEnvironment, problemsOf, sampleTree, stackOfTeam } from "../../helpers";
import { samplePlanRun } from "../../support/plans";

const read = (file: string) => sampleTree().read(file) as string;
const lockText = () => read("charts.lock.yaml");
const messages = (stack: string, changes: Record<string, string | null>) => problemsOf(stack, changedTree(changes)).map(formatProblem);

describe("charts.lock.yaml: every chart version pinned to its digest", () => {
    for (const environment of ["uat", "prod"]) {
        it(`${environment}: the sample's lock covers every team and platform release, and each installs by its digest`, () => {
            // Every stack of the environment: prod's monitoring is its foundation's, its teams' releases their shards'.
            const model = loadEnvironment(environment);
            const all = [...model.releases, ...(model.monitoring?.releases ?? [])];
            assert.ok(model.releases.length > 0 && (model.monitoring?.releases.length ?? 0) > 0);
            for (const r of all) {
                assert.match(r.digest ?? "", /^sha256:[0-9a-f]{64}$/, `${r.cluster}/${r.chart}@${r.version}`);
                assert.ok(r.chart.startsWith(`oci://${model.environment.registry.loginServer}/helm-charts/`), r.chart);
            }
        });
    }

    it("uat: platform charts install <chart>@<digest>; team charts, which uat verifies by signature, by version; plan.json records every digest", async () => {
        const { plan } = await samplePlanRun("uat");
        const installed = (plan?.resources ?? []).filter((r) => r.type === "kubernetes:helm.sh/v3:Release");
        assert.equal(installed.length, (plan?.releases.length ?? 0) + (plan?.platformReleases.length ?? 0));
        const inputs = (name: string) => installed.find((x) => x.inputs.name === name)?.inputs ?? {};
        for (const r of plan?.platformReleases ?? []) {
            assert.deepEqual(
                [inputs(r.name).chart, inputs(r.name).version, inputs(r.name).verify],
                [`${r.chart}@${r.digest}`, r.version, false],
            );
        }
        for (const r of plan?.releases ?? []) {
            // Helm cannot verify a chart it fetches by digest; lock --check compares the digest before deploying.
            assert.deepEqual([inputs(r.name).chart, inputs(r.name).version, inputs(r.name).verify], [r.chart, r.version, true]);
        }
        for (const r of [...(plan?.releases ?? []), ...(plan?.platformReleases ?? [])]) {
            assert.match(r.digest ?? "", /^sha256:[0-9a-f]{64}$/, r.name);
        }
    });

    it("GIVEN a prod version the lock lacks THEN it is an error at the app's version, once for both clusters, naming the command", () => {
        const tenant = read("tenants/retail.yaml").replace("prod: 3.1.4", "prod: 3.2.0");
        const found = messages(stackOfTeam("prod", "retail"), { "tenants/retail.yaml": tenant });
        assert.deepEqual(found, [
            `tenants/retail.yaml:${lineOf(tenant, "prod: 3.2.0")}: apps.storefront.versions.prod: retail/storefront 3.2.0 has no digest in charts.lock.yaml for prod Fix: run npm run lock -- --stack prod (after npm run publish-charts -- --stack prod) and commit charts.lock.yaml`,
        ]);
    });

    it("GIVEN a dev version the lock lacks THEN dev, whose profile does not require it, installs by version", () => {
        const tenant = read("tenants/retail.yaml").replace("dev: 3.2.0", "dev: 3.1.4");
        const storefront = load("dev", changedTree({ "tenants/retail.yaml": tenant })).releases.find((r) => r.name === "retail-storefront");
        assert.deepEqual([storefront?.version, storefront?.digest], ["3.1.4", undefined]);
        assert.match(
            load("dev").releases.find((r) => r.name === "retail-storefront")?.digest ?? "",
            /^sha256:/,
            "the locked one is pinned",
        );
    });

    it("GIVEN no lock THEN uat and prod fail with one problem each, and dev loads", () => {
        const noLock = { "charts.lock.yaml": null };
        for (const stack of ["uat", "prod"]) {
            assert.deepEqual(messages(stack, noLock), [
                `charts.lock.yaml: environments: there are no chart digests for ${stack}, whose profile requires them Fix: run npm run lock -- --stack ${stack} (after npm run publish-charts -- --stack ${stack}) and commit charts.lock.yaml`,
            ]);
        }
        assert.ok(load("dev", changedTree(noLock)).releases.every((r) => r.digest === undefined));
    });

    it("GIVEN digests read from another registry THEN that one problem, not one per release", () => {
        const moved = lockText().replace("registry: acrhelmplatformprod.azurecr.io", "registry: acrold.azurecr.io");
        const found = messages("prod", { "charts.lock.yaml": moved });
        assert.equal(found.length, 1, found.join("\n"));
        assert.match(
            found[0] as string,
            /^charts\.lock\.yaml:\d+: environments\.prod\.registry: the digests of prod were read from acrold\.azurecr\.io, not acrhelmplatformprod\.azurecr\.io Fix: run npm run lock -- --stack prod/,
        );
    });

    it("GIVEN a mirrored platform chart without a digest THEN the problem is at the lock, naming the chart", () => {
        const lock = parse(lockText()) as ChartLock;
        delete (lock.environments.prod as { charts: Record<string, unknown> }).charts["platform/kube-prometheus-stack"];
        const found = messages("prod", { "charts.lock.yaml": formatChartLock(lock) });
        assert.equal(found.length, 1, found.join("\n"));
        assert.match(
            found[0] as string,
            /^charts\.lock\.yaml:\d+: environments\.prod\.charts: the platform's chart platform\/kube-prometheus-stack 79\.5\.0 has no digest for prod Fix: run npm run lock -- --stack prod \(after npm run publish-charts -- --stack prod\)/,
        );
    });

    it("GIVEN a digest that is not one THEN the lock's own line says so", () => {
        const broken = lockText().replace(/2\.0\.3: sha256:[0-9a-f]+/, "2.0.3: latest");
        const found = messages("prod", { "charts.lock.yaml": broken });
        assert.equal(found.length, 1, found.join("\n"));
        assert.match(
            found[0] as string,
            /^charts\.lock\.yaml:\d+: environments\.prod\.charts\["fintech\/ledger"\]\["2\.0\.3"\]: must be a digest/,
        );
    });

    it("writes what it reads: the sample's lock is in the written form, keys sorted, environments in promotion order", () => {
        const lock = readChartLock(sampleTree(), [])?.lock as ChartLock;
        const written = formatChartLock(lock, ["dev", "uat", "prod"]);
        assert.ok(lockText().endsWith(written), "the committed file is what formatChartLock writes (after the sample's note)");
        assert.deepEqual(readChartLock(overlayTree(sampleTree(), { "charts.lock.yaml": written }), [])?.lock, lock);
        assert.deepEqual(Object.keys(lock.environments), ["dev", "uat", "prod"]);
    });
});
