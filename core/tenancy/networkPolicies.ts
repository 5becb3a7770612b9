import { PROMETHEUS_POD_LABELS } from "../base/constants";
import type { PortSpec, TeamSpec } from "../model/stackModel";

const byName = (ns: string) => ({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": ns } } });
const portsOf = (ports: readonly PortSpec[]) => ports.map((p) => ({ protocol: p.protocol, port: p.port }));

/**
 * Default deny in both directions, then the allowances every tenant needs, then the team's own.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/#NetworkPolicySpec (ports[].port: "a named port on a pod")
 * Policies are additive in Kubernetes: each allowance is its own object, named for what it allows.
 * Peers are other namespaces by their immutable `kubernetes.io/metadata.name` label, never by a label a
 * team could set on its own namespace.
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export function networkPolicies(
    tenant: Pick<TeamSpec, "metricsPorts" | "monitoringNamespace" | "ingressNamespace" | "ingressFrom" | "egress">,
): { name: string; spec: Record<string, unknown> }[] {
    const all = { podSelector: {} };
    const policies: { name: string; spec: Record<string, unknown> }[] = [
        { name: "default-deny", spec: { ...all, policyTypes: ["Ingress", "Egress"] } },
        {
            name: "allow-same-namespace",
            spec: {
                ...all,
                policyTypes: ["Ingress", "Egress"],
                ingress: [{ from: [{ podSelector: {} }] }],
                egress: [{ to: [{ podSelector: {} }] }],
            },
        },
        {
            name: "allow-dns",
            spec: {
                ...all,
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
    ];
    const metricsPorts = tenant.metricsPorts ?? [];
    if (tenant.monitoringNamespace && metricsPorts.length > 0) {
        // Prometheus's own pods only, on the team's declared metrics ports only: a monitor of the team
        // cannot turn Prometheus against the team's other ports. A named port in a NetworkPolicy is a
        // container port's name (not a Service port's), so the chart names its container port as its
        // Service port, the common convention (`name: metrics` on both).
        const prometheus = { ...byName(tenant.monitoringNamespace), podSelector: { matchLabels: { ...PROMETHEUS_POD_LABELS } } };
        const ports = metricsPorts.map((port) => ({ protocol: "TCP", port }));
        policies.push({
            name: "allow-monitoring-scrape",
            spec: { ...all, policyTypes: ["Ingress"], ingress: [{ from: [prometheus], ports }] },
        });
    }
    if (tenant.ingressNamespace) {
        policies.push({
            name: "allow-ingress-controller",
            spec: { ...all, policyTypes: ["Ingress"], ingress: [{ from: [byName(tenant.ingressNamespace)] }] },
        });
    }
    for (const rule of tenant.ingressFrom) {
        policies.push({
            name: `allow-from-${rule.team}`,
            spec: { ...all, policyTypes: ["Ingress"], ingress: [{ from: [byName(rule.namespace)], ports: portsOf(rule.ports) }] },
        });
    }
    tenant.egress.forEach((rule, i) => {
        const peer = "cidr" in rule ? { ipBlock: { cidr: rule.cidr } } : byName(rule.namespace);
        policies.push({
            name: `allow-egress-${i + 1}`,
            spec: { ...all, policyTypes: ["Egress"], egress: [{ to: [peer], ports: portsOf(rule.ports) }] },
        });
    });
    return policies;
}
