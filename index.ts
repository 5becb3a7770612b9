/**
 * helm-platform: one stack per environment. Loads and validates all configuration (nothing is
 * registered when anything is wrong), builds the platform, and exports the stack outputs.
 */
import * as pulumi from "@pulumi/pulumi";
import { Platform } from "./components";
import { evaluateGovernance } from "./core/governance";
import { loadConfiguration } from "./core/loadConfiguration";
import { ConfigError } from "./core/problems";
import { releaseInventory } from "./core/report";
import { diskTree, type SourceTree } from "./core/sourceTree";

/** Under `pulumi up` the runtime calls this with no argument; the offline plan passes its own tree. */
export = async (tree: SourceTree = diskTree(__dirname)) => {
    const model = loadOrExplain(tree);
    const findings = evaluateGovernance(model);
    findings.filter((f) => f.level === "warning").forEach((f) => pulumi.log.warn(`[${f.rule}] ${f.where}: ${f.message}`));
    const errors = findings.filter((f) => f.level === "error");
    if (errors.length > 0) {
        throw new pulumi.RunError(
            [`${errors.length} governance error(s); nothing was deployed:`, ...errors.map((f) => `  - [${f.rule}] ${f.where}: ${f.message}`)].join("\n"),
        );
    }

    // Read as a secret: the values never appear in plain text in state, outputs or previews.
    const secrets = new pulumi.Config().getSecretObject<Record<string, string>>("secrets");
    const platform = new Platform(model.environment.name, { model, secrets });
    return {
        environment: model.environment.name,
        clusters: platform.clusterOutputs(),
        registry: { loginServer: platform.registry.loginServer, chartBaseUrl: platform.registry.chartBaseUrl },
        releases: releaseInventory(model),
    };
};

function loadOrExplain(tree: SourceTree) {
    try {
        return loadConfiguration({ tree, stack: pulumi.getStack(), config: pulumi.runtime.allConfig() });
    } catch (error) {
        // A clean message instead of a stack trace: the report already says file, line and key.
        throw error instanceof ConfigError ? new pulumi.RunError(error.message) : error;
    }
}
