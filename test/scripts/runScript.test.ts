import * as assert from "node:assert/strict";
import { CommanderError } from "commander";
import { commandLineContext, runScript, type ScriptContext, scriptCommand } from "../../scripts/runScript";
import { ROOT } from "../helpers";
import { asProcess } from "../support/scriptProcess";

/** A context that keeps what is written. */
function captured(): ScriptContext & { out: string[]; err: string[] } {
    const out: string[] = [];
    const err: string[] = [];
    return { root: ROOT, stdout: (t) => out.push(t), stderr: (t) => err.push(t), out, err };
}

/** What parsing `argv` with `command` throws. */
function thrown(command: ReturnType<typeof scriptCommand>, argv: string[]): CommanderError {
    try {
        command.parse(argv, { from: "user" });
    } catch (error) {
        assert.ok(error instanceof CommanderError, String(error));
        return error;
    }
    throw new Error("parsing did not throw");
}

describe("how a script runs (scripts/runScript.ts)", () => {
    describe("scriptCommand", () => {
        it("GIVEN --help THEN the usage goes to the context's stdout and commander throws instead of exiting", () => {
            const context = captured();
            const error = thrown(scriptCommand("demo", context).option("--fast", "go fast"), ["--help"]);
            assert.deepEqual([error.code, error.exitCode], ["commander.helpDisplayed", 0]);
            assert.match(context.out.join(""), /^Usage: demo \[options\]\n[\s\S]*--fast +go fast\n/);
            assert.deepEqual(context.err, []);
        });

        it("GIVEN an unknown option THEN the error goes to the context's stderr, and commander throws", () => {
            const context = captured();
            const error = thrown(scriptCommand("demo", context), ["--slow"]);
            assert.equal(error.code, "commander.unknownOption");
            assert.deepEqual(context.err, ["error: unknown option '--slow'\n"]);
            assert.deepEqual(context.out, []);
        });
    });

    it("GIVEN the command line THEN the context is the repository the script lives in, writing to the process's streams", async () => {
        const context = commandLineContext();
        assert.equal(context.root, ROOT);
        const run = await asProcess([], () => {
            context.stdout("to stdout");
            context.stderr("to stderr");
            process.exit(0);
        });
        assert.deepEqual([run.stdout, run.stderr], ["to stdout", "to stderr"]);
    });

    describe("runScript", () => {
        it("GIVEN a script's work THEN it gets the arguments after the script's name and the command line's context, and its code is the exit code", async () => {
            let given: { argv: readonly string[]; root: string } | undefined;
            const run = await asProcess(["--stack", "dev"], () =>
                runScript((argv, context) => {
                    given = { argv, root: context.root };
                    context.stdout("done\n");
                    return 3;
                }),
            );
            assert.deepEqual(given, { argv: ["--stack", "dev"], root: ROOT });
            assert.deepEqual([run.code, run.stdout, run.stderr], [3, "done\n", ""]);
            assert.equal(run.unflushed, 0, "it exits once stdout is written out");
        });

        it("GIVEN asynchronous work THEN the process exits with the code it resolves to, once it is done", async () => {
            const run = await asProcess([], () =>
                runScript(async (_argv, context) => {
                    await new Promise((resolve) => setTimeout(resolve, 5));
                    context.stdout("later\n");
                    return 0;
                }),
            );
            assert.deepEqual([run.code, run.stdout], [0, "later\n"]);
        });

        it("GIVEN work that throws, or rejects with something other than an Error THEN exit 1 with its message and no stack trace", async () => {
            const threw = await asProcess([], () =>
                runScript(() => {
                    throw new Error("the stack file is gone");
                }),
            );
            assert.deepEqual([threw.code, threw.stderr], [1, "the stack file is gone\n"]);
            const rejected = await asProcess([], () => runScript(() => Promise.reject("no registry")));
            assert.deepEqual([rejected.code, rejected.stderr], [1, "no registry\n"]);
        });
    });
});
