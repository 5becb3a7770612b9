import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { automationRunner } from "../../plan/automation";
import { runDeployCli } from "../../plan/deployCli";
import { PULUMI_CLI_MINIMUM } from "../../scripts/doctorChecks";
import { ROOT, sampleTree } from "../helpers";
import { tempDir } from "../support/temp";

/** One call the stand-in `pulumi` recorded. */
interface Call {
    readonly args: string[];
    readonly stack?: string;
    readonly event: "start" | "end";
    readonly at: number;
}

const STAND_IN = path.join(ROOT, "test", "support", "pulumiStandIn.cjs");
const VARIABLES = [
    "PATH",
    "STANDIN_LOG",
    "STANDIN_VERSION",
    "STANDIN_FAIL",
    "STANDIN_DELAY_MS",
    "STANDIN_CHANGES",
    "STANDIN_TOGETHER",
    "PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK",
];

/**
 * Runs `npm run deploy` on the sample through the real Automation API, with the stand-in `pulumi` first
 * on the PATH (and the version check on); what it printed and every call the CLI received.
 */
async function deployWithStandIn(argv: string[], env: Record<string, string> = {}) {
    const bin = tempDir("pulumi-stand-in-");
    const log = path.join(bin, "calls.jsonl");
    fs.writeFileSync(path.join(bin, "pulumi"), `#!/bin/sh\nexec "${process.execPath}" "${STAND_IN}" "$@"\n`, { mode: 0o755 });
    const saved = Object.fromEntries(VARIABLES.map((v) => [v, process.env[v]]));
    Object.assign(process.env, { PATH: `${bin}${path.delimiter}${process.env.PATH}`, STANDIN_LOG: log, STANDIN_DELAY_MS: "150", ...env });
    delete process.env.PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK;
    let stdout = "";
    let stderr = "";
    try {
        const code = await runDeployCli(argv, {
            tree: sampleTree(),
            stdout: (t) => (stdout += t),
            stderr: (t) => (stderr += t),
            runner: () => automationRunner(ROOT, PULUMI_CLI_MINIMUM),
        });
        const calls = fs.existsSync(log)
            ? fs
                  .readFileSync(log, "utf8")
                  .trim()
                  .split("\n")
                  .map((l) => JSON.parse(l) as Call)
            : [];
        return { code, stdout, stderr, calls };
    } finally {
        for (const [name, value] of Object.entries(saved)) {
            if (value === undefined) {
                delete process.env[name];
            } else {
                process.env[name] = value;
            }
        }
        fs.rmSync(bin, { recursive: true, force: true });
    }
}

/** The calls of one command (`up`, `preview`, `stack select`) that started, with their stacks. */
const started = (calls: readonly Call[], ...command: string[]) =>
    calls.filter((c) => c.event === "start" && command.every((w, i) => c.args[i] === w));
const span = (calls: readonly Call[], command: string, stack: string) => {
    const mine = calls.filter((c) => c.args[0] === command && c.stack === stack);
    return { start: mine.find((c) => c.event === "start")?.at ?? Number.NaN, end: mine.find((c) => c.event === "end")?.at ?? Number.NaN };
};

