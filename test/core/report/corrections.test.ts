import * as assert from "node:assert/strict";
import { CORRECTABLE, correctionsOf } from "../../../core/report/corrections";
import type { DriftKind, LiveDrift } from "../../../core/report/liveDrift";
import type { Plan } from "../../../core/report/planTypes";
import { planWith, planResource as resource } from "../../support/planContract";

/** A stack deploying `team`'s `app` in `namespace` on each cluster: Platform → Team → HelmRelease → the Helm release, through the team's provider. */
function stackPlan(stack: string, team: string, namespace: string, app: string, clusters: readonly string[]): Plan {
    const platform = resource("helm-platform:index:Platform", stack, null);
    const resources = clusters.flatMap((cluster) => {
        const prefix = `${stack}-${cluster}-${team}`;
        const component = `helm-platform:tenant:Team::${prefix}`;
        return [
            resource("helm-platform:tenant:Team", prefix, `helm-platform:index:Platform::${stack}`),
            resource("pulumi:providers:kubernetes", `${prefix}-installer`, component, { clusterIdentifier: `prod/${cluster}` }),
            resource("helm-platform:release:HelmRelease", `${prefix}-${app}`, component),
            resource(
                "kubernetes:helm.sh/v3:Release",
                `${prefix}-${app}-release`,
                `helm-platform:release:HelmRelease::${prefix}-${app}`,
                { name: `${team}-${app}`, namespace },
                `pulumi:providers:kubernetes::${prefix}-installer`,
            ),
        ];
    });
    return planWith({ stack, resources: [platform, ...resources] });
}

const PAYMENTS = stackPlan("prod.payments", "fintech", "fintech", "api", ["weu", "neu"]);
const COMMERCE = stackPlan("prod.commerce", "retail", "shop", "shop", ["weu"]);
const drift = (kind: DriftKind, cluster: string, namespace?: string, release?: string): LiveDrift => ({
    kind,
    cluster,
    namespace,
    release,
    detail: `${kind} on ${cluster}`,
});
const urn = (stack: string, cluster: string, team: string, app: string) =>
    `urn:pulumi:${stack}::helm-platform::helm-platform:index:Platform$helm-platform:tenant:Team$helm-platform:release:HelmRelease$kubernetes:helm.sh/v3:Release::${stack}-${cluster}-${team}-${app}-release`;

describe("what re-applying from main corrects (core/report/corrections)", () => {
    it("GIVEN changed values on one cluster THEN one correction: the release there, its stack, and its Helm release's URN", () => {
        assert.deepEqual(correctionsOf([PAYMENTS, COMMERCE], [drift("values", "neu", "fintech", "fintech-api")]), [
            {
                cluster: "neu",
                namespace: "fintech",
                release: "fintech-api",
                kinds: ["values"],
                stack: "prod.payments",
                urn: urn("prod.payments", "neu", "fintech", "api"),
            },
        ]);
    });

    it("GIVEN releases of several shards THEN each correction names the shard that deploys the release", () => {
        const found = correctionsOf(
            [PAYMENTS, COMMERCE],
            [drift("missing", "weu", "shop", "retail-shop"), drift("version", "weu", "fintech", "fintech-api")],
        );
        assert.deepEqual(
            found.map((c) => [c.release, c.stack, c.urn]),
            [
                ["fintech-api", "prod.payments", urn("prod.payments", "weu", "fintech", "api")],
                ["retail-shop", "prod.commerce", urn("prod.commerce", "weu", "retail", "shop")],
            ],
        );
    });

    it("GIVEN several drifts of one release on one cluster THEN one correction with every kind, in the order found", () => {
        const found = correctionsOf(
            [PAYMENTS],
            [drift("version", "weu", "fintech", "fintech-api"), drift("values", "weu", "fintech", "fintech-api")],
        );
        assert.deepEqual(
            found.map((c) => [c.cluster, c.kinds]),
            [["weu", ["version", "values"]]],
        );
    });

    it("GIVEN drift that re-applying does not correct THEN no correction: failed and pending are recover's, extra only reported", () => {
        const uncorrectable: DriftKind[] = ["failed", "pending", "extra", "unreachable"];
        const drifts = uncorrectable.map((k) => drift(k, "weu", "fintech", "fintech-api"));
        assert.deepEqual(correctionsOf([PAYMENTS], drifts), []);
    });

    it("GIVEN each kind re-applying corrects THEN a correction of that kind", () => {
        assert.ok(CORRECTABLE.length > 0);
        for (const kind of CORRECTABLE) {
            assert.deepEqual(
                correctionsOf([PAYMENTS], [drift(kind, "weu", "fintech", "fintech-api")]).map((c) => c.kinds),
                [[kind]],
                kind,
            );
        }
    });

    it("GIVEN drift of a whole cluster, without a release THEN no correction", () => {
        assert.deepEqual(correctionsOf([PAYMENTS], [drift("values", "weu"), drift("values", "weu", "fintech")]), []);
    });

    it("GIVEN a release no plan deploys, or one on a cluster where it is not planned THEN no correction", () => {
        assert.deepEqual(
            correctionsOf(
                [PAYMENTS, COMMERCE],
                [
                    drift("values", "weu", "fintech", "fintech-other"),
                    drift("values", "neu", "shop", "retail-shop"),
                    drift("values", "weu", "shop", "fintech-api"),
                ],
            ),
            [],
        );
        assert.deepEqual(correctionsOf([], [drift("values", "weu", "fintech", "fintech-api")]), []);
    });

    it("GIVEN corrections found in any order THEN they are sorted by cluster, namespace and release", () => {
        const found = correctionsOf(
            [PAYMENTS, COMMERCE],
            [
                drift("values", "weu", "shop", "retail-shop"),
                drift("values", "weu", "fintech", "fintech-api"),
                drift("values", "neu", "fintech", "fintech-api"),
            ],
        );
        assert.deepEqual(
            found.map((c) => `${c.cluster}/${c.namespace}/${c.release}`),
            ["neu/fintech/fintech-api", "weu/fintech/fintech-api", "weu/shop/retail-shop"],
        );
    });
});
