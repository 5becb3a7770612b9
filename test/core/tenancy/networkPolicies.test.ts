import * as assert from "node:assert/strict";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import type { TeamSpec } from "../../../core/model/stackModel";
import { networkPolicies } from "../../../core/tenancy/networkPolicies";

type Isolation = Parameters<typeof networkPolicies>[0];
/** A tenant that allows nothing beyond what every tenant gets. */
const CLOSED: Isolation = { egress: [], ingressFrom: [] };
const tcp = (port: number) => ({ port, protocol: "TCP" as const });
const byName = (namespace: string) => ({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": namespace } } });
const named = (tenant: Isolation, name: string) => networkPolicies(tenant).find((p) => p.name === name)?.spec;

const EGRESS: TeamSpec["egress"] = [
    { description: "the payment provider", cidr: "203.0.113.0/24", ports: [tcp(443)] },
    { description: "retail's API", team: "retail", namespace: "shop", ports: [tcp(8080), { port: 53, protocol: "UDP" }] },
];

describe("a tenant's network policies (core/tenancy/networkPolicies)", () => {
    it("GIVEN a tenant that allows nothing THEN default deny both ways, its own namespace and DNS only", () => {
        assert.deepEqual(networkPolicies(CLOSED), [
            { name: "default-deny", spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } },
            {
                name: "allow-same-namespace",
                spec: {
                    podSelector: {},
                    policyTypes: ["Ingress", "Egress"],
                    ingress: [{ from: [{ podSelector: {} }] }],
                    egress: [{ to: [{ podSelector: {} }] }],
                },
            },
            {
                name: "allow-dns",
                spec: {
                    podSelector: {},
                    policyTypes: ["Egress"],
                    egress: [
                        {
                            to: [{ ...byName("kube-system"), podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
                            ports: [
                                { protocol: "UDP", port: 53 },
                                { protocol: "TCP", port: 53 },
                            ],
                        },
                    ],
                },
            },
        ]);
    });

    it("GIVEN monitoring and metrics ports THEN Prometheus's own pods may scrape those ports only, by name", () => {
        assert.deepEqual(
            named({ ...CLOSED, monitoringNamespace: "monitoring", metricsPorts: ["metrics", "http-metrics"] }, "allow-monitoring-scrape"),
            {
                podSelector: {},
                policyTypes: ["Ingress"],
                ingress: [
                    {
                        from: [
                            {
                                ...byName("monitoring"),
                                podSelector: {
                                    matchLabels: { "app.kubernetes.io/name": "prometheus", prometheus: "kube-prometheus-stack-prometheus" },
                                },
                            },
                        ],
                        ports: [
                            { protocol: "TCP", port: "metrics" },
                            { protocol: "TCP", port: "http-metrics" },
                        ],
                    },
                ],
            },
        );
    });

    it("GIVEN monitoring without metrics ports, or metrics ports without monitoring THEN nothing may scrape", () => {
        // An ingress rule without ports would admit every port: no policy at all is the closed one.
        assert.equal(named({ ...CLOSED, monitoringNamespace: "monitoring", metricsPorts: [] }, "allow-monitoring-scrape"), undefined);
        assert.equal(named({ ...CLOSED, monitoringNamespace: "monitoring" }, "allow-monitoring-scrape"), undefined);
        assert.equal(named({ ...CLOSED, metricsPorts: ["metrics"] }, "allow-monitoring-scrape"), undefined);
    });

    it("GIVEN an ingress controller namespace THEN its pods may reach every pod of the tenant", () => {
        assert.deepEqual(named({ ...CLOSED, ingressNamespace: "ingress-nginx" }, "allow-ingress-controller"), {
            podSelector: {},
            policyTypes: ["Ingress"],
            ingress: [{ from: [byName("ingress-nginx")] }],
        });
        assert.equal(named(CLOSED, "allow-ingress-controller"), undefined);
    });

    it("GIVEN another team admitted THEN one policy per team, from its namespace on its ports only", () => {
        const ingressFrom: TeamSpec["ingressFrom"] = [
            { description: "checkout calls payments", team: "retail", namespace: "shop", ports: [tcp(8080)] },
            { description: "reports", team: "data", namespace: "data", ports: [tcp(9000), tcp(9001)] },
        ];
        const policies = networkPolicies({ ...CLOSED, ingressFrom });
        assert.deepEqual(
            policies.slice(3).map((p) => [p.name, p.spec["ingress"]]),
            [
                ["allow-from-retail", [{ from: [byName("shop")], ports: [{ protocol: "TCP", port: 8080 }] }]],
                [
                    "allow-from-data",
                    [
                        {
                            from: [byName("data")],
                            ports: [
                                { protocol: "TCP", port: 9000 },
                                { protocol: "TCP", port: 9001 },
                            ],
                        },
                    ],
                ],
            ],
        );
    });

    it("GIVEN egress allowances THEN one numbered policy each, to an address range or a team's namespace, on its ports only", () => {
        const policies = networkPolicies({ ...CLOSED, egress: EGRESS });
        assert.deepEqual(
            policies.slice(3).map((p) => [p.name, p.spec["policyTypes"], p.spec["egress"]]),
            [
                [
                    "allow-egress-1",
                    ["Egress"],
                    [{ to: [{ ipBlock: { cidr: "203.0.113.0/24" } }], ports: [{ protocol: "TCP", port: 443 }] }],
                ],
                [
                    "allow-egress-2",
                    ["Egress"],
                    [
                        {
                            to: [byName("shop")],
                            ports: [
                                { protocol: "TCP", port: 8080 },
                                { protocol: "UDP", port: 53 },
                            ],
                        },
                    ],
                ],
            ],
        );
    });

    it("GIVEN every allowance at once THEN each name is unique and every policy is a valid NetworkPolicy", () => {
        const policies = networkPolicies({
            monitoringNamespace: "monitoring",
            metricsPorts: ["metrics"],
            ingressNamespace: "ingress-nginx",
            ingressFrom: [{ description: "d", team: "retail", namespace: "shop", ports: [tcp(80)] }],
            egress: EGRESS,
        });
        assert.equal(policies.length, 8);
        assert.equal(new Set(policies.map((p) => p.name)).size, policies.length);
        for (const p of policies) {
            const object = {
                apiVersion: "networking.k8s.io/v1",
                kind: "NetworkPolicy",
                metadata: { name: p.name, namespace: "x" },
                spec: p.spec,
            };
            assert.doesNotThrow(() => new NetworkPolicy(object as never).validate(), p.name);
        }
    });

    it("GIVEN a peer namespace THEN it is selected by its immutable name label, never by a label its team could set", () => {
        const policies = networkPolicies({ ...CLOSED, ingressNamespace: "ingress-nginx", egress: EGRESS });
        const selectors: unknown[] = [];
        JSON.stringify(policies, (key, value) => {
            if (key === "namespaceSelector") {
                selectors.push(value);
            }
            return value;
        });
        assert.ok(selectors.length >= 3, JSON.stringify(selectors));
        for (const s of selectors) {
            assert.deepEqual(Object.keys((s as { matchLabels: object }).matchLabels), ["kubernetes.io/metadata.name"], JSON.stringify(s));
            assert.deepEqual(Object.keys(s as object), ["matchLabels"], "no matchExpressions beside it");
        }
    });
});
