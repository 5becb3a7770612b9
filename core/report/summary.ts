import { formatLocation } from "../base/problems";
import { TYPE } from "../base/resourceTypes";
import { counted } from "../base/words";
import { releasePath } from "../model/stackModel";
import { type AccessReport, accessVerdict, formatAccess } from "./access";
import { allReleases, clusterIdentifierOf, type Plan, type PlanRelease, type PlanResource, resourceKey } from "./planTypes";

/** A readable summary of one stack's plan, for the terminal and CI logs. */
export function formatSummary(
    plan: Plan,
    access: AccessReport = { grants: [], installers: [], couldGrant: { checked: 0, admitted: [] } },
): string {
    const count = (type: string) => plan.resources.filter((r) => r.type === type).length;
    const isolation = [
        counted(count(TYPE.resourceQuota), "quota"),
        counted(count(TYPE.networkPolicy), "network policy", "network policies"),
        counted(count(TYPE.roleBinding), "role binding"),
    ];
    const namespaces = `Namespaces: ${count(TYPE.namespace)} (${isolation.join(", ")})`;
    const size = `${counted(plan.resources.length, "resource")}, ${counted(plan.releases.length, "team release")}`;
    return [
        `Stack ${plan.stack} (environment ${plan.environment}): ${size}`,
        ...azureLines(plan.resources),
        "",
        namespaces,
        ...(access.grants.length > 0
            ? ["", `Access (cluster/namespace  role: holders; ${accessVerdict(access)}):`, ...formatAccess(access.grants)]
            : []),
        ...releaseLines(plan, count),
        ...governanceLines(plan),
        "",
        "Resources by type:",
        ...typeCounts(plan.resources),
    ].join("\n");
}

/** Clusters with their pools, the registry and its replicas, role assignments by cluster, protected resources. */
function azureLines(resources: readonly PlanResource[]): string[] {
    const clusters = resources.filter((r) => r.type === TYPE.managedCluster);
    const lines = clusters.length > 0 ? ["", "Clusters:"] : [];
    for (const c of clusters) {
        const sku = c.inputs["sku"] as { tier?: string } | undefined;
        lines.push(
            `  ${c.inputs["resourceName"]}  ${c.inputs["location"]}  k8s ${c.inputs["kubernetesVersion"] ?? "default"}  tier ${sku?.tier}`,
        );
        lines.push(...((c.inputs["agentPoolProfiles"] as Pool[] | undefined) ?? []).map((p) => `    ${poolLine(p)}`));
    }
    const registry = resources.find((r) => r.type === TYPE.registry);
    if (registry) {
        const replicas = resources.filter((r) => r.type === TYPE.replication).map((r) => r.inputs["location"]);
        const sku = registry.inputs["sku"] as { name?: string } | undefined;
        const replicated = replicas.length ? `, replicated to ${replicas.join(", ")}` : "";
        lines.push("", `Registry: ${registry.inputs["registryName"]} (${sku?.name})${replicated}`);
    }
    lines.push(...assignmentLines(resources));
    const protectedResources = resources.filter((r) => r.protect);
    lines.push("", `Protected from deletion: ${protectedResources.length ? protectedResources.map((r) => r.name).join(", ") : "none"}`);
    return lines;
}

type Pool = { name: string; vmSize?: string; count?: number; minCount?: number; maxCount?: number; availabilityZones?: string[] };

/** `system: 3–5 nodes of Standard_D4ds_v5 in zones 1, 2, 3`. */
export function poolLine(p: Pool): string {
    const [min, max] = [p.minCount ?? p.count, p.maxCount ?? p.count];
    const nodes = min === max ? counted(min ?? 0, "node") : `${min}–${max} nodes`;
    const zones = p.availabilityZones?.length
        ? ` in ${p.availabilityZones.length === 1 ? "zone" : "zones"} ${p.availabilityZones.join(", ")}`
        : "";
    return `${p.name}: ${nodes}${p.vmSize ? ` of ${p.vmSize}` : ""}${zones}`;
}

/** Role assignments grouped by the cluster they belong to; the registry's belong to none. */
function assignmentLines(resources: readonly PlanResource[]): string[] {
    const assignments = resources.filter((r) => r.type === TYPE.roleAssignment);
    if (assignments.length === 0) {
        return [];
    }
    const clusterOf = clustersByParent(resources);
    const groups = new Map<string, string[]>();
    for (const a of assignments) {
        const group = clusterOf(a) ?? "outside the clusters";
        const line = `${String(a.inputs["description"] ?? a.name).replace(/^helm-platform: /, "")} (principal ${a.inputs["principalId"]})`;
        groups.set(group, [...(groups.get(group) ?? []), line]);
    }
    return [
        "",
        `Role assignments: ${assignments.length}`,
        ...[...groups].flatMap(([group, lines]) => [`  ${group}:`, ...lines.map((l) => `    ${l}`)]),
    ];
}

