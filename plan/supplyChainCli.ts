/**
 * What the supply-chain commands (`npm run lock`, `npm run publish-charts`) share: the stacks they
 * work on, loaded without the lock, and how they reach each stack's registry.
 */
import { Command, Option } from "commander";
import { formatProblem } from "../core/base/problems";
import { loadEnvironmentModel } from "../core/load/environmentModel";
import type { StackModel } from "../core/model/stackModel";
import type { CliContext } from "./cli";
import { parseOptions } from "./cliOptions";
import { installedHelm } from "./helm";
import type { RegistryClient } from "./oci";

/** The context of a supply-chain command; `helm` and `env` let a test give its own Helm and registry login. */
export interface SupplyChainContext extends Pick<CliContext, "root" | "tree" | "stdout" | "stderr"> {
    readonly helm?: string;
    readonly env?: NodeJS.ProcessEnv;
}

/** The environment variable that sets `--registry-endpoint`. */
export const REGISTRY_ENDPOINT_VARIABLE = "HELM_PLATFORM_REGISTRY_ENDPOINT";

/** The option every supply-chain command takes: another address of the environment's registry. */
export const endpointOption = () =>
    new Option(
        "--registry-endpoint <host>",
        "talk to the registry at this address (a mirror, a private endpoint's name, a test registry); the lock still names the stack's registry",
    ).env(REGISTRY_ENDPOINT_VARIABLE);

/** Parses `argv`, or returns the exit code: 0 for --help, 2 for bad arguments. */
export function parse<T extends object>(command: Command, argv: readonly string[], context: SupplyChainContext): T | number {
    return parseOptions<T>(command.exitOverride().configureOutput({ writeOut: context.stdout, writeErr: context.stderr }), argv);
}

/**
 * One environment's model, all of its stacks together (the lock and the registry are the
 * environment's), loaded without `charts.lock.yaml` (these commands write and check it), or its problems.
 */
export function loadEnvironment(context: SupplyChainContext, environment: string): StackModel | string {
    try {
        return loadEnvironmentModel(context.tree, environment, { lock: "ignore" });
    } catch (error) {
        const problems = (error as { problems?: readonly Parameters<typeof formatProblem>[0][] }).problems;
        if (problems) {
            return `${environment} has configuration problems:\n${problems.map((p) => `  - ${formatProblem(p)}`).join("\n")}`;
        }
        throw error;
    }
}

/**
 * Why a bootstrapping environment (`helm-platform:bootstrap: true`) has nothing to publish or lock yet:
 * its model installs no chart, so a publication would push nothing and a lock would drop its section.
 * Undefined when it is not bootstrapping.
 */
export function bootstrapping(model: StackModel, command: string): string | undefined {
    const { name } = model.environment;
    return model.environment.bootstrap
        ? `${name} is bootstrapping (helm-platform:bootstrap: true in Pulumi.${name}.yaml), so it installs no chart yet: after its first up, ` +
              `pulumi config rm helm-platform:bootstrap --stack ${name}, then ${command} -- --stack ${name} (docs/first-deployment.md)`
        : undefined;
}

/** How to reach a stack's registry, or why there is no Helm to do it with. */
export function clientFor(context: SupplyChainContext, model: StackModel, endpoint: string | undefined): RegistryClient | string {
    const helm = context.helm ?? installedHelm(context.root);
    if (!helm) {
        return "no Helm on this machine: npm run tools installs it";
    }
    return { helm, endpoint: endpoint ?? model.environment.registry.loginServer, env: context.env };
}

export { Command, Option };
