import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { diskTree } from "../../core/base/sourceTree";
import type { Runner } from "../../plan/liveClusters";
import { runRollbackCli } from "../../plan/rollbackCli";
import { program } from "../../program/stack";
import { ROOT } from "../helpers";
import { tempDir } from "../support/temp";

/**
 * A repository with a real history, made from the sample's configuration:
 *   base      the sample (payments-api 1.4.2 in uat and prod)
 *   upgrade   payments-api 1.5.0 in uat and prod with new prod values and a file for neu, and in the same commit
 *             changes that are not the prod release's own: dev's version and values, values.yaml, values/prod.yaml,
 *             retail's tenant and values files
 *   retail    a commit of another team only
 */
const repo = tempDir("rollback-repo-");
const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, encoding: "utf8" }).trim();
/** `git status --porcelain`, one entry a line (the leading status column kept). */
const status = () => execFileSync("git", ["status", "--porcelain"], { cwd: repo, encoding: "utf8" }).split("\n").filter(Boolean).sort();
const file = (name: string) => path.join(repo, ...name.split("/"));
const read = (name: string) => fs.readFileSync(file(name), "utf8");
const write = (name: string, text: string) => fs.writeFileSync(file(name), text);
const edit = (name: string, from: string | RegExp, to: string) => {
    const before = read(name);
    assert.notEqual(before.replace(from, to), before, `${name}: ${from}`);
    write(name, before.replace(from, to));
};
const commit = (message: string) => {
    git("add", "--all");
    git("commit", "--quiet", "--message", message);
    return git("rev-parse", "HEAD");
};

const PAYMENTS = "tenants/fintech/payments-api";
const commits: Record<string, string> = {};

async function rollback(argv: string[], exec?: Runner) {
    let stdout = "";
    let stderr = "";
    const out = tempDir("rollback-out-");
    const context = {
        root: repo,
        tree: diskTree(repo),
        program,
        stdout: (t: string) => (stdout += t),
        stderr: (t: string) => (stderr += t),
    };
    const code = await runRollbackCli([...argv, "--out", out], context, exec);
    return { code, stdout, stderr, out };
}

