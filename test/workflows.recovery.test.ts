import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { runDriftCli } from "../plan/driftCli";
import { program } from "../program/stack";
import { changedTree, ROOT, sampleTree, stackOfTeam } from "./helpers";
import { callsIn, runStep, type Step, scratch, standIn, stepOf } from "./support/steps";
import { workflow } from "./support/workflows";

describe("workflows on day two: held releases left alone, drift corrected", function () {
    this.timeout(90_000);

    it("pulumi-up.yml leaves a held release out of a whole-stack deploy of its shard: --exclude its component and monitor, --exclude-dependents", () => {
        const dir = scratch();
        const bin = path.join(dir, "bin");
        const log = path.join(dir, "calls");
        const pulls = [
            {
                number: 9,
                url: "u",
                headRefName: "break-glass/prod/fintech-payments-api/1",
                isCrossRepository: false,
                labels: [{ name: "break-glass" }],
            },
        ];
        standIn(bin, "gh", log, `echo '${JSON.stringify(pulls)}'`);
        standIn(bin, "pulumi", log);
        const up = workflow("pulumi-up.yml").jobs.up.steps as Step[];
        const output = path.join(dir, "output");
        runStep(
            stepOf(up, (s) => s.id === "holds"),
            ROOT,
            { STACK: stackOfTeam("prod", "fintech"), TARGETS: "", RUNNER_TEMP: dir, GITHUB_OUTPUT: output },
            bin,
        );
        const outputs = Object.fromEntries(
            fs
                .readFileSync(output, "utf8")
                .trim()
                .split("\n")
                .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
        );
        runStep(
            stepOf(up, (s) => s.name === "pulumi up"),
            dir,
            { STACK: stackOfTeam("prod", "fintech"), TARGETS: outputs["targets"] ?? "", EXCLUDE: outputs["exclude"] ?? "" },
            bin,
        );
        const pulumi = callsIn(log).find((c) => c[0] === "pulumi") as string[];
        const excluded = pulumi.filter((_, i) => pulumi[i - 1] === "--exclude");
        assert.deepEqual(
            excluded.map((u) => u.split("::").pop()),
            [
                "prod-weu-fintech-payments-api",
                "prod-weu-fintech-payments-api-monitor",
                "prod-neu-fintech-payments-api",
                "prod-neu-fintech-payments-api-monitor",
            ],
        );
        assert.equal(pulumi.at(-1), "--exclude-dependents");
        assert.ok(!pulumi.includes("--target"));
    });

    it("drift.yml in correct mode re-applies exactly the drifted releases the plan owns, with --refresh, and records it in the drift issue", async () => {
        const dir = scratch();
        const stackFile = `${sampleTree().read("Pulumi.prod.yaml")}  helm-platform:drift:\n    mode: correct\n`;
        const context = { root: ROOT, tree: changedTree({ "Pulumi.prod.yaml": stackFile }), program, stdout: () => {}, stderr: () => {} };
        const recorded = path.join(ROOT, "test/fixtures/drift/prod");
        assert.equal(await runDriftCli(["--stack", "prod", "--recorded", recorded, "--out", path.join(dir, "out")], context), 1);
        const drift = workflow("drift.yml");
        const output = path.join(dir, "output");
        runStep(
            stepOf(drift.jobs.drift.steps, (s) => s.id === "corrections"),
            dir,
            { STACK: "prod", GITHUB_OUTPUT: output },
        );
        const line = fs.readFileSync(output, "utf8").trim();
        assert.ok(line.startsWith("prod="), line);
        // What the correct-prod job hands drift-correct.yml, as its `with:` reads it from the drift leg's output.
        const leg = JSON.parse(line.slice("prod=".length)) as {
            stack: string;
            stacks: { stack: string; targets: string; releases: string }[];
        };
        assert.equal(leg.stack, "prod");
        const caller = drift.jobs["correct-prod"];
        assert.deepEqual(caller.with, {
            stack: "prod",
            corrections: "${{ toJSON(fromJSON(needs.drift.outputs.prod).stacks) }}",
        });
        const correcting = workflow("drift-correct.yml");
        const job = correcting.jobs.correct;
        // One leg per Pulumi stack, each holding that stack's lock, the one a deploy of it holds.
        assert.equal(job.strategy.matrix.correction, "${{ fromJSON(inputs.corrections) }}");
        assert.equal(job.concurrency.group, "pulumi-${{ matrix.correction.stack }}");
        assert.equal(workflow("pulumi-up.yml").jobs.up.concurrency.group, "pulumi-${{ inputs.stack }}");
        assert.deepEqual(
            [job.env.PULUMI_STACK, job.env.TARGETS, job.env.RELEASES],
            ["${{ matrix.correction.stack }}", "${{ matrix.correction.targets }}", "${{ matrix.correction.releases }}"],
        );
        // Each leg's script, with stand-ins: gh (no break-glass pull request, the drift issue is #42) and pulumi.
        const release = (stack: string, cluster: string, name: string) =>
            `urn:pulumi:${stack}::helm-platform::helm-platform:index:Platform$helm-platform:tenant:Team$helm-platform:release:HelmRelease$kubernetes:helm.sh/v3:Release::${stack.split(".")[0]}-${cluster}-${name}-release`;
        // values changed by hand, another chart version, deleted by hand; not the failed, the pending or the extra one
        const expected: Record<string, { targets: string[]; releases: RegExp }> = {
            "prod.commerce": {
                targets: [release("prod.commerce", "neu", "retail-storefront"), release("prod.commerce", "weu", "retail-storefront")],
                releases: /^neu\/retail\/retail-storefront \(missing\); weu\/retail\/retail-storefront \(version\)$/,
            },
            "prod.payments": {
                targets: [release("prod.payments", "weu", "fintech-payments-api")],
                releases: /^weu\/fintech\/fintech-payments-api \(values\)$/,
            },
        };
        assert.deepEqual(
            leg.stacks.map((c) => c.stack),
            Object.keys(expected),
            "the shards that hold a drifted release, each once",
        );
        const correct = stepOf(job.steps, (s) => String(s.name).startsWith("Re-apply"));
        for (const c of leg.stacks) {
            const legDir = path.join(dir, c.stack);
            fs.mkdirSync(legDir);
            const bin = path.join(legDir, "bin");
            const log = path.join(legDir, "calls");
            standIn(bin, "gh", log, '[ "$1 $2" = "pr list" ] && echo "[]"; [ "$1 $2" = "issue list" ] && echo 42; exit 0');
            standIn(bin, "pulumi", log, 'echo "Resources:"; echo "    ~ 3 updated"');
            const env = {
                STACK: "prod",
                PULUMI_STACK: c.stack,
                TARGETS: c.targets,
                RELEASES: c.releases,
                RUN_URL: "https://run",
                RUNNER_TEMP: legDir,
            };
            runStep(correct, legDir, env, bin);
            const want = expected[c.stack] as { targets: string[]; releases: RegExp };
            assert.match(c.releases, want.releases);
            const ups = callsIn(log).filter((call) => call[0] === "pulumi");
            assert.deepEqual(
                ups.map((call) => call.slice(1)),
                [["up", "--yes", "--stack", c.stack, "--non-interactive", "--refresh", ...want.targets.flatMap((t) => ["--target", t])]],
            );
            const comment = callsIn(log).find((call) => call[1] === "issue" && call[2] === "comment") as string[];
            assert.deepEqual(comment.slice(1, 4), ["issue", "comment", "42"]);
            const body = fs.readFileSync(comment[comment.indexOf("--body-file") + 1] as string, "utf8");
            assert.ok(body.startsWith(`Corrected in ${c.stack}: re-applied from main with \`pulumi up --refresh\`: ${c.releases}\n`), body);
            assert.match(body, /~ 3 updated/);
        }
        assert.equal(job.environment, "${{ inputs.stack }}", "behind the stack's deploy environment and its reviewers");
        assert.equal(stepOf(job.steps, (s) => String(s.uses).startsWith("azure/login")).with["client-id"], "${{ vars.AZURE_CLIENT_ID }}");
        assert.equal(
            stepOf(drift.jobs.drift.steps, (s) => String(s.uses).startsWith("azure/login")).with["client-id"],
            "${{ vars.AZURE_DRIFT_CLIENT_ID }}",
        );
    });

    it("drift.yml in report mode leaves the stack to the report: no correction is output", () => {
        const dir = scratch();
        const correction = { cluster: "weu", namespace: "fintech", release: "fintech-payments-api", kinds: ["values"], urn: "urn:x" };
        fs.mkdirSync(path.join(dir, "out", "prod"), { recursive: true });
        fs.writeFileSync(
            path.join(dir, "out", "prod", "corrections.json"),
            JSON.stringify({ stack: "prod", mode: "report", corrections: [correction] }),
        );
        const output = path.join(dir, "output");
        fs.writeFileSync(output, "");
        runStep(
            stepOf(workflow("drift.yml").jobs.drift.steps, (s) => s.id === "corrections"),
            dir,
            { STACK: "prod", GITHUB_OUTPUT: output },
        );
        assert.equal(fs.readFileSync(output, "utf8"), "");
    });
});
