import * as assert from "node:assert/strict";
import { releasePath } from "../../core/model/stackModel";
import { objectsOf } from "../../core/report/manifestDiff";
import { chartNameOf, type Plan, type PlanRelease } from "../../core/report/planTypes";
import { maskSecrets } from "../../core/values/secrets";
import { renderManifests } from "../../plan/manifests";
import { helmBinary } from "../../scripts/tools";
import { loadEnvironment, ROOT, sampleTree } from "../helpers";

/** The team releases of one sample environment (all of its stacks) as the plan lists them (secrets masked), and nothing else. */
function teamReleases(environment: string) {
    const model = loadEnvironment(environment);
    const releases: PlanRelease[] = model.releases.map((r) => ({ ...r, values: maskSecrets(r.values) as PlanRelease["values"] }));
    return { model, plan: { releases, platformReleases: [] } as unknown as Plan };
}

describe("sample charts: every release of every sample stack", function () {
    this.timeout(60_000);
    before(async () => {
        await helmBinary();
    });

    for (const environment of ["dev", "uat", "prod"]) {
        it(`${environment}: renders with the real Helm from charts/<team>/<chart>/<version>/, a Deployment, Service and ServiceAccount in the team's namespace`, () => {
            const { model, plan } = teamReleases(environment);
            const rendered = renderManifests(plan, { root: ROOT, tree: sampleTree(), environment: model.environment });
            assert.ok(model.releases.length >= 4);
            for (const r of model.releases) {
                const result = rendered.get(releasePath(r));
                assert.ok(result && "manifest" in result, `${releasePath(r)}: ${JSON.stringify(result)}`);
                const objects = objectsOf(result.manifest, r.namespace);
                for (const kind of ["Deployment", "Service", "ServiceAccount"]) {
                    assert.ok(objects.has(`${kind} ${r.namespace}/${r.name}`), `${releasePath(r)} has no ${kind}: ${[...objects.keys()]}`);
                }
                const deployment = objects.get(`Deployment ${r.namespace}/${r.name}`) as {
                    metadata: { labels: Record<string, string> };
                    spec: { template: { spec: { containers: { image: string }[] } } };
                };
                assert.equal(deployment.metadata.labels["helm.sh/chart"], `${r.chartName}-${r.version}`);
                const image = deployment.spec.template.spec.containers[0]?.image ?? "";
                assert.ok(image.startsWith(`${model.environment.registry.loginServer}/${r.team}/`), `${releasePath(r)}: ${image}`);
            }
        });
    }

    it("GIVEN a chart version that is neither under charts/ nor in the chart cache THEN that release is not rendered, saying so", () => {
        const { model, plan } = teamReleases("dev");
        const [first] = plan.releases as [PlanRelease];
        const missing = { ...first, version: "9.9.9" };
        const rendered = renderManifests(
            { ...plan, releases: [missing] },
            { root: ROOT, tree: sampleTree(), environment: model.environment },
        );
        assert.deepEqual(rendered.get(releasePath(missing)), {
            notRendered: `chart ${chartNameOf(first)}@9.9.9 is not under charts/ nor in the chart cache`,
        });
    });
});
