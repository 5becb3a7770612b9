import * as path from "node:path";
import { diskTree } from "../core/base/sourceTree";
import type { CliContext } from "../plan/cli";
import { type Program, tuneForPlanning } from "../plan/runPlan";

/** The real program, loaded when a command first plans: `--help` and bad arguments need none of it. */
export const program: Program = (tree) => (require("../index") as Program)(tree);

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
    }).then(
        (code) => process.exit(code),
        (error) => {
            console.error(error instanceof Error ? error.message : error);
            process.exit(1);
        },
    );
}
