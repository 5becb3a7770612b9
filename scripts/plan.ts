/**
 * Offline plan: `npm run plan -- --stack <env>`, `npm run plan -- --all`, `npm run plan -- --help`.
 * Runs the real program (index.ts) in-process on the Pulumi SDK's mocks, with no Pulumi CLI and no
 * cloud credentials; see plan/cli.ts for the options.
 */
import { runPlanCli } from "../plan/cli";
import { runCli } from "./runCli";

runCli(runPlanCli);
