/**
 * Break-glass holds: `npm run holds -- --stack <env> --pulls <gh pr list JSON> [--targets "<urns>"]` (see plan/holdsCli.ts).
 * The deploy workflows ask it what pulumi up may touch while a break-glass pull request is open.
 */
import { runHoldsCli } from "../plan/holdsCli";
import { runCli } from "./runCli";

runCli(runHoldsCli);
