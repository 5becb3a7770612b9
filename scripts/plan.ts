/**
 * Offline plan: `npm run plan -- --stack <env>`, `npm run plan -- --all`, `npm run plan -- --help`.
 * Runs the real program (index.ts) in-process on the Pulumi SDK's mocks, with no Pulumi CLI and no
 * cloud credentials; see plan/cli.ts for the options.
 */
import * as path from "node:path";

import program = require("../index");

import { diskTree } from "../core/base/sourceTree";
import { runPlanCli } from "../plan/cli";
import { tuneForPlanning } from "../plan/runPlan";

tuneForPlanning();
const root = path.resolve(__dirname, "..");
runPlanCli(process.argv.slice(2), {
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
