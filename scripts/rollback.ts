/**
 * Rollback as a change: `npm run rollback -- --stack <env> --release <team>-<app> (--to <ref> | --previous) [--pr]`
 * (see plan/rollbackCli.ts). Restores one release's own inputs in the working tree and prints what deploying them does.
 */
import { runRollbackCli } from "../plan/rollbackCli";
import { runCli } from "./runCli";

runCli(runRollbackCli);
