/**
 * helm-platform: one stack per environment. Loads and validates all configuration (nothing is
 * registered when anything is wrong), builds the platform, and exports the stack outputs.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { Platform } from "./components";
import { ConfigError, formatLocation, formatProblems } from "./core/base/problems";
import { diskTree, type SourceTree } from "./core/base/sourceTree";
import { counted } from "./core/base/words";
import { evaluateGovernance, type Finding } from "./core/governance";
import { loadConfiguration } from "./core/load/loadConfiguration";
import type { PlatformModel } from "./core/model/platform";
import { releaseInventory } from "./core/releases/inventory";
import type { OwnedSecrets } from "./core/values/secrets";

/** Under `pulumi up` the runtime calls this with no argument; the offline plan passes its own tree. */
export = async (tree: SourceTree = diskTree(__dirname)) => {
    const model = loadOrExplain(tree);
    const findings = evaluateGovernance(model);
    for (const f of findings.filter((f) => f.level === "warning")) {
        pulumi.log.warn(describe(f));
    }
    const errors = findings.filter((f) => f.level === "error");
    if (errors.length > 0) {
        throw new pulumi.RunError(
            [`${counted(errors.length, "governance error")}; ${outcome()}:`, ...errors.map((f) => `  - ${describe(f)}`)].join("\n"),
        );
    }

    // Read as a secret: the values never appear in plain text in state, outputs or previews.
    const secrets = new pulumi.Config().getSecretObject<OwnedSecrets>("secrets");
    const platform = new Platform(model.environment.name, { model, secrets, kubeconfigs: ambientKubeconfigs(model) });
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
        throw error instanceof ConfigError ? new pulumi.RunError(formatProblems(error.problems, outcome())) : error;
    }
}

/** What a stopped run means: `pulumi up` deployed nothing; a preview, or the offline plan, would deploy nothing. */
function outcome(): string {
    return pulumi.runtime.isDryRun() ? "nothing would be deployed" : "nothing was deployed";
}

function describe(f: Finding): string {
    return `[${f.rule}] ${f.at ? `${formatLocation(f.at)} ` : ""}${f.where}: ${f.message}`;
}

/**
 * The kubeconfig of the machine running Pulumi (`$KUBECONFIG`, else `~/.kube/config`), for clusters
 * reached by one of its contexts: team releases impersonate their installer from it. Read only when
 * such a cluster exists.
 */
function ambientKubeconfigs(model: PlatformModel): Record<string, pulumi.Output<string>> {
    const byContext = model.environment.clusters.filter((c) => c.kind === "existing" && c.kubeconfigContext);
    const file = (process.env.KUBECONFIG ?? "").split(path.delimiter).find(Boolean) ?? path.join(os.homedir(), ".kube", "config");
    if (byContext.length === 0 || !fs.existsSync(file)) {
        return {};
    }
    const text = pulumi.secret(fs.readFileSync(file, "utf8"));
    return Object.fromEntries(byContext.map((c) => [c.name, text]));
}
