/**
 * Deploys an environment's stacks from this checkout: `npm run deploy -- --stack <env> [--team <team>]
 * [--yes] [--parallel <n>]` (see plan/deployCli.ts): the foundation or single stack first, then the
 * shards side by side, through Pulumi's Automation API and the `pulumi` CLI on the PATH.
 */
import { diskTree } from "../core/base/sourceTree";
import { automationRunner } from "../plan/automation";
import { runDeployCli } from "../plan/deployCli";
import { PULUMI_CLI_MINIMUM } from "./doctorChecks";
import { runScript, type ScriptContext } from "./runScript";

/** Runs the script with `argv` (the arguments after its name) on the repository of `context`; returns its exit code. */
export function runDeployScript(argv: readonly string[], context: ScriptContext): Promise<number> {
    return runDeployCli(argv, {
        tree: diskTree(context.root),
        stdout: context.stdout,
        stderr: context.stderr,
        runner: () => automationRunner(context.root, PULUMI_CLI_MINIMUM),
    });
}

if (require.main === module) {
    runScript(runDeployScript);
}
