import * as path from "node:path";
import { diskTree } from "../core/base/sourceTree";
import type { SupplyChainContext } from "../plan/supplyChainCli";

/**
 * Runs a command that reads the repository's configuration but not the program (`npm run lock`,
 * `npm run publish-charts`) with the process's arguments and streams, and exits with its code once
 * stdout is written out.
 */
export function runTool(cli: (argv: readonly string[], context: SupplyChainContext) => Promise<number>): void {
    const root = path.resolve(__dirname, "..");
    cli(process.argv.slice(2), {
        root,
        tree: diskTree(root),
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
    }).then(
        // Once stdout is written out: process.exit does not wait for a pipe.
        (code) => process.stdout.write("", () => process.exit(code)),
        (error) => {
            console.error(error instanceof Error ? error.message : error);
            process.exit(1);
        },
    );
}
