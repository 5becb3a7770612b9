import * as assert from "node:assert/strict";
import { TYPE } from "../../../core/base/resourceTypes";
import type { Plan } from "../../../core/report/planTypes";
import { narrowPlan } from "../../../core/report/selection";
import { formatSummary, poolLine } from "../../../core/report/summary";
import { samplePlanOf } from "../../support/plans";

/** The lines of a summary from `heading` up to the next empty line. */
function section(summary: string, heading: string): string[] {
    const lines = summary.split("\n");
    const start = lines.findIndex((l) => l.startsWith(heading));
    assert.ok(start >= 0, `no ${heading} in:\n${summary}`);
    const end = lines.indexOf("", start);
    return lines.slice(start, end < 0 ? undefined : end);
}

describe("the plan's summary (summary.txt)", function () {
    this.timeout(60_000);
    // Prod is sharded: the foundation holds the clusters, registry and monitoring; each shard its teams.
    let prod: Plan;
    let commerce: Plan;
    let payments: Plan;
    before(async () => {
        // One after the other: the Pulumi runtime holds one stack at a time.
        prod = await samplePlanOf("prod");
        commerce = await samplePlanOf("prod.commerce");
        payments = await samplePlanOf("prod.payments");
    });

    it("prints each pool with its node count, VM size and zones", () => {
        assert.deepEqual(section(formatSummary(prod), "Clusters:"), [
            "Clusters:",
            "  aks-prod-weu  westeurope  k8s 1.33  tier Standard",
            "    system: 3–5 nodes of Standard_D4ds_v5 in zones 1, 2, 3",
            "    user: 3–10 nodes of Standard_D8ds_v5 in zones 1, 2, 3",
            "  aks-prod-neu  northeurope  k8s 1.33  tier Standard",
            "    system: 3–5 nodes of Standard_D4ds_v5 in zones 1, 2, 3",
            "    user: 3–10 nodes of Standard_D8ds_v5 in zones 1, 2, 3",
        ]);
        assert.equal(poolLine({ name: "system", count: 1, vmSize: "Standard_D2ds_v5" }), "system: 1 node of Standard_D2ds_v5");
        assert.equal(poolLine({ name: "user", minCount: 2, maxCount: 2, availabilityZones: ["1"] }), "user: 2 nodes in zone 1");
    });

    it("names the cluster of each role assignment once, above its assignments, and the registry's apart", () => {
        const lines = section(formatSummary(prod), "Role assignments:");
        const assignments = prod.resources.filter((r) => r.type === TYPE.roleAssignment).length;
        assert.equal(lines[0], `Role assignments: ${assignments}`);
        const groups = lines.filter((l) => /^ {2}\S/.test(l));
        assert.deepEqual(groups, ["  outside the clusters:", "  weu:", "  neu:"]);
        const weu = lines.slice(lines.indexOf("  weu:") + 1, lines.indexOf("  neu:"));
        assert.equal(lines.length, 1 + groups.length + assignments, "each assignment on one line, under one heading");
        assert.ok(weu.some((l) => l.includes("Cluster Admin on aks-prod-weu")));
        assert.ok(!weu.some((l) => l.includes("aks-prod-neu")));
        assert.ok(
            lines.slice(1, lines.indexOf("  weu:")).every((l) => l === "  outside the clusters:" || l.includes("on the chart registry")),
        );
    });

    it("GIVEN a foundation THEN its empty release list says where the teams' releases are", () => {
        assert.match(formatSummary(prod), /^Releases:\n {2}no team release: the teams are in the shards' stacks$/m);
        assert.doesNotMatch(formatSummary(commerce), /no team release/);
    });

    it("counts in words a person reads: singular for one, no (s)", () => {
        assert.match(formatSummary(prod), /^Monitoring: on 2 clusters,/m);
        const summary = formatSummary(commerce);
        assert.match(summary, /^Stack prod\.commerce \(environment prod\): \d+ resources, 3 team releases$/m);
        assert.match(summary, /^Namespaces: 4 \(4 quotas, \d+ network policies, \d+ role bindings\)$/m);
        assert.doesNotMatch([summary, formatSummary(prod)].join("\n"), /\(s\)/);
        const one = narrowPlan(commerce, { team: "retail", cluster: "weu" });
        assert.match(formatSummary(one), /^Namespaces: 1 \(1 quota, \d+ network policies, \d+ role bindings?\)$/m);
        assert.match(formatSummary(one), /: \d+ resources, 1 team release$/m);
    });

    it("GIVEN --team THEN it shows that team only: no empty Clusters section, no other team's charts", () => {
        const manifests = Object.fromEntries(
            [...payments.releases, ...payments.platformReleases].map((r) => [
                `${r.cluster}/${r.namespace}/${r.name}`,
                `not rendered: chart ${r.chart.split("/").pop()}@${r.version} is not under charts/`,
            ]),
        );
        const summary = formatSummary(narrowPlan({ ...payments, manifests }, { team: "fintech" }));
        assert.doesNotMatch(summary, /Clusters:/);
        assert.doesNotMatch(summary, /Registry:/);
        assert.match(
            summary,
            /^Manifests: 0 rendered \(manifests\/\), 4 not rendered \(chart payments-api@1\.4\.2 is not under charts\/; chart ledger@2\.0\.3 is not under charts\/\)$/m,
        );
        assert.doesNotMatch(summary, /storefront|ingest-worker|kube-prometheus-stack/);
    });

    it("GIVEN a finding THEN the terminal names its file, line, key and fix under it, as report.md does", async () => {
        const dev = await samplePlanOf("dev");
        const lines = section(formatSummary(dev), "Findings:").slice(1);
        assert.ok(dev.findings.length > 0, "the sample's dev has a finding");
        assert.equal(lines.length, 2 * dev.findings.length, "each finding on two lines");
        for (const [i, f] of dev.findings.entries()) {
            assert.equal(lines[2 * i], `  ${f.level.toUpperCase()} [${f.rule}] ${f.where}: ${f.message}`);
            assert.equal(lines[2 * i + 1], `    at ${f.at.file}${f.at.line ? `:${f.at.line}` : ""}: ${f.at.path}: Fix: ${f.fix}`);
        }
        assert.ok(
            lines.some((l) => /^ {4}at tenants\/retail\/catalog\/values\.dev\.yaml:\d+: image\.tag: Fix: /.test(l)),
            lines.join("\n"),
        );
    });
});
