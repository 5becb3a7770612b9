import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { diskTree } from "../../core/base/sourceTree";
import { runDriftCli } from "../../plan/driftCli";
import { program } from "../../scripts/runCli";
import { ROOT } from "../helpers";
import { tempDir } from "../support/temp";

/** `npm run --silent <script> -- <args>` from the repository, as the docs and the workflows run it. */
function npmRun(script: string, args: readonly string[]) {
    return spawnSync("npm", ["run", "--silent", script, "--", ...args], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
}

describe("the plan and drift commands through npm (scripts/runCli.ts)", function () {
    this.timeout(120_000);

    it("GIVEN --json through npm run --silent THEN the plan's stdout is only JSON, and the summary goes to stderr", () => {
        const out = tempDir("plan-json-");
        const run = npmRun("plan", ["--stack", "dev", "--json", "--out", out]);
        assert.equal(run.status, 0, run.stderr);
        const outcome = JSON.parse(run.stdout) as { stacks: { stack: string; ok: boolean }[] };
        assert.deepEqual(
            outcome.stacks.map((s) => [s.stack, s.ok]),
            [["dev", true]],
        );
        assert.match(run.stderr, /^\nStack dev \(environment dev\)/);
        assert.ok(fs.existsSync(path.join(out, "dev", "plan.json")));
    });

    it("GIVEN --json and the recorded Helm outputs docs/delivery.md names THEN drift's stdout is only JSON, the report on stderr", async () => {
        // In this process, as runCli runs it: the test above proves what the process adds to the streams.
        const out = tempDir("drift-json-");
        let stdout = "";
        let stderr = "";
        const code = await runDriftCli(["--stack", "prod", "--recorded", "test/fixtures/drift/prod", "--json", "--out", out], {
            root: ROOT,
            tree: diskTree(ROOT),
            program,
            stdout: (t) => (stdout += t),
            stderr: (t) => (stderr += t),
        });
        assert.equal(code, 1, "the fixture holds every kind of difference");
        const { stack, drift } = JSON.parse(stdout) as { stack: string; drift: { kind: string }[] };
        assert.equal(stack, "prod");
        assert.ok(drift.length > 0);
        assert.match(stderr, /difference/);
        const guide = fs.readFileSync(path.join(ROOT, "docs", "delivery.md"), "utf8");
        assert.match(guide, /`--recorded test\/fixtures\/drift\/prod`/, "docs/delivery.md (Live drift) names the folder this test reads");
    });
});
