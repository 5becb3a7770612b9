import { diskTree } from "../core/base/sourceTree";
import type { SupplyChainContext } from "../plan/supplyChainCli";
import { runScript } from "./runScript";

/**
 * Runs a command that reads the repository's configuration but not the program (`npm run lock`,
 * `npm run publish-charts`) with the process's arguments and streams, and exits with its code once
 * stdout is written out (see {@link runScript}).
 */
export function runTool(cli: (argv: readonly string[], context: SupplyChainContext) => Promise<number>): void {
    runScript((argv, context) => cli(argv, { ...context, tree: diskTree(context.root) }));
}
