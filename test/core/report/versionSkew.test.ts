import * as assert from "node:assert/strict";
import { allStacks } from "../../../core/load/stacks";
import { promotionOrder } from "../../../core/model/promotionOrder";
import type { Plan, PlanRelease } from "../../../core/report/planTypes";
import { formatVersionSkew, versionSkewOf } from "../../../core/report/versionSkew";
import { sampleTree } from "../../helpers";
import { planWith } from "../../support/planContract";
import { samplePlanRun } from "../../support/plans";

const release = (name: string, cluster: string, version: string): PlanRelease => ({
    cluster,
    namespace: "t",
    name,
    chart: "oci://x/c",
    version,
    values: {},
    sources: {},
});
const plan = (environment: string, releases: PlanRelease[], promotionFrom?: string): Plan =>
    planWith({ stack: environment, environment, promotionFrom, releases });

describe("chart versions across environments and clusters (version skew)", () => {
    it("flags two clusters of one environment that run different versions", () => {
        const plans = [
            plan("dev", [release("t-a", "weu", "1.1.0")]),
            plan("prod", [release("t-a", "weu", "1.0.0"), release("t-a", "neu", "1.1.0")], "dev"),
        ];
        const [entry] = versionSkewOf(plans);
        assert.deepEqual(entry, {
            release: "t-a",
            versions: { dev: { weu: "1.1.0" }, prod: { weu: "1.0.0", neu: "1.1.0" } },
            environmentsDiffer: true,
            clustersDiffer: ["prod"],
        });
        const markdown = formatVersionSkew([entry], promotionOrder(plans));
        assert.match(
            markdown,
            /\| `t-a` \| `1\.1\.0` \| \*\*`neu` `1\.1\.0`, `weu` `1\.0\.0`\*\* \| environments differ; clusters of prod differ \|/,
        );
    });

    it("GIVEN a release absent from an environment THEN its cell and its notes say so, rather than none", () => {
        const plans = [plan("dev", [release("t-a", "weu", "1.0.0")]), plan("uat", [], "dev"), plan("prod", [], "uat")];
        const markdown = formatVersionSkew(versionSkewOf(plans), promotionOrder(plans));
        assert.match(markdown, /\| `t-a` \| `1\.0\.0` \| not deployed \| not deployed \| not deployed in uat, prod \|/);
    });

    it("shows the sample's prod lagging uat and no clusters of one environment differing, over every stack of every environment", async () => {
        const plans: Plan[] = [];
        for (const stack of allStacks(sampleTree())) {
            plans.push((await samplePlanRun(stack.name)).plan as Plan);
        }
        assert.deepEqual(promotionOrder(plans), ["dev", "uat", "prod"]);
        const entries = versionSkewOf(plans);
        const ledger = entries.find((e) => e.release === "fintech-ledger");
        assert.deepEqual(ledger?.versions, { dev: { weu: "2.1.0" }, uat: { weu: "2.1.0" }, prod: { weu: "2.0.3", neu: "2.0.3" } });
        assert.equal(ledger?.environmentsDiffer, true);
        assert.deepEqual(
            entries.flatMap((e) => e.clustersDiffer),
            [],
        );
        assert.equal(entries.find((e) => e.release === "data-ingest-worker")?.environmentsDiffer, false);
    });
});
