import * as assert from "node:assert/strict";
import {
    allReleases,
    chartNameOf,
    clusterIdentifierOf,
    type PlanRelease,
    type PlanResource,
    resourceKey,
} from "../../../core/report/planTypes";

const release = (name: string, chart = "oci://acr.example/helm-charts/fintech/payments-api"): PlanRelease => ({
    cluster: "weu",
    namespace: "fintech",
    name,
    chart,
    version: "1.0.0",
    values: {},
    sources: {},
});
const resource = (type: string, name: string, more: Partial<PlanResource> = {}): PlanResource => ({
    type,
    name,
    parent: null,
    dependsOn: [],
    protect: false,
    inputs: {},
    ...more,
});

describe("helpers that read plan.json (core/report/planTypes)", () => {
    it("GIVEN team and platform releases THEN all of them, the team's first, each once", () => {
        const plan = { releases: [release("a"), release("b")], platformReleases: [release("kube-prometheus-stack")] };
        assert.deepEqual(
            allReleases(plan).map((r) => r.name),
            ["a", "b", "kube-prometheus-stack"],
        );
        assert.deepEqual(allReleases({ releases: [], platformReleases: [] }), []);
    });

    it("GIVEN a type and a name THEN the key `resources` and parents use: <type>::<name>", () => {
        assert.equal(
            resourceKey("kubernetes:core/v1:Namespace", "prod-weu-fintech-ns"),
            "kubernetes:core/v1:Namespace::prod-weu-fintech-ns",
        );
    });

    it("GIVEN an OCI reference or a repository's chart name THEN the chart's name as Helm names it", () => {
        const cases: [string, string][] = [
            ["oci://acr.example/helm-charts/fintech/payments-api", "payments-api"],
            ["oci://acr.example/helm-charts/platform/kube-prometheus-stack", "kube-prometheus-stack"],
            ["kube-prometheus-stack", "kube-prometheus-stack"],
        ];
        for (const [chart, name] of cases) {
            assert.equal(chartNameOf({ chart }), name, chart);
        }
    });

    describe("the cluster a resource is registered on", () => {
        const provider = resource("pulumi:providers:kubernetes", "prod-weu-k8s", { inputs: { clusterIdentifier: "prod/weu" } });
        const byKey = new Map([provider].map((r) => [resourceKey(r.type, r.name), r]));

        it("GIVEN a resource with a Kubernetes provider THEN the provider's cluster identifier", () => {
            const ns = resource("kubernetes:core/v1:Namespace", "ns", { provider: "pulumi:providers:kubernetes::prod-weu-k8s" });
            assert.equal(clusterIdentifierOf(byKey, ns), "prod/weu");
        });

        it("GIVEN no provider, a provider the plan lacks, or one without an identifier THEN none", () => {
            assert.equal(clusterIdentifierOf(byKey, resource("helm-platform:tenant:Team", "t")), undefined);
            assert.equal(clusterIdentifierOf(byKey, resource("x", "y", { provider: "pulumi:providers:kubernetes::gone" })), undefined);
            assert.equal(clusterIdentifierOf(new Map([["p::q", resource("p", "q")]]), resource("x", "y", { provider: "p::q" })), undefined);
        });

        it("GIVEN a provider whose identifier is not a string THEN none", () => {
            const odd = resource("pulumi:providers:kubernetes", "odd", { inputs: { clusterIdentifier: { env: "prod" } } });
            const map = new Map([[resourceKey(odd.type, odd.name), odd]]);
            assert.equal(clusterIdentifierOf(map, resource("x", "y", { provider: resourceKey(odd.type, odd.name) })), undefined);
        });
    });
});
