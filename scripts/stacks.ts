/**
 * The Pulumi stacks of each environment in deploy order: `npm run stacks -- [--env <env>] [--json |
 * --github-output]` (see plan/stacksCli.ts). The deploy workflow runs it to know what to deploy.
 */
import { runStacksCli } from "../plan/stacksCli";
import { runCli } from "./runCli";

runCli(runStacksCli);
