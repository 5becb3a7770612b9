import type { DeployMode, ResourceChanges, StackRunner } from "./deployCli";

/**
 * The deploy's stack runner on Pulumi's Automation API: each stack selected in a `LocalWorkspace` on
 * `workDir` (the repository, with its `Pulumi.yaml` and stack files) and previewed or updated by the
 * `pulumi` CLI found on the PATH, which must be at least `minimumVersion` (the Automation API's own
 * check on `pulumi version`, unless `PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK` is set). The CLI is
 * looked up once, for every stack. Shards run side by side in one working directory: `stack select`
 * only sets the workspace's default stack, and every command after it names its stack (`--stack`).
 *
 * @see https://www.pulumi.com/docs/iac/using-pulumi/automation-api/
 */
export function automationRunner(workDir: string, minimumVersion: string): StackRunner {
    // Loaded on first use: the Automation API brings gRPC and the CLI wrapper, which --help never needs.
    const automation = () => require("@pulumi/pulumi/automation") as typeof import("@pulumi/pulumi/automation");
    let cli: ReturnType<typeof import("@pulumi/pulumi/automation").PulumiCommand.get> | undefined;
    return async (stackName: string, mode: DeployMode, onOutput: (text: string) => void): Promise<ResourceChanges> => {
        const { LocalWorkspace, PulumiCommand } = automation();
        const semver = require("semver") as typeof import("semver");
        cli ??= PulumiCommand.get({ version: new semver.SemVer(minimumVersion) });
        const stack = await LocalWorkspace.selectStack({ stackName, workDir }, { pulumiCommand: await cli });
        if (mode === "preview") {
            return (await stack.preview({ onOutput, diff: true })).changeSummary;
        }
        return (await stack.up({ onOutput })).summary.resourceChanges ?? {};
    };
}
