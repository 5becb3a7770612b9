/**
 * `npm run publish-charts -- --stack <env>` (see plan/publishCli.ts): packages, signs and pushes every
 * chart version the stack installs that its registry lacks, and mirrors the platform's charts.
 */
import { runPublishCli } from "../plan/publishCli";
import { runTool } from "./runTool";

runTool(runPublishCli);
