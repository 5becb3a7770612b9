import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ROOT } from "../helpers";

const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;

/** npm scripts that are another tool's own command line (tsc, Biome, mocha): their options are the tool's. */
const TOOL_SCRIPTS: Readonly<Record<string, RegExp>> = {
    build: /^tsc /,
    test: /^tsc .* && biome check \. && mocha$/,
    lint: /^biome check /,
    format: /^biome check --write /,
    prepack: /^npm run build$/,
};

/** Every other npm script runs one of ours: `tsx scripts/<file>.ts`. */
const OURS = Object.entries(scripts).filter(([name]) => !(name in TOOL_SCRIPTS));
const TSX = path.join(ROOT, "node_modules/tsx/dist/cli.mjs");
const TSX_CACHE = path.join(os.tmpdir(), `tsx-${os.userInfo().uid}`);

interface ScriptRun {
    readonly status: number | null;
    readonly stdout: string;
    readonly stderr: string;
    /** What the run left in its temporary folder (tsx's own cache aside). */
    readonly leftInTemp: string[];
}

/**
 * Runs an npm script's command as npm would (its file with tsx, from the repository), with a temporary
 * folder of its own so that anything it leaves there is seen. tsx's cache is shared, not rebuilt.
 */
function runScript(command: string, args: readonly string[]): ScriptRun {
    const file = (/^tsx (scripts\/[\w-]+\.ts)$/.exec(command) as RegExpExecArray)[1];
    const temp = fs.mkdtempSync(path.join(os.tmpdir(), "script-args-"));
    fs.mkdirSync(TSX_CACHE, { recursive: true });
    fs.symlinkSync(TSX_CACHE, path.join(temp, path.basename(TSX_CACHE)));
    try {
        const run = spawnSync(process.execPath, [TSX, file, ...args], {
            cwd: ROOT,
            encoding: "utf8",
            env: { ...process.env, TMPDIR: temp },
            timeout: 60_000,
        });
        const leftInTemp = fs.readdirSync(temp).filter((entry) => entry !== path.basename(TSX_CACHE));
        return { status: run.status, stdout: run.stdout, stderr: run.stderr, leftInTemp };
    } finally {
        fs.rmSync(temp, { recursive: true, force: true });
    }
}

/** Working-tree entries that are neither tracked nor ignored, and the state of `out/`. */
function workTreeState(): string {
    const out = path.join(ROOT, "out");
    const untracked = spawnSync("git", ["status", "--porcelain", "--untracked-files=all"], { cwd: ROOT, encoding: "utf8" }).stdout;
    return `${untracked}\nout/: ${fs.existsSync(out) ? fs.statSync(out).mtimeMs : "absent"}`;
}

describe("every npm script's arguments (scripts/args.ts)", function () {
    this.timeout(120_000);

    it("GIVEN package.json THEN every script is either one of ours, run with tsx, or a tool's own command line", () => {
        for (const [name, command] of Object.entries(scripts)) {
            const tool = TOOL_SCRIPTS[name];
            assert.match(command, tool ?? /^tsx scripts\/[\w-]+\.ts$/, `npm run ${name}: ${command}`);
        }
    });

    for (const [name, command] of OURS) {
        it(`GIVEN --help WHEN npm run ${name} THEN it prints its usage and exit codes and exits 0 without starting any work`, () => {
            const before = workTreeState();
            const run = runScript(command, ["--help"]);
            assert.equal(run.status, 0, run.stderr);
            assert.match(run.stdout, /^Usage: \S+ \[options\]/);
            assert.match(run.stdout, /Exit codes: 0 /);
            assert.match(run.stdout, /-h, --help +display help for command\n/);
            assert.equal(run.stderr, "");
            assert.deepEqual(run.leftInTemp, [], "nothing left in the temporary folder");
            assert.equal(workTreeState(), before, "nothing written into the work tree");
        });

        it(`GIVEN an unknown option WHEN npm run ${name} THEN it names the option, prints no stack trace and exits 2`, () => {
            const before = workTreeState();
            const run = runScript(command, ["--no-such-option"]);
            assert.equal(run.status, 2, `${run.stdout}${run.stderr}`);
            assert.equal(run.stderr, "error: unknown option '--no-such-option'\n");
            assert.equal(run.stdout, "");
            assert.deepEqual(run.leftInTemp, []);
            assert.equal(workTreeState(), before);
        });
    }

    it("GIVEN same-plan with something that is no commit THEN it says so and exits 2 before creating anything", () => {
        const notCommit = runScript(scripts["same-plan"] as string, ["no-such-branch"]);
        assert.equal(notCommit.status, 2);
        assert.equal(
            notCommit.stderr,
            "error: no-such-branch is not a commit of this repository (a branch, tag or commit such as HEAD or main)\n",
        );
        assert.deepEqual(notCommit.leftInTemp, []);
    });

    it("GIVEN bench --generate with something other than a count THEN it exits 2 naming the value", () => {
        const run = runScript(scripts["bench"] as string, ["--generate", "many"]);
        assert.equal(run.status, 2);
        assert.match(run.stderr, /'--generate <teams>' argument 'many' is invalid\. not a whole number of at least 1\./);
        assert.deepEqual(run.leftInTemp, []);
    });
});
