import { diskTree } from "../core/base/sourceTree";
import type { CliContext } from "../plan/cli";
import type { Program } from "../plan/runPlan";
import { tuneForPlanning } from "../plan/tuning";
import { runScript } from "./runScript";

/** The real program, loaded when a command first plans: `--help` and bad arguments need none of it. */
const stackProgram = (): Program => (require("../program/stack") as typeof import("../program/stack")).program;
export const program: Program = {
    loadStack: (...args) => stackProgram().loadStack(...args),
    runStack: (loaded) => stackProgram().runStack(loaded),
};

/**
 * Runs a command of the offline plan (`npm run plan`, `npm run drift`) on this repository and the real
 * program, with the process's arguments and streams, and exits with its code once stdout is written
 * out: a worker's last line can be megabytes long, and a pipe drains slowly (see {@link runScript}).
 */
export function runCli(cli: (argv: readonly string[], context: CliContext) => Promise<number>): void {
    tuneForPlanning();
    runScript((argv, context) =>
        cli(argv, {
            ...context,
            tree: diskTree(context.root),
            program,
            // This script again, with the same loader: several stacks are planned in processes of their own.
            worker: { command: process.execPath, args: [...process.execArgv, process.argv[1] as string], cwd: process.cwd() },
        }),
    );
}
