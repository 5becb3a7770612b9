import * as assert from "node:assert/strict";
import type { SourceTree } from "../../core/base/sourceTree";
import { runPlanCli } from "../../plan/cli";
import { program } from "../../program/stack";
import { changedLockedTree, ROOT, sampleTree } from "../helpers";
import { tempDir } from "../support/temp";

async function cli(argv: string[], tree: SourceTree = sampleTree()): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = "";
    let stderr = "";
    const out = tempDir("plan-selection-");
    const code = await runPlanCli([...argv, "--out", out], {
        root: ROOT,
        tree,
        program,
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
    });
    return { code, stdout, stderr };
}

/** A Team component's URN in the prod stack that deploys it: its shard. */
const TEAM_URN = (stack: string, cluster: string, team: string) =>
    `urn:pulumi:${stack}::helm-platform::helm-platform:index:Platform$helm-platform:tenant:Team::prod-${cluster}-${team}`;

describe("npm run plan --team / --release / --cluster", () => {
    it("--team narrows the summary to the team and prints the pulumi commands that deploy exactly it", async () => {
        const { code, stdout } = await cli(["--stack", "prod", "--team", "fintech"]);
        assert.equal(code, 0);
        assert.match(stdout, /weu\/fintech\/fintech-payments-api/);
        assert.doesNotMatch(
            // The manifests line counts the stack's renderings, the platform's among them.
            stdout.replace(/^Manifests: .*$/m, ""),
            /retail-storefront|data-ingest-worker|kube-prometheus-stack/,
            "other teams and the platform's releases are left out",
        );
        // Only fintech's shard is planned, and the commands deploy that stack.
        assert.match(stdout, /^Stack prod\.payments \(environment prod\)/m);
        assert.doesNotMatch(stdout, /^Stack prod(\.commerce)? /m);
        const stack = "prod.payments";
        const targets = `--target '${TEAM_URN(stack, "weu", "fintech")}' --target '${TEAM_URN(stack, "neu", "fintech")}' --target-dependents`;
        assert.ok(stdout.includes(`pulumi preview --stack ${stack} ${targets}`), stdout);
        assert.ok(stdout.includes(`pulumi up --stack ${stack} ${targets}`));
    });

    it("--release with --cluster targets that release's component alone, and --json lists the URNs", async () => {
        const { code, stdout } = await cli(["--stack", "prod", "--release", "fintech-payments-api", "--cluster", "neu", "--json"]);
        assert.equal(code, 0);
        // The release's team's shard alone.
        const stacks = (JSON.parse(stdout) as { stacks: { stack: string; targets: string[] }[] }).stacks;
        assert.deepEqual(
            stacks.map((s) => s.stack),
            ["prod.payments"],
        );
        assert.deepEqual(stacks[0]?.targets, [
            "urn:pulumi:prod.payments::helm-platform::helm-platform:index:Platform$helm-platform:tenant:Team$helm-platform:release:HelmRelease::prod-neu-fintech-payments-api",
            "urn:pulumi:prod.payments::helm-platform::helm-platform:index:Platform$helm-platform:tenant:Team$kubernetes:monitoring.coreos.com/v1:ServiceMonitor::prod-neu-fintech-payments-api-monitor",
        ]);
    });

    it("--cluster alone targets the cluster in every stack of the environment: its monitoring in the foundation, its teams in the shards", async () => {
        const { code, stdout } = await cli(["--stack", "prod", "--cluster", "neu", "--json"]);
        assert.equal(code, 0);
        const stacks = (JSON.parse(stdout) as { stacks: { stack: string; targets: string[] }[] }).stacks;
        const name = (urn: string) => urn.slice(urn.lastIndexOf("::") + 2);
        assert.deepEqual(
            stacks.map((s) => [s.stack, s.targets.map(name)]),
            [
                ["prod", ["prod-neu-monitoring"]],
                ["prod.payments", ["prod-neu-fintech"]],
                ["prod.commerce", ["prod-neu-data", "prod-neu-retail"]],
            ],
        );
        assert.ok(stacks.every((s) => s.targets.every((urn) => urn.startsWith(`urn:pulumi:${s.stack}::`))));
    });

    it("narrows the diff too: another team's change is not in the selected team's report", async () => {
        const retail = (sampleTree().read("tenants/retail.yaml") as string).replace("prod: 3.1.4", "prod: 3.2.0");
        const base = tempDir("plan-base-");
        assert.equal(
            await runPlanCli(["--stack", "prod", "--out", base], {
                root: ROOT,
                tree: sampleTree(),
                program,
                stdout: () => undefined,
                stderr: () => undefined,
            }),
            0,
        );
        const fintech = await cli(
            ["--stack", "prod", "--team", "fintech", "--against", base],
            changedLockedTree({ "tenants/retail.yaml": retail }),
        );
        assert.match(fintech.stdout, /releases \+0 −0, 0 re-versioned, 0 with changed values/);
        const retailOnly = await cli(
            ["--stack", "prod", "--team", "retail", "--against", base],
            changedLockedTree({ "tenants/retail.yaml": retail }),
        );
        assert.match(retailOnly.stdout, /releases \+0 −0, 2 re-versioned/);
    });

    it("GIVEN a team, release or cluster the stack does not have THEN it exits 2 and says which exist", async () => {
        const team = await cli(["--stack", "prod", "--team", "fintek"]);
        assert.equal(team.code, 2);
        assert.match(team.stderr, /no team "fintek" runs in prod \(teams: data, fintech, retail\)/);
        const cluster = await cli(["--stack", "prod", "--team", "fintech", "--cluster", "eus"]);
        assert.match(cluster.stderr, /stack prod\.payments has no cluster "eus" \(clusters: weu, neu\)/);
        const release = await cli(["--stack", "prod", "--team", "retail", "--release", "fintech-ledger"]);
        assert.match(release.stderr, /no release "fintech-ledger" of team retail in prod\.commerce/);
    });
});
