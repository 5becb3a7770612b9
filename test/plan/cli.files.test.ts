import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { runPlanCli } from "../../plan/cli";
import { program } from "../../program/stack";
import { ROOT, sampleTree } from "../helpers";
import { copySample } from "../support/sampleCopy";
import { tempDir } from "../support/temp";

/** A git repository of the sample's configuration: one commit as it is, one where retail's storefront moves in dev. */
function repositoryWithTwoCommits(): { root: string; base: string; head: string } {
    const root = copySample();
    const git = (...args: string[]) =>
        execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd: root, encoding: "utf8" }).trim();
    git("init", "-q");
    git("add", ".");
    git("commit", "-qm", "base");
    const base = git("rev-parse", "HEAD");
    const tenant = path.join(root, "tenants/retail.yaml");
    fs.writeFileSync(tenant, fs.readFileSync(tenant, "utf8").replace("dev: 3.2.0", "dev: 3.3.0"));
    git("commit", "-qam", "storefront 3.3.0 in dev");
    return { root, base, head: git("rev-parse", "HEAD") };
}

describe("npm run plan --files (a git ref's files, planned by this code)", () => {
    it("GIVEN a pull request's commit THEN it plans that commit's files, not the checkout's, against the base", async () => {
        const { root, base, head } = repositoryWithTwoCommits();
        const out = tempDir("plan-files-out-");
        let stderr = "";
        const context = { root, tree: sampleTree(), program, stdout: () => {}, stderr: (t: string) => (stderr += t) };
        const code = await runPlanCli(["--stack", "dev", "--files", head, "--against", base, "--out", out], context);
        assert.equal(code, 0, stderr);
        const report = fs.readFileSync(path.join(out, "report.md"), "utf8");
        assert.match(report, /\| `weu\/retail\/retail-storefront` \| chart version \| `3\.2\.0` \| `3\.3\.0` \| \|/);
        assert.equal(JSON.parse(fs.readFileSync(path.join(out, "dev", "plan.json"), "utf8")).releases.length, 5);
    });

    it("GIVEN a ref that is no commit THEN it exits 2 and says so", async () => {
        let stderr = "";
        const context = { root: ROOT, tree: sampleTree(), program, stdout: () => {}, stderr: (t: string) => (stderr += t) };
        assert.equal(await runPlanCli(["--stack", "dev", "--files", "no-such-ref"], context), 2);
        assert.match(stderr, /--files: "no-such-ref" is not a commit of the repository/);
    });
});
