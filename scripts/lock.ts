/**
 * `npm run lock [-- --stack <env>] [--check]` (see plan/lockCli.ts): the digest of every chart version
 * each stack installs, written to charts.lock.yaml, or compared with what the registry serves.
 */
import { runLockCli } from "../plan/lockCli";
import { runTool } from "./runTool";

runTool(runLockCli);
