import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { loadGuards } from "../guards/load";
import { GUARDS_STACK } from "../guards/settings";
import { load, sampleTree } from "./helpers";
import {
    DIR,
    type Job,
    MAIN_ONLY,
    runsForOtherRepositories,
    stepsOf,
    trustViolations,
    WORKFLOWS,
    workflow,
    workflowEnvironments,
} from "./support/workflows";

describe("the workflows' trust rules", () => {
    for (const file of WORKFLOWS) {
        it(`${file} follows them`, () => {
            assert.deepEqual(trustViolations(file, fs.readFileSync(path.join(DIR, file), "utf8")), []);
        });
    }

    it("catch a tag pin, wholesale secrets, a script expansion, OIDC outside an environment, a PR-writing job running code, unpinned tools", () => {
        const bad = [
            "on: pull_request",
            "permissions:",
            "  contents: read",
            "  id-token: write",
            "jobs:",
            "  a:",
            "    uses: ./elsewhere.yml",
            "    secrets: inherit",
            "  b:",
            "    runs-on: ubuntu-latest",
            "    permissions:",
            "      id-token: write",
            "      pull-requests: write",
            "    steps:",
            "      - uses: actions/checkout@v4",
            "      - uses: actions/setup-node@820762786026740c76f36085b0efc47a31fe5020 # v7.0.0",
            "        with:",
            "          node-version: 20",
            "      - uses: pulumi/actions@8e5e406f4007fca908480587cb9893c07090f58d # v7.0.0",
            "      - run: echo ${{ github.head_ref }}",
            "  c:",
            "    runs-on: ubuntu-latest",
            "    environment: prod",
            "    steps:",
            "      - run: echo deploying whatever ref this is",
        ].join("\n");
        const found = trustViolations("bad.yml", bad).join("\n");
        for (const expected of [
            /top-level permissions/,
            /not pinned to a commit SHA.*actions\/checkout@v4/,
            /secrets: inherit/,
            /b: can obtain cloud credentials outside/,
            /b: writes to pull requests/,
            /expands an expression/,
            /node-version "20"/,
            /pulumi-version ""/,
            /c: runs in environment prod without refusing every ref but main first/,
        ]) {
            assert.match(found, expected);
        }
    });

    it("deploy one stack at a time", () => {
        assert.equal(workflow("pulumi-up.yml").jobs.up.concurrency.group, "pulumi-${{ inputs.stack }}");
    });

    /** What a job gives kubelogin to get cluster tokens with, for each mode it can work in. */
    const satisfies = (job: Job, mode: string): boolean => {
        const steps = stepsOf(job);
        const upOrPreview = steps.findIndex((s) => /pulumi (up|preview)/.test(String(s.run ?? "")));
        const login = steps.findIndex((s) => String(s.uses ?? "").startsWith("azure/login@"));
        const env = { ...(job.env ?? {}) } as Record<string, string>;
        switch (mode) {
            case "azurecli":
                return login >= 0 && login < upOrPreview;
            case "workloadidentity":
                return ["AZURE_FEDERATED_TOKEN_FILE", "AZURE_CLIENT_ID", "AZURE_TENANT_ID"].every((k) => k in env);
            default:
                return job["runs-on"] !== "ubuntu-latest"; // msi: only a runner with a managed identity
        }
    };

    for (const stack of ["dev", "uat", "prod"]) {
        it(`${stack}'s kubelogin mode is one the deploy job provides`, () => {
            const mode = load(stack).environment.kubeloginMode;
            assert.ok(satisfies(workflow("pulumi-up.yml").jobs.up, mode), `pulumi-up.yml cannot give kubelogin "${mode}"`);
        });
    }

    it("the jobs that deploy or read clusters, and the one that selects a team to deploy, refuse every ref but main", () => {
        const first = (file: string, job: string) => String(stepsOf(workflow(file).jobs[job])[0]?.run ?? "").trim();
        for (const [file, job] of [
            ["pulumi-up.yml", "up"],
            ["drift.yml", "drift"],
            ["deploy-team.yml", "select"],
        ] as const) {
            assert.equal(first(file, job), MAIN_ONLY, `${file} ${job}`);
        }
        const check = (ref: string) =>
            spawnSync("bash", ["-e", "-c", MAIN_ONLY], { env: { ...process.env, GITHUB_REF: ref }, encoding: "utf8" });
        assert.equal(check("refs/heads/main").status, 0);
        const branch = check("refs/heads/add-drift-job");
        assert.equal(branch.status, 1);
        assert.match(branch.stdout, /::error::runs on main only, not on refs\/heads\/add-drift-job/);
        assert.equal(check("refs/pull/7/merge").status, 1);
    });

    it("every GitHub environment a workflow runs in (matrix and inputs resolved) is one the guards declare, and no other", () => {
        const used = workflowEnvironments();
        assert.deepEqual(used.unresolved, []);
        const declared = loadGuards(sampleTree(), GUARDS_STACK).environments.map((e) => e.name);
        assert.deepEqual([...declared].sort(), used.environments);
    });

    it("a workflow that only other repositories call (publish-chart) runs in their environments, not this repository's", () => {
        assert.ok(runsForOtherRepositories("publish-chart.yml", workflow("publish-chart.yml")));
        assert.ok(!runsForOtherRepositories("pulumi-up.yml", workflow("pulumi-up.yml")), "deploy.yml calls it");
    });

    it("a job without OIDC token variables cannot serve workloadidentity", () => {
        assert.equal(satisfies(workflow("pulumi-up.yml").jobs.up, "workloadidentity"), false);
    });
});
