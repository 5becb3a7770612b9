/**
 * The sample's placeholders still in a stack's files: `npm run placeholders -- [--stack <env|stack>]`
 * (see plan/placeholdersCli.ts). A real `pulumi up` refuses to run while one remains.
 */
import { runPlaceholdersCli } from "../plan/placeholdersCli";
import { runCli } from "./runCli";

runCli(runPlaceholdersCli);
