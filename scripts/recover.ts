/**
 * Stuck releases: `npm run recover -- --stack <env> [--release <release>] [--apply]` (see plan/recoverCli.ts).
 * A dry run by default: reads Helm's history of every pending release the plan owns and prints what it would do.
 */
import { runRecoverCli } from "../plan/recoverCli";
import { runCli } from "./runCli";

runCli(runRecoverCli);
