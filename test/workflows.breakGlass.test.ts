import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { holdsOf, type OpenPullRequest } from "../core/report/holds";
import { ROOT, stackOfTeam } from "./helpers";
import { callsIn, runStep, type Step, scratch, standIn, stepOf } from "./support/steps";
import { workflow } from "./support/workflows";

describe("break-glass.yml: a rollback deployed now, the pull request that makes main agree after", () => {
    const glass = workflow("break-glass.yml");
    const guard = stepOf(glass.jobs["main-only"].steps, (s) => s.name === "Refuse any ref but main");

    it("refuses any ref but main, and a release name that is not one, before anyone is asked to approve", () => {
        assert.equal(glass.jobs["main-only"].environment, undefined, "no approval is requested for a refused run");
        assert.deepEqual(glass.jobs.rollback.needs, ["main-only", "stack"]);
        assert.equal(glass.jobs.stack.needs, "main-only");
        const run = (REF: string, RELEASE = "fintech-payments-api") => {
            try {
                return { code: 0, out: runStep(guard, scratch(), { REF, RELEASE }) };
            } catch (e) {
                return { code: (e as { status: number }).status, out: String((e as { stdout: string }).stdout) };
            }
        };
        const branch = run("refs/heads/hotfix");
        assert.equal(branch.code, 1);
        assert.match(branch.out, /break-glass runs main's code only; this run was dispatched on refs\/heads\/hotfix/);
        assert.equal(run("refs/tags/v1.0.0").code, 1);
        const name = run("refs/heads/main", "x; curl evil");
        assert.equal(name.code, 1);
        assert.match(name.out, /not a release name/);
        assert.equal(run("refs/heads/main").code, 0);
    });

    it("queues behind a deploy of the release's own stack: its shard's lock, found by a job with no credentials", () => {
        const stack = glass.jobs.stack;
        assert.deepEqual(stack.permissions, { contents: "read" });
        assert.equal(stack.environment, undefined, "no environment, no secret");
        assert.equal(glass.jobs.rollback.concurrency.group, "pulumi-${{ needs.stack.outputs.stack }}");
        assert.equal(
            workflow("pulumi-up.yml").jobs.up.concurrency.group,
            "pulumi-${{ inputs.stack }}",
            "the lock a deploy of that stack holds",
        );
        const dir = scratch();
        const output = path.join(dir, "output");
        runStep(
            stepOf(stack.steps, (s) => s.id === "stack"),
            ROOT,
            { STACK: "prod", RELEASE: "fintech-payments-api", GITHUB_OUTPUT: output },
        );
        assert.equal(fs.readFileSync(output, "utf8"), `stack=${stackOfTeam("prod", "fintech")}\n`);
        assert.throws(
            () =>
                runStep(
                    stepOf(stack.steps, (s) => s.id === "stack"),
                    ROOT,
                    { STACK: "prod", RELEASE: "nobody-app", GITHUB_OUTPUT: output },
                ),
            "a release no team declares stops the run before the deploy job",
        );
    });

    it("deploys as the deploy identity in the stack's environment; the pull request comes from a job that runs no repository code", () => {
        const rollback = glass.jobs.rollback;
        assert.equal(rollback.environment, "${{ inputs.stack }}");
        assert.equal(
            stepOf(rollback.steps, (s) => String(s.uses).startsWith("azure/login")).with["client-id"],
            "${{ vars.AZURE_CLIENT_ID }}",
        );
        const pr = glass.jobs["pull-request"];
        assert.equal(pr.needs, "rollback");
        assert.equal(pr.permissions["id-token"], undefined);
        assert.ok(
            String(pr.steps[0].uses).startsWith("actions/create-github-app-token@"),
            "an App's token: its pull request triggers the checks",
        );
        const scripts = pr.steps.map((s: Step) => String(s.run ?? "")).join("\n");
        assert.doesNotMatch(scripts, /\b(npm|npx|node|tsx)\b|scripts\/|\.ci\//, "no repository code");
        assert.equal(stepOf(pr.steps, (s) => s.run !== undefined).env.GH_TOKEN, "${{ steps.app.outputs.token }}");
    });

    it("deploys the release alone, and its patch becomes a labelled pull request on the branch that deploys from main recognise as a hold", () => {
        const dir = scratch();
        const origin = path.join(dir, "origin.git");
        const work = path.join(dir, "work");
        const temp = path.join(dir, "runner");
        fs.mkdirSync(temp);
        execFileSync("git", ["init", "--quiet", "--bare", "--initial-branch", "main", origin]);
        execFileSync("git", ["clone", "--quiet", origin, work], { stdio: "ignore" });
        const git = (...args: string[]) =>
            execFileSync("git", ["-C", work, "-c", "user.name=t", "-c", "user.email=t@t", ...args], { encoding: "utf8" });
        fs.mkdirSync(path.join(work, "tenants"));
        fs.writeFileSync(path.join(work, "tenants", "fintech.yaml"), "versions:\n  prod: 1.5.0\n");
        git("add", "--all");
        git("commit", "--quiet", "-m", "base");
        git("push", "--quiet", "origin", "HEAD:main");
        // The rollback step, with a stand-in npm that edits as npm run rollback would and prints its outcome.
        const bin = path.join(dir, "bin");
        const log = path.join(dir, "calls");
        const outcome = JSON.stringify({ stack: "prod", targets: ["urn:a", "urn:b"] });
        standIn(
            bin,
            "npm",
            log,
            `sed -i 's/1.5.0/1.4.2/' tenants/fintech.yaml; mkdir -p out; echo '# helm-platform plan' > out/report.md; echo '${outcome}'`,
        );
        const output = path.join(dir, "output");
        const step = stepOf(glass.jobs.rollback.steps, (s) => s.id === "rollback");
        runStep(step, work, { STACK: "prod", RELEASE: "fintech-payments-api", REF: "", RUNNER_TEMP: temp, GITHUB_OUTPUT: output }, bin);
        assert.deepEqual(callsIn(log)[0], [
            "npm",
            "run",
            "--silent",
            "rollback",
            "--",
            "--stack",
            "prod",
            "--release",
            "fintech-payments-api",
            "--json",
            "--previous",
        ]);
        assert.equal(fs.readFileSync(output, "utf8").trim(), "targets=urn:a urn:b\nstack=prod");
        // pulumi up of the release alone, on the stack the rollback named.
        standIn(bin, "pulumi", log);
        const up = stepOf(glass.jobs.rollback.steps, (s) => s.name === "pulumi up, the release alone");
        runStep(up, work, { STACK: "prod", PULUMI_STACK: "prod", TARGETS: "urn:a urn:b" }, bin);
        assert.deepEqual(
            callsIn(log).find((c) => c[0] === "pulumi"),
            [
                "pulumi",
                "up",
                "--yes",
                "--stack",
                "prod",
                "--non-interactive",
                "--target",
                "urn:a",
                "--target",
                "urn:b",
                "--target-dependents",
            ],
        );
        // The pull-request job, in a fresh checkout with the artifact, a stand-in gh, and the origin for GitHub.
        const fresh = path.join(dir, "fresh");
        execFileSync("git", ["clone", "--quiet", origin, fresh], { stdio: "ignore" });
        standIn(bin, "gh", log, 'echo "https://github.com/contoso/helm-platform/pull/31"');
        const open = stepOf(glass.jobs["pull-request"].steps, (s) => s.run !== undefined);
        runStep(
            open,
            fresh,
            {
                GH_TOKEN: "t0ken",
                STACK: "prod",
                RELEASE: "fintech-payments-api",
                RUN_ID: "4242",
                RUN_URL: "https://run",
                WORK: path.join(temp, "break-glass"),
            },
            bin,
        );
        const branch = "break-glass/prod/fintech-payments-api/4242";
        assert.equal(
            execFileSync("git", ["-C", origin, "show", `${branch}:tenants/fintech.yaml`], { encoding: "utf8" }),
            "versions:\n  prod: 1.4.2\n",
        );
        const create = callsIn(log).find((c) => c[0] === "gh" && c[1] === "pr") as string[];
        assert.deepEqual(create.slice(0, 10), [
            "gh",
            "pr",
            "create",
            "--base",
            "main",
            "--head",
            branch,
            "--label",
            "break-glass",
            "--title",
        ]);
        const pull: OpenPullRequest = {
            number: 31,
            url: "u",
            headRefName: branch,
            isCrossRepository: false,
            labels: [{ name: "break-glass" }],
        };
        assert.deepEqual(
            holdsOf([pull], "prod").map((h) => h.release),
            ["fintech-payments-api"],
        );
    });
});
