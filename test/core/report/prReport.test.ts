import * as assert from "node:assert/strict";

import { allStacks } from "../../../core/load/stacks";
import { diffPlans, type PlanDiff } from "../../../core/report/diff";
import type { Plan } from "../../../core/report/planTypes";
import { mermaid, prReport } from "../../../core/report/prReport";
import { changedTree, sampleTree, stackOfTeam } from "../../helpers";
import { parseMermaidBlocks } from "../../support/mermaidSyntax";
import { planOf, samplePlanOf } from "../../support/plans";

const read = (file: string) => sampleTree().read(file) as string;

describe("pull-request report", () => {
    it("has a summary table, the changes, the findings and a Mermaid diagram per stack, and the chart versions across environments", async () => {
        const base = await samplePlanOf("dev");
        const after = await planOf(
            changedTree({ "tenants/retail.yaml": read("tenants/retail.yaml").replace("dev: 3.2.0", "dev: 3.3.0") }),
            "dev",
        );
        const report = prReport([{ stack: after.stack, plan: after, diff: diffPlans(base, after) }], {
            entries: [],
            environments: ["dev"],
        });
        assert.match(
            report,
            /^# helm-platform plan\n\n\| stack \| \| plan \| replaced or deleted \|\n\| --- \| --- \| --- \| --- \|\n\| dev \| ✓ \| planned \| none \|\n\n## dev\n\n\| \| total \| change \|/,
        );
        assert.match(report, /\| releases \(team \+ platform\) \| 5 \+ 3 \| \+0 −0, 1 re-versioned, 0 with changed values \|/);
        assert.match(report, /\| `weu\/retail\/retail-storefront` \| chart version \| `3\.2\.0` \| `3\.3\.0` \| \|/);
        assert.match(report, /\*\*warning\*\* `image-tag-pinned` `weu\/retail\/retail-catalog`/);
        assert.match(report, /```mermaid\nflowchart LR\n/);
    });

    it("draws clusters, namespaces and releases with safe ids, and collapses a crowded namespace", async () => {
        const plan = await samplePlanOf(stackOfTeam("prod", "fintech"));
        const diagram = mermaid(plan);
        assert.match(diagram, /subgraph c_weu\["prod \/ weu"\]/);
        assert.match(diagram, /ns_weu_fintech --> r_weu_fintech_payments_api\["fintech-payments-api 1\.4\.2"\]/);
        assert.equal((diagram.match(/subgraph/g) ?? []).length, (diagram.match(/^ {2}end$/gm) ?? []).length, "every subgraph is closed");
        for (const nodeId of diagram.matchAll(/^\s+([^\s[]+)\[/gm)) {
            assert.match(nodeId[1], /^[A-Za-z0-9_]+$/);
        }
        const crowded: Plan = { ...plan, releases: Array.from({ length: 30 }, (_, i) => ({ ...plan.releases[0], name: `team-app-${i}` })) };
        assert.match(mermaid(crowded), /\["30 releases"\]/);
    });

    it("renders: every Mermaid block of the report of all sample stacks parses with Mermaid's own parser", async () => {
        const stacks = [];
        for (const { name: stack } of allStacks(sampleTree())) {
            const plan = await samplePlanOf(stack);
            stacks.push({ stack, plan, diff: diffPlans(plan, plan) });
        }
        assert.deepEqual(stacks.map((s) => s.stack).sort(), ["dev", "prod", "prod.commerce", "prod.payments", "uat"]);
        const types = await parseMermaidBlocks(prReport(stacks));
        assert.deepEqual(
            types,
            stacks.map(() => "flowchart-v2"),
        );
    });

    describe("a large environment's diagram", () => {
        let sample: Plan;
        before(async () => {
            sample = await samplePlanOf(stackOfTeam("prod", "fintech"));
            assert.ok(sample.releases[0]);
        });
        /** `teams` teams of `apps` releases on each of `clusters` clusters. */
        const platform = (teams: number, apps: number, clusters: number): Plan => ({
            ...sample,
            releases: Array.from({ length: clusters * teams * apps }, (_, i) => {
                const team = `team-${Math.floor(i / apps) % teams}`;
                return {
                    ...sample.releases[0],
                    cluster: `c${Math.floor(i / (teams * apps))}`,
                    namespace: team,
                    name: `${team}-app-${i % apps}`,
                };
            }),
        });
        const withinMermaidLimits = async (diagram: string) => {
            assert.deepEqual(await parseMermaidBlocks(diagram), ["flowchart-v2"], "parses with Mermaid's default limit of 500 edges");
            assert.ok(diagram.length < 50_000, `${diagram.length} characters is over Mermaid's default maxTextSize`);
        };

        it("GIVEN 50 teams × 5 apps × 3 clusters THEN each namespace is one node with its count, and it renders", async () => {
            const diagram = mermaid(platform(50, 5, 3));
            await withinMermaidLimits(diagram);
            assert.equal((diagram.match(/\["team-\d+: 5 releases"\]/g) ?? []).length, 150);
            assert.doesNotMatch(diagram, /-->/);
        });

        it("GIVEN 2,000 teams THEN each cluster is one node with its counts, and it renders", async () => {
            const diagram = mermaid(platform(2000, 3, 2));
            await withinMermaidLimits(diagram);
            assert.match(diagram, /c_c0\["prod \/ c0: 2000 namespaces, 6000 releases"\]/);
        });

        it("GIVEN a few teams THEN every release is drawn under its namespace", async () => {
            const diagram = mermaid(platform(5, 4, 2));
            await withinMermaidLimits(diagram);
            assert.equal((diagram.match(/ --> /g) ?? []).length, 40);
        });
    });

    it("would catch a broken diagram: the parser rejects what GitHub could not draw", async () => {
        const broken = mermaid(await samplePlanOf("dev")).replace(/\n {2}end\n/, "\n");
        await assert.rejects(parseMermaidBlocks(broken), /Parse error/);
    });

    it("folds long sections so a 50-team platform stays readable", async () => {
        const plan = await samplePlanOf("dev");
        const many: PlanDiff = {
            stack: "dev",
            resources: { added: Array.from({ length: 40 }, (_, i) => `t::r${i}`), removed: [], changed: [] },
            destructive: [],
            releases: {
                added: [],
                removed: [],
                reversioned: Array.from({ length: 50 }, (_, i) => ({
                    cluster: "weu",
                    namespace: `t${i}`,
                    name: `t${i}-app`,
                    from: "1.0.0",
                    to: "1.1.0",
                })),
                values: [],
            },
        };
        const report = prReport([{ stack: plan.stack, plan, diff: many }]);
        assert.match(report, /<details><summary>Release changes \(50\)<\/summary>/);
        assert.match(report, /<details><summary>Resource changes \(40\)<\/summary>/);
    });
});
