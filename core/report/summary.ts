import { TYPE } from "../base/resourceTypes";
import { releasePath } from "../model/platform";
import { type AccessReport, accessVerdict, formatAccess } from "./access";
import { allReleases, type Plan, type PlanRelease, type PlanResource } from "./planTypes";

/** A readable summary of one stack's plan, for the terminal and CI logs. */
export function formatSummary(
    plan: Plan,
    access: AccessReport = { grants: [], installers: [], couldGrant: { checked: 0, admitted: [] } },
): string {
    const count = (type: string) => plan.resources.filter((r) => r.type === type).length;
    const isolation = [
        `${count(TYPE.resourceQuota)} quotas`,
        `${count(TYPE.networkPolicy)} network policies`,
        `${count(TYPE.roleBinding)} role bindings`,
    ];
    const namespaces = `Namespaces: ${count(TYPE.namespace)} (${isolation.join(", ")})`;
    return [
        `Stack ${plan.stack} (environment ${plan.environment}): ${plan.resources.length} resources, ${plan.releases.length} team releases`,
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

/** Clusters with their pools, the registry and its replicas, role assignments, protected resources. */
function azureLines(resources: readonly PlanResource[]): string[] {
    const lines = ["", "Clusters:"];
    for (const c of resources.filter((r) => r.type === TYPE.managedCluster)) {
        type Pool = { name: string; minCount: number; maxCount: number; availabilityZones?: string[] };
        const pools = ((c.inputs["agentPoolProfiles"] as Pool[] | undefined) ?? [])
            .map(
                (p) =>
                    `${p.name} ${p.minCount}-${p.maxCount}${p.availabilityZones?.length ? ` zones ${p.availabilityZones.join(",")}` : ""}`,
            )
            .join("; ");
        const sku = c.inputs["sku"] as { tier?: string } | undefined;
        lines.push(
            `  ${c.inputs["resourceName"]}  ${c.inputs["location"]}  k8s ${c.inputs["kubernetesVersion"] ?? "default"}  tier ${sku?.tier}  pools: ${pools}`,
        );
    }
    const registry = resources.find((r) => r.type === TYPE.registry);
    if (registry) {
        const replicas = resources.filter((r) => r.type === TYPE.replication).map((r) => r.inputs["location"]);
        const sku = registry.inputs["sku"] as { name?: string } | undefined;
        const replicated = replicas.length ? `, replicated to ${replicas.join(", ")}` : "";
        lines.push("", `Registry: ${registry.inputs["registryName"]} (${sku?.name})${replicated}`);
    }
    const assignments = resources.filter((r) => r.type === TYPE.roleAssignment);
    lines.push("", `Role assignments: ${assignments.length}`);
    for (const a of assignments) {
        lines.push(`  ${String(a.inputs["description"] ?? a.name).replace(/^helm-platform: /, "")} (principal ${a.inputs["principalId"]})`);
    }
    const protectedResources = resources.filter((r) => r.protect);
    lines.push("", `Protected from deletion: ${protectedResources.length ? protectedResources.map((r) => r.name).join(", ") : "none"}`);
    return lines;
}

/** Team releases, the monitoring stack and the platform's releases, each with `chart@version`. */
function releaseLines(plan: Plan, count: (type: string) => number): string[] {
    const width = Math.max(0, ...allReleases(plan).map((r) => releasePath(r).length));
    const list = (releases: readonly PlanRelease[]) => releases.map((r) => `  ${releasePath(r).padEnd(width)}  ${r.chart}@${r.version}`);
    const lines = ["", "Releases:", ...list(plan.releases), ...manifestLines(plan)];
    const stacks = count(TYPE.monitoringStack);
    if (stacks > 0) {
        const kinds = [TYPE.prometheusRule, TYPE.configMap, TYPE.serviceMonitor].map((t) => `${count(t)} ${t.split(":").pop()}`);
        lines.push(
            "",
            `Monitoring: on ${stacks} cluster(s), operator CRDs first, then kube-prometheus-stack; ${kinds.join(", ")} (dashboards are ConfigMaps)`,
        );
    }
    if (plan.platformReleases.length > 0) {
        lines.push("", "Platform releases:", ...list(plan.platformReleases));
    }
    return lines;
}

/** How many releases have rendered manifests, and why the others have none. */
function manifestLines(plan: Plan): string[] {
    const statuses = Object.values(plan.manifests ?? {});
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
        ...plan.findings.map((f) => `  ${f.level.toUpperCase()} [${f.rule}] ${f.where}: ${f.message}`),
    ];
}

function typeCounts(resources: readonly PlanResource[]): string[] {
    const byType = new Map<string, number>();
    for (const r of resources) {
        byType.set(r.type, (byType.get(r.type) ?? 0) + 1);
    }
    return [...byType.entries()].sort().map(([type, n]) => `  ${String(n).padStart(4)}  ${type}`);
}
