import * as path from "node:path";
import { Command } from "commander";

/** Where a script runs and where it writes: the command line's, or a test's. */
export interface ScriptContext {
    /** The repository the script works on. */
    readonly root: string;
    readonly stdout: (text: string) => void;
    readonly stderr: (text: string) => void;
}

/** A script's work: its arguments (after its name) in, its exit code out. */
export type ScriptMain = (argv: readonly string[], context: ScriptContext) => number | Promise<number>;

/**
 * A script's command line as commander parses it, writing to the context's streams and throwing
 * instead of exiting: {@link parseOptions} turns `--help` into 0 and bad arguments into 2.
 */
export function scriptCommand(name: string, context: ScriptContext): Command {
    return new Command(name).exitOverride().configureOutput({ writeOut: context.stdout, writeErr: context.stderr });
}

/** The context of a script run from the command line, in the repository it lives in. */
export function commandLineContext(): ScriptContext {
    return {
        root: path.resolve(__dirname, ".."),
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
    };
}

/**
 * Runs a script's work with the process's arguments and streams and exits with its code once stdout
 * is written out (without waiting for timers a library leaves behind); a failure is its message, not a
 * stack trace.
 */
export function runScript(main: ScriptMain): void {
    const fail = (error: unknown) => {
        process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
    };
    try {
        Promise.resolve(main(process.argv.slice(2), commandLineContext())).then(
            (code) => process.stdout.write("", () => process.exit(code)),
            fail,
        );
    } catch (error) {
        fail(error);
    }
}
