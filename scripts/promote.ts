/**
 * `npm run promote -- --release <team>-<app> --to <env>` (see plan/promoteCli.ts): a release's chart
 * version promoted into an environment, in its tenant file, once the promotion gate passes.
 */
import { runPromoteCli } from "../plan/promoteCli";
import { runTool } from "./runTool";

runTool(runPromoteCli);
