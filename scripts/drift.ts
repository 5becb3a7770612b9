/**
 * Live drift: `npm run drift -- --stack <env>` (see plan/driftCli.ts). Plans the stack offline, reads
 * what its clusters run with Helm, and reports every difference.
 */
import { runDriftCli } from "../plan/driftCli";
import { runCli } from "./runCli";

runCli(runDriftCli);
