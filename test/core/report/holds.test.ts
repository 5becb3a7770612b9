import * as assert from "node:assert/strict";
import { BREAK_GLASS_LABEL, breakGlassBranch, deployWithHolds, holdsOf, type OpenPullRequest } from "../../../core/report/holds";
import type { Plan } from "../../../core/report/planTypes";
import { targetCommands } from "../../../core/report/selection";
import { stackOfTeam } from "../../helpers";
import { samplePlanOf } from "../../support/plans";

const pull = (headRefName: string, extra: Partial<OpenPullRequest> = {}): OpenPullRequest => ({
    number: 12,
    url: "https://github.com/contoso/helm-platform/pull/12",
    headRefName,
    isCrossRepository: false,
    labels: [{ name: BREAK_GLASS_LABEL }],
    ...extra,
});

describe("releases held by an open break-glass pull request", function () {
    this.timeout(60_000);
    /** The deploys of prod's shards: fintech's (which holds the held release) and retail's. */
    const fintechStack = stackOfTeam("prod", "fintech");
    let plan: Plan;
    let retailPlan: Plan;
    before(async () => {
        plan = await samplePlanOf(fintechStack);
        retailPlan = await samplePlanOf(stackOfTeam("prod", "retail"));
    });
    const held = [{ release: "fintech-payments-api", pullRequest: 12, url: "https://github.com/contoso/helm-platform/pull/12" }];

    it("are read from the repository's own labelled pull requests on the stack's break-glass branches, and nothing else", () => {
        const pulls = [
            pull(breakGlassBranch("prod", "fintech-payments-api", "991")),
            pull(breakGlassBranch("uat", "retail-storefront", "992")),
            pull(breakGlassBranch("prod", "retail-catalog", "993"), { isCrossRepository: true }),
            pull(breakGlassBranch("prod", "data-ingest-worker", "994"), { labels: [] }),
            pull("feature/break-glass"),
        ];
        assert.deepEqual(holdsOf(pulls, "prod"), held);
    });

    it("GIVEN a whole-stack deploy THEN it excludes the held release's component and monitor on every cluster, and targets nothing", () => {
        const deploy = deployWithHolds(plan, held, [], { targetDependents: true, dropHeld: false });
        assert.ok(!("refused" in deploy));
        assert.deepEqual(deploy.targets, []);
        assert.deepEqual(deploy.exclude, targetCommands(plan, { release: "fintech-payments-api" }).urns);
        assert.equal(deploy.exclude.length, 4);
    });

    it("GIVEN a deploy of the held release's team THEN it is refused, naming the pull request", () => {
        const team = targetCommands(plan, { team: "fintech", cluster: "neu" }).urns;
        const deploy = deployWithHolds(plan, held, team, { targetDependents: true, dropHeld: false });
        assert.ok("refused" in deploy);
        assert.equal(
            deploy.refused,
            "fintech-payments-api is held by break-glass pull request #12 (https://github.com/contoso/helm-platform/pull/12): main must not redeploy it until that pull request is merged or closed",
        );
    });

    it("GIVEN a deploy of a release the held one needs, with its dependents THEN it is refused; without them it runs", () => {
        const ledger = targetCommands(plan, { release: "fintech-ledger", cluster: "weu" }).urns;
        assert.ok("refused" in deployWithHolds(plan, held, ledger, { targetDependents: true, dropHeld: false }));
        const alone = deployWithHolds(plan, held, ledger, { targetDependents: false, dropHeld: false });
        assert.ok(!("refused" in alone));
        assert.deepEqual(alone.targets, ledger);
    });

    it("GIVEN another team's deploy, in its own shard THEN it runs as asked", () => {
        const retail = targetCommands(retailPlan, { team: "retail" }).urns;
        assert.ok(retail.length > 0);
        const deploy = deployWithHolds(retailPlan, held, retail, { targetDependents: true, dropHeld: false });
        assert.ok(!("refused" in deploy));
        assert.deepEqual(deploy.targets, retail);
    });

    it("GIVEN a whole-stack deploy of a shard without the held release THEN it excludes nothing", () => {
        const deploy = deployWithHolds(retailPlan, held, [], { targetDependents: true, dropHeld: false });
        assert.ok(!("refused" in deploy));
        assert.deepEqual([deploy.targets, deploy.exclude], [[], []]);
    });

    it("GIVEN the drift correction's release targets THEN the held release's are dropped and the rest kept", () => {
        const releaseUrn = (cluster: string, name: string) =>
            `urn:pulumi:prod.payments::helm-platform::helm-platform:index:Platform$helm-platform:tenant:Team$helm-platform:release:HelmRelease$kubernetes:helm.sh/v3:Release::prod-${cluster}-${name}-release`;
        const targets = [releaseUrn("weu", "fintech-payments-api"), releaseUrn("weu", "fintech-ledger")];
        const deploy = deployWithHolds(plan, held, targets, { targetDependents: false, dropHeld: true });
        assert.ok(!("refused" in deploy));
        assert.deepEqual(deploy.targets, [releaseUrn("weu", "fintech-ledger")]);
        assert.deepEqual(deploy.dropped, [releaseUrn("weu", "fintech-payments-api")]);
    });
});