describe("the deploy's stack runner on the Automation API (plan/automation.ts), against a stand-in pulumi CLI", function () {
    this.timeout(60000);

    it("WHEN prod is deployed with --yes THEN the CLI's version is checked once, each stack is selected and updated, the foundation first", async () => {
        const { code, stdout, calls } = await deployWithStandIn(["--stack", "prod", "--yes"], {
            STANDIN_TOGETHER: "prod.payments,prod.commerce",
        });
        assert.equal(code, 0, stdout);
        // The Automation API's version check ran on the stand-in's answer (no skip variable set).
        assert.equal(started(calls, "version").length, 1);
        assert.deepEqual(
            started(calls, "stack", "select")
                .map((c) => c.stack)
                .sort(),
            ["prod", "prod.commerce", "prod.payments"],
        );
        const ups = started(calls, "up");
        assert.equal(ups.length, 3);
        for (const up of ups) {
            for (const flag of ["--yes", "--skip-preview", "--non-interactive"]) {
                assert.ok(up.args.includes(flag), `${up.stack}: ${flag}`);
            }
        }
        const foundation = span(calls, "up", "prod");
        for (const shard of ["prod.payments", "prod.commerce"]) {
            assert.ok(foundation.end <= span(calls, "up", shard).start, `${shard} started before prod was done`);
        }
        // The two shards ran side by side (--parallel defaults to more than two): each up waited for the other's.
        const [a, b] = [span(calls, "up", "prod.payments"), span(calls, "up", "prod.commerce")];
        assert.ok(a.start < b.end && b.start < a.end, "the shards ran one after the other");
        assert.match(stdout, /^\[prod\.payments\] Updating \(prod\.payments\):$/m);
        assert.match(stdout, /^prod\.commerce +succeeded +create 2, same 40$/m);
        assert.equal(started(calls, "preview").length, 0);
    });

    it("WHEN --yes is left out THEN every stack is previewed, its changes read from the engine's events, and nothing updated", async () => {
        const { code, stdout, calls } = await deployWithStandIn(["--stack", "prod"], {
            STANDIN_CHANGES: '{"create":1,"update":4,"same":7}',
        });
        assert.equal(code, 0, stdout);
        assert.equal(started(calls, "up").length, 0);
        const previews = started(calls, "preview");
        assert.deepEqual(previews.map((c) => c.stack).sort(), ["prod", "prod.commerce", "prod.payments"]);
        // CLIs after 3.205 stream the events to the Automation API's gRPC server.
        assert.ok(previews.every((c) => /^tcp:\/\/127\.0\.0\.1:\d+$/.test(c.args[c.args.indexOf("--event-log") + 1] ?? "")));
        assert.match(stdout, /^prod\.payments +previewed +create 1, update 4, same 7$/m);
        assert.match(stdout, /Preview only: run again with --yes to deploy/);
    });

    it("WHEN one shard fails THEN the other is still deployed, and the run exits 1 naming the failed one", async () => {
        const { code, stdout, stderr, calls } = await deployWithStandIn(["--stack", "prod", "--yes", "--parallel", "1"], {
            STANDIN_FAIL: "prod.payments",
        });
        assert.equal(code, 1);
        assert.equal(stderr, "not deployed: prod.payments (failed)\n");
        assert.deepEqual(
            started(calls, "up").map((c) => c.stack),
            ["prod", "prod.payments", "prod.commerce"],
        );
        assert.match(stdout, /^prod\.payments +failed +error: update of prod\.payments failed: the stand-in was told to fail it$/m);
        assert.match(stdout, /^prod\.commerce +succeeded +create 2, same 40$/m);
    });

    it("WHEN --team is given THEN only the team's shard is selected and deployed", async () => {
        const { code, calls } = await deployWithStandIn(["--stack", "prod", "--team", "retail", "--yes"]);
        assert.equal(code, 0);
        assert.deepEqual(
            started(calls, "stack", "select").map((c) => c.stack),
            ["prod.commerce"],
        );
        assert.deepEqual(
            started(calls, "up").map((c) => c.stack),
            ["prod.commerce"],
        );
    });

    it("GIVEN a CLI older than the project's minimum THEN the Automation API's check refuses it and nothing is deployed", async () => {
        const { code, stdout, stderr, calls } = await deployWithStandIn(["--stack", "prod", "--yes"], { STANDIN_VERSION: "3.100.0" });
        assert.equal(code, 1);
        assert.match(stdout, /^prod +failed +Minimum version requirement failed\. The minimum CLI version requirement is 3\.150\.0/m);
        assert.match(stdout, /^prod\.payments +skipped +not deployed: prod failed$/m);
        assert.equal(stderr, "not deployed: prod (failed), prod.payments (skipped), prod.commerce (skipped)\n");
        assert.deepEqual(started(calls, "up"), []);
    });
});