/**
 * The cluster of a resource by its component: the nearest parent one of whose children reaches a
 * cluster (a Kubernetes provider, or an object deployed through one). The platform itself reaches all.
 */
function clustersByParent(resources: readonly PlanResource[]): (r: PlanResource) => string | undefined {
    const byKey = new Map(resources.map((r) => [resourceKey(r.type, r.name), r]));
    const clusterOfParent = new Map<string, string>();
    for (const r of resources) {
        const id = r.type === "pulumi:providers:kubernetes" ? r.inputs["clusterIdentifier"] : clusterIdentifierOf(byKey, r);
        if (r.parent && typeof id === "string") {
            clusterOfParent.set(r.parent, id.split("/").pop() as string);
        }
    }
    return (r) => {
        for (let key = r.parent; key && byKey.get(key)?.type !== "helm-platform:index:Platform"; key = byKey.get(key)?.parent ?? null) {
            const cluster = clusterOfParent.get(key);
            if (cluster) {
                return cluster;
            }
        }
        return undefined;
    };
}

/** Team releases, the monitoring stack and the platform's releases, each with `chart@version`. */
function releaseLines(plan: Plan, count: (type: string) => number): string[] {
    const width = Math.max(0, ...allReleases(plan).map((r) => releasePath(r).length));
    const list = (releases: readonly PlanRelease[]) => releases.map((r) => `  ${releasePath(r).padEnd(width)}  ${r.chart}@${r.version}`);
    // A foundation installs no team release: its teams' are in its shards' plans.
    const none = plan.releases.length === 0 && plan.kind === "foundation" ? ["  no team release: the teams are in the shards' stacks"] : [];
    const lines = ["", "Releases:", ...list(plan.releases), ...none, ...manifestLines(plan)];
    const stacks = count(TYPE.monitoringStack);
    if (stacks > 0) {
        const kinds = [TYPE.prometheusRule, TYPE.configMap, TYPE.serviceMonitor].map((t) => `${count(t)} ${t.split(":").pop()}`);
        lines.push(
            "",
            `Monitoring: on ${counted(stacks, "cluster")}, operator CRDs first, then kube-prometheus-stack; ${kinds.join(", ")} (dashboards are ConfigMaps)`,
        );
    }
    if (plan.platformReleases.length > 0) {
        lines.push("", "Platform releases:", ...list(plan.platformReleases));
    }
    return lines;
}

/** How many of the plan's releases have rendered manifests, and why the others have none. */
function manifestLines(plan: Plan): string[] {
    const statuses = allReleases(plan).flatMap((r) => plan.manifests?.[releasePath(r)] ?? []);
    if (statuses.length === 0) {
        return [];
    }
    const rendered = statuses.filter((s) => s === "rendered").length;
    const reasons = [...new Set(statuses.filter((s) => s !== "rendered").map((s) => s.replace(/^not rendered: /, "")))];
    const shown = reasons.slice(0, 4).join("; ") + (reasons.length > 4 ? `; and ${reasons.length - 4} more` : "");
    return [
        `Manifests: ${rendered} rendered (manifests/), ${statuses.length - rendered} not rendered${reasons.length ? ` (${shown})` : ""}`,
    ];
}

function governanceLines(plan: Plan): string[] {
    const waived = plan.governance.waived.map((w) => `${w.rule} (${w.reason})`).join("; ");
    return [
        "",
        `Governance: ${plan.governance.level}${waived ? `; switched off here: ${waived}` : ""}`,
        plan.findings.length === 0 ? "Findings: none" : "Findings:",
        ...plan.findings.map(
            (f) => `  ${f.level.toUpperCase()} [${f.rule}] ${f.where}: ${f.message}\n    at ${formatLocation(f.at)} Fix: ${f.fix}`,
        ),
    ];
}

function typeCounts(resources: readonly PlanResource[]): string[] {
    const byType = new Map<string, number>();
    for (const r of resources) {
        byType.set(r.type, (byType.get(r.type) ?? 0) + 1);
    }
    return [...byType.entries()].sort().map(([type, n]) => `  ${String(n).padStart(4)}  ${type}`);
}