describe("npm run rollback: one release's own inputs restored from a real git history", function () {
    this.timeout(90_000);

    before(() => {
        const sample = execFileSync(
            "git",
            [
                "ls-files",
                "Pulumi.yaml",
                "Pulumi.*.yaml",
                "charts.lock.yaml",
                "tenants",
                "allowances",
                "values",
                "charts",
                "keys",
                "monitoring",
            ],
            {
                cwd: ROOT,
                encoding: "utf8",
            },
        );
        for (const name of sample.split("\n").filter(Boolean)) {
            fs.mkdirSync(path.dirname(file(name)), { recursive: true });
            fs.copyFileSync(path.join(ROOT, name), file(name));
        }
        git("init", "--quiet", "--initial-branch", "main");
        git("config", "user.email", "oncall@example.com");
        git("config", "user.name", "On-call");
        commits["base"] = commit("base");
        edit(
            "tenants/fintech.yaml",
            "      dev: 1.5.0\n      uat: 1.4.2\n      prod: 1.4.2",
            "      dev: 1.6.0\n      uat: 1.5.0\n      prod: 1.5.0",
        );
        write(`${PAYMENTS}/values.prod.yaml`, `${read(`${PAYMENTS}/values.prod.yaml`)}replicaCount: 4\n`);
        write(`${PAYMENTS}/values.prod.neu.yaml`, "# neu runs hotter\nreplicaCount: 6\n");
        edit(`${PAYMENTS}/values.dev.yaml`, "logLevel: debug", "logLevel: trace");
        write(`${PAYMENTS}/values.yaml`, `${read(`${PAYMENTS}/values.yaml`)}featureFlags:\n  fastRefunds: true\n`);
        edit("values/prod.yaml", "logLevel: info", "logLevel: warn");
        edit("tenants/retail.yaml", "      prod: 3.1.4", "      prod: 3.2.0");
        edit("tenants/retail/storefront/values.prod.yaml", "replicaCount: 3", "replicaCount: 4");
        // The new versions published and locked where they run (npm run lock's entries, stand-in digests).
        edit("charts.lock.yaml", /( {8}1\.4\.2: sha256:\w+\n)/g, `$1        1.5.0: sha256:${"5".repeat(64)}\n`);
        edit("charts.lock.yaml", /( {8}3\.1\.4: sha256:\w+\n)/, `$1        3.2.0: sha256:${"3".repeat(64)}\n`);
        edit("charts.lock.yaml", /( {8}1\.5\.0: sha256:\w+\n)/, `$1        1.6.0: sha256:${"6".repeat(64)}\n`);
        commits["upgrade"] = commit("payments-api 1.5.0 in uat and prod");
        write("tenants/retail/catalog/values.yaml", `${read("tenants/retail/catalog/values.yaml")}logLevel: info\n`);
        commits["retail"] = commit("retail: catalog logs");
    });

    after(() => fs.rmSync(repo, { recursive: true, force: true }));

    afterEach(() => {
        git("checkout", "--quiet", "--force", "main");
        git("clean", "--quiet", "--force", "-d");
    });

    it("GIVEN --previous THEN prod's version and own values files are those of before the upgrade, and nothing else changes", async () => {
        const upgraded = read("tenants/fintech.yaml");
        const { code, stdout, stderr } = await rollback(["--stack", "prod", "--release", "fintech-payments-api", "--previous", "--json"]);
        assert.equal(code, 0, stderr);
        const outcome = JSON.parse(stdout) as { commit: string; files: string[]; stack: string; targets: string[]; up: string };
        assert.equal(outcome.commit, commits["base"], "the commit before the last one that changed the release's inputs");
        assert.deepEqual(outcome.files.sort(), [
            "tenants/fintech.yaml",
            `${PAYMENTS}/values.prod.neu.yaml`,
            `${PAYMENTS}/values.prod.yaml`,
        ]);
        // Exactly the version key, in a file whose comments and other keys are today's.
        assert.equal(
            read("tenants/fintech.yaml"),
            upgraded.replace("      uat: 1.5.0\n      prod: 1.5.0", "      uat: 1.5.0\n      prod: 1.4.2"),
        );
        assert.equal(read(`${PAYMENTS}/values.prod.yaml`), `${git("show", `${commits["base"]}:${PAYMENTS}/values.prod.yaml`)}\n`);
        assert.equal(fs.existsSync(file(`${PAYMENTS}/values.prod.neu.yaml`)), false, "a file the ref did not have is removed");
        assert.deepEqual(
            status(),
            [` D ${PAYMENTS}/values.prod.neu.yaml`, ` M ${PAYMENTS}/values.prod.yaml`, " M tenants/fintech.yaml"].sort(),
            "another team's files, the other environments' and the platform-wide files are untouched",
        );
        // The stack that deploys the release: fintech's shard of prod.
        assert.equal(outcome.stack, "prod.payments");
        assert.equal(outcome.targets.length, 4, "the release's component and its monitor on both clusters");
        assert.ok(outcome.targets.every((u) => /^urn:pulumi:prod\.payments::.*::prod-(weu|neu)-fintech-payments-api(-monitor)?$/.test(u)));
        assert.match(outcome.up, /^pulumi up --stack prod\.payments( --target '[^']+'){4} --target-dependents$/);
        // What is not rolled back, said with what it means; and the diff against main.
        assert.match(
            stderr,
            /Note: values\/prod\.yaml changed since [0-9a-f]{12} and is not rolled back: it feeds every release in prod\. Keys: logLevel \(weu: set for the release by tenants\/fintech\/payments-api\/values\.prod\.weu\.yaml; neu: set for the release by tenants\/fintech\/payments-api\/values\.prod\.yaml\)/,
        );
        assert.match(stderr, /Note: tenants\/fintech\/payments-api\/values\.yaml changed since .* Keys: featureFlags\.fastRefunds/);
        assert.match(stderr, /neu\/fintech\/fintech-payments-api: chart version 1\.5\.0 → 1\.4\.2/);
        assert.match(stderr, /neu\/fintech\/fintech-payments-api: replicaCount 6 → 2 \(values\/prod\.yaml\)/);
    });

    it("GIVEN uat went back to 1.4.2 WHEN prod is rolled back to the upgrade THEN the promotion gate refuses it, naming the waiver", async () => {
        edit("tenants/fintech.yaml", "      uat: 1.5.0\n      prod: 1.5.0", "      uat: 1.4.2\n      prod: 1.4.2");
        commit("payments-api back to 1.4.2 in uat and prod");
        try {
            const { code, stderr } = await rollback([
                "--stack",
                "prod",
                "--release",
                "fintech-payments-api",
                "--to",
                commits["upgrade"] as string,
            ]);
            assert.equal(code, 1);
            assert.match(
                stderr,
                /promotion-gate weu\/fintech\/fintech-payments-api: version 1\.5\.0 is not yet in uat \(which runs 1\.4\.2\)/,
            );
            assert.match(stderr, /apps\.payments-api\.promotionExemption: <why> in tenants\/fintech\.yaml/);
            assert.match(
                stderr,
                /helm-platform:governance\.rules\.promotion-gate: \{enabled: false, reason: <why>\} in Pulumi\.prod\.yaml/,
            );
            assert.equal(git("status", "--porcelain"), "", "nothing is written");
        } finally {
            git("reset", "--quiet", "--hard", commits["retail"] as string);
        }
    });

    it("GIVEN --pr THEN the edits are committed on a branch, pushed, and the pull request opened with gh, the report as its text", async () => {
        const origin = tempDir("rollback-origin-");
        execFileSync("git", ["init", "--quiet", "--bare", origin]);
        git("remote", "add", "origin", origin);
        const calls: string[][] = [];
        let body = "";
        const gh: Runner = (command, args) => {
            calls.push([command, ...args]);
            body = fs.readFileSync(args[args.indexOf("--body-file") + 1] as string, "utf8");
            return { status: 0, stdout: "https://github.com/contoso/helm-platform/pull/7\n", stderr: "" };
        };
        const { code, stdout, stderr } = await rollback(
            [
                "--stack",
                "dev",
                "--release",
                "fintech-payments-api",
                "--to",
                commits["base"] as string,
                "--against",
                commits["base"] as string,
                "--pr",
            ],
            gh,
        );
        assert.equal(code, 0, stderr);
        const branch = `rollback/dev/fintech-payments-api/${commits["base"]?.slice(0, 12)}`;
        assert.deepEqual(calls[0]?.slice(0, 7), ["gh", "pr", "create", "--base", "main", "--head", branch]);
        assert.equal(
            execFileSync("git", ["diff", "--name-only", `${commits["retail"]}`, branch], { cwd: origin, encoding: "utf8" }).trim(),
            `tenants/fintech.yaml\n${PAYMENTS}/values.dev.yaml`,
            "the branch holds the rollback's files and nothing else",
        );
        assert.match(body, /^Rolls fintech-payments-api back to [0-9a-f]{40} in dev/);
        assert.match(body, /# helm-platform plan/);
        assert.match(stdout, /Opened https:\/\/github\.com\/contoso\/helm-platform\/pull\/7/);
        git("remote", "remove", "origin");
    });

    it("refuses a ref that is not a commit and an ambiguous target (exit 2), before anything is planned or written", async () => {
        const unknown = await rollback(["--stack", "prod", "--release", "fintech-payments-api", "--to", "v9.9.9"]);
        assert.equal(unknown.code, 2);
        assert.match(unknown.stderr, /"v9\.9\.9" is not a commit of this repository/);
        const both = await rollback(["--stack", "prod", "--release", "fintech-payments-api", "--to", "main", "--previous"]);
        assert.equal(both.code, 2);
        assert.match(both.stderr, /exactly one of --to <ref> or --previous/);
        const release = await rollback(["--stack", "prod", "--release", "fintech-payment-api", "--previous"]);
        assert.equal(release.code, 2);
        assert.match(release.stderr, /no release "fintech-payment-api" in prod \(releases: .*fintech-payments-api/);
        assert.equal(git("status", "--porcelain"), "");
    });
});
