import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { diskTree } from "../../core/base/sourceTree";
import { ROOT } from "../helpers";
import { tempDir } from "../support/temp";

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
    const temp = tempDir("script-args-");
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

/**
 * How a script runs its work, and so how this test runs it in this process: `runCli(runXCli)` and
 * `runTool(runXCli)` hand it to a command of `plan/` (`module`); `runScript(runX)` to the script's own.
 */
interface Entry {
    readonly runner: "runCli" | "runTool" | "runScript";
    readonly module: string;
    readonly name: string;
}

/** The entry of the script an npm script runs, or undefined when it follows none of the three shapes. */
function entryOf(command: string): Entry | undefined {
    const file = (/^tsx (scripts\/[\w-]+)\.ts$/.exec(command) as RegExpExecArray)[1] as string;
    const text = fs.readFileSync(path.join(ROOT, `${file}.ts`), "utf8");
    const own = /^ {4}runScript\((run\w+)\);$/m.exec(text);
    if (own && new RegExp(`^export (async )?function ${own[1]}\\(`, "m").test(text)) {
        return { runner: "runScript", module: file, name: own[1] as string };
    }
    const call = /^(runCli|runTool)\((?:\(argv, context\) => )?(run\w+Cli)(?:\(argv, context\))?\);$/m.exec(text);
    const imported = call && new RegExp(`^import \\{ ${call[2]} \\} from "\\.\\./(plan/\\w+)";$`, "m").exec(text);
    return call && imported
        ? { runner: call[1] as "runCli" | "runTool", module: imported[1] as string, name: call[2] as string }
        : undefined;
}

/**
 * Runs a script's work in this process, as its runner would (the real program, this repository), with
 * a temporary folder of its own: spawning every script would start Node and the SDK forty times over.
 * Each runner is spawned once below, for what only a process shows (its exit code and streams).
 */
async function runInProcess(entry: Entry, args: readonly string[]): Promise<ScriptRun> {
    const module = (await import(path.join(ROOT, entry.module))) as Record<string, unknown>;
    const run = module[entry.name] as (argv: readonly string[], context: object) => number | Promise<number>;
    let stdout = "";
    let stderr = "";
    const { program } = await import("../../scripts/runCli");
    const temp = tempDir("script-args-");
    const tmpdir = process.env["TMPDIR"];
    process.env["TMPDIR"] = temp;
    try {
        const status = await run(args, {
            root: ROOT,
            tree: diskTree(ROOT),
            program,
            stdout: (t: string) => (stdout += t),
            stderr: (t: string) => (stderr += t),
        });
        return { status, stdout, stderr, leftInTemp: fs.readdirSync(temp) };
    } finally {
        if (tmpdir === undefined) {
            delete process.env["TMPDIR"];
        } else {
            process.env["TMPDIR"] = tmpdir;
        }
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

    it("GIVEN every script of ours THEN it runs its work through runCli, runTool or runScript", () => {
        const shapeless = OURS.filter(([, command]) => !entryOf(command)).map(([name]) => name);
        assert.deepEqual(shapeless, []);
    });

    // Each runner once through a real process, with its lightest script (the fewest modules to load).
    const SPAWNED: Readonly<Record<Entry["runner"], string>> = { runCli: "stacks", runTool: "lock", runScript: "schemas" };
    for (const [runner, name] of Object.entries(SPAWNED)) {
        assert.equal(entryOf(scripts[name] as string)?.runner, runner, `npm run ${name} runs through ${runner}`);
    }

    for (const [name, command] of OURS) {
        const entry = entryOf(command);
        if (!entry) {
            continue;
        }
        const viaProcess = SPAWNED[entry.runner] === name;
        const run = (args: string[]) => (viaProcess ? Promise.resolve(runScript(command, args)) : runInProcess(entry, args));
        const how = viaProcess ? "" : ` (in this process, as ${entry.runner} runs it)`;

        it(`GIVEN --help WHEN npm run ${name}${how} THEN it prints its usage and exit codes and exits 0 without starting any work`, async () => {
            const before = workTreeState();
            const result = await run(["--help"]);
            assert.equal(result.status, 0, result.stderr);
            assert.match(result.stdout, /^Usage: \S+ \[options\]/);
            assert.match(result.stdout, /Exit codes: 0 /);
            assert.match(result.stdout, /-h, --help +display help for command\n/);
            assert.equal(result.stderr, "");
            assert.deepEqual(result.leftInTemp, [], "nothing left in the temporary folder");
            assert.equal(workTreeState(), before, "nothing written into the work tree");
        });

        it(`GIVEN an unknown option WHEN npm run ${name}${how} THEN it names the option, prints no stack trace and exits 2`, async () => {
            const before = workTreeState();
            const result = await run(["--no-such-option"]);
            assert.equal(result.status, 2, `${result.stdout}${result.stderr}`);
            assert.equal(result.stderr, "error: unknown option '--no-such-option'\n");
            assert.equal(result.stdout, "");
            assert.deepEqual(result.leftInTemp, []);
            assert.equal(workTreeState(), before);
        });
    }

    const inProcess = (name: string, args: readonly string[]) => runInProcess(entryOf(scripts[name] as string) as Entry, args);

    it("GIVEN bench --generate with something other than a count THEN it exits 2 naming the value", async () => {
        const run = await inProcess("bench", ["--generate", "many"]);
        assert.equal(run.status, 2);
        assert.match(run.stderr, /'--generate <teams>' argument 'many' is invalid\. not a whole number of at least 1\./);
        assert.deepEqual(run.leftInTemp, []);
    });
});
