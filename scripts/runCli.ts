import * as path from "node:path";
import { diskTree } from "../core/base/sourceTree";
import type { CliContext } from "../plan/cli";
import type { Program } from "../plan/runPlan";
import { tuneForPlanning } from "../plan/tuning";

/** The real program, loaded when a command first plans: `--help` and bad arguments need none of it. */
const stackProgram = (): Program => (require("../program/stack") as typeof import("../program/stack")).program;
export const program: Program = {
    loadStack: (...args) => stackProgram().loadStack(...args),
    runStack: (loaded) => stackProgram().runStack(loaded),
};

/**
 * Runs a command of the offline plan (`npm run plan`, `npm run drift`) on this repository and the real
 * program, with the process's arguments and streams, and exits with its code.
 */
export function runCli(cli: (argv: readonly string[], context: CliContext) => Promise<number>): void {
    tuneForPlanning();
    const root = path.resolve(__dirname, "..");
    cli(process.argv.slice(2), {
        root,
        tree: diskTree(root),
        program,
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
        // This script again, with the same loader: several stacks are planned in processes of their own.
        worker: { command: process.execPath, args: [...process.execArgv, process.argv[1] as string], cwd: process.cwd() },
    }).then(
        // Exit once stdout is written out: a worker's last line can be megabytes long, and a pipe drains slowly.
        (code) => process.stdout.write("", () => process.exit(code)),
        (error) => {
            console.error(error instanceof Error ? error.message : error);
            process.exit(1);
        },
    );
}
