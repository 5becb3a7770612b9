/**
 * Deploys an environment's stacks from this checkout: `npm run deploy -- --stack <env> [--team <team>]
 * [--yes] [--parallel <n>]` (see plan/deployCli.ts): the foundation or single stack first, then the
 * shards side by side, through Pulumi's Automation API and the `pulumi` CLI on the PATH.
 */
import * as path from "node:path";
import { diskTree } from "../core/base/sourceTree";
import { automationRunner } from "../plan/automation";
import { runDeployCli } from "../plan/deployCli";
import { PULUMI_CLI_MINIMUM } from "./doctorChecks";

const root = path.resolve(__dirname, "..");
runDeployCli(process.argv.slice(2), {
    tree: diskTree(root),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    runner: () => automationRunner(root, PULUMI_CLI_MINIMUM),
}).then(
    (code) => process.stdout.write("", () => process.exit(code)),
    (error) => {
        console.error(error instanceof Error ? error.message : error);
        process.exit(1);
    },
);
