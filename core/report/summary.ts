import { type AccessReport, accessVerdict, formatAccess } from "./access";
import { allReleases, type Plan, type PlanRelease } from "./planTypes";

/** A readable summary of one stack's plan, for the terminal and CI logs. */
export function formatSummary(plan: Plan, access: AccessReport = { grants: [], installers: [] }): string {
    const lines: string[] = [];
    const count = (type: string) => plan.resources.filter((r) => r.type === type).length;
    const byType = new Map<string, number>();
    for (const r of plan.resources) {
        byType.set(r.type, (byType.get(r.type) ?? 0) + 1);
    }
    lines.push(
        `Stack ${plan.stack} (environment ${plan.environment}): ${plan.resources.length} resources, ${plan.releases.length} team releases`,
    );
    const clusters = plan.resources.filter((r) => r.type === "azure-native:containerservice:ManagedCluster");
    lines.push("", "Clusters:");
    for (const c of clusters) {
        const pools =
            (c.inputs["agentPoolProfiles"] as
                | { name: string; minCount: number; maxCount: number; availabilityZones: string[] }[]
                | undefined) ?? [];
        const poolText = pools
            .map(
                (p) =>
                    `${p.name} ${p.minCount}-${p.maxCount}${p.availabilityZones?.length ? ` zones ${p.availabilityZones.join(",")}` : ""}`,
            )
            .join("; ");
        const sku = c.inputs["sku"] as { tier?: string } | undefined;
        lines.push(
            `  ${c.inputs["resourceName"]}  ${c.inputs["location"]}  k8s ${c.inputs["kubernetesVersion"] ?? "default"}  tier ${sku?.tier}  pools: ${poolText}`,
        );
    }
    const registry = plan.resources.find((r) => r.type === "azure-native:containerregistry:Registry");
    if (registry) {
        const replicas = plan.resources
            .filter((r) => r.type === "azure-native:containerregistry:Replication")
            .map((r) => r.inputs["location"]);
        const sku = registry.inputs["sku"] as { name?: string } | undefined;
        lines.push(
            "",
            `Registry: ${registry.inputs["registryName"]} (${sku?.name})${replicas.length ? `, replicated to ${replicas.join(", ")}` : ""}`,
        );
    }
    const assignments = plan.resources.filter((r) => r.type === "azure-native:authorization:RoleAssignment");
    lines.push("", `Role assignments: ${assignments.length}`);
    for (const a of assignments) {
        lines.push(`  ${String(a.inputs["description"] ?? a.name).replace(/^helm-platform: /, "")} (principal ${a.inputs["principalId"]})`);
    }
    const protectedResources = plan.resources.filter((r) => r.protect);
    lines.push("", `Protected from deletion: ${protectedResources.length ? protectedResources.map((r) => r.name).join(", ") : "none"}`);
    const namespaces = plan.resources.filter((r) => r.type === "kubernetes:core/v1:Namespace");
    lines.push(
        "",
        `Namespaces: ${namespaces.length} (${count("kubernetes:core/v1:ResourceQuota")} quotas, ${count("kubernetes:networking.k8s.io/v1:NetworkPolicy")} network policies, ${count("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding")} role bindings)`,
    );
    if (access.grants.length > 0) {
        lines.push("", `Access (cluster/namespace  role: holders; ${accessVerdict(access)}):`, ...formatAccess(access.grants));
    }
    const width = Math.max(0, ...allReleases(plan).map((r) => `${r.cluster}/${r.namespace}/${r.name}`.length));
    const releaseLines = (list: readonly PlanRelease[]) =>
        list.map((r) => `  ${`${r.cluster}/${r.namespace}/${r.name}`.padEnd(width)}  ${r.chart}@${r.version}`);
    lines.push("", "Releases:", ...releaseLines(plan.releases));
    const monitoringKinds = [
        "kubernetes:monitoring.coreos.com/v1:PrometheusRule",
        "kubernetes:core/v1:ConfigMap",
        "kubernetes:monitoring.coreos.com/v1:ServiceMonitor",
    ].map((t) => `${count(t)} ${t.split(":").pop()}`);
    if (count("helm-platform:monitoring:MonitoringStack") > 0) {
        lines.push(
            "",
            `Monitoring: on ${count("helm-platform:monitoring:MonitoringStack")} cluster(s), operator CRDs first, then kube-prometheus-stack; ${monitoringKinds.join(", ")} (dashboards are ConfigMaps)`,
        );
    }
    if (plan.platformReleases.length > 0) {
        lines.push("", "Platform releases:", ...releaseLines(plan.platformReleases));
    }
    lines.push(
        "",
        `Governance: ${plan.governance.level}${plan.governance.waived.length ? `; switched off here: ${plan.governance.waived.map((w) => `${w.rule} (${w.reason})`).join("; ")}` : ""}`,
    );
    lines.push(plan.findings.length === 0 ? "Findings: none" : "Findings:");
    for (const f of plan.findings) {
        lines.push(`  ${f.level.toUpperCase()} [${f.rule}] ${f.where}: ${f.message}`);
    }
    lines.push("", "Resources by type:");
    for (const [type, n] of [...byType.entries()].sort()) {
        lines.push(`  ${String(n).padStart(4)}  ${type}`);
    }
    return lines.join("\n");
}
