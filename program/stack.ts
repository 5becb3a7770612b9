/**
 * The stack program in its two halves: `loadStack` (read and validate every file, judge governance:
 * pure, in core/) and `deployEnvironment` (register the environment's resources from the model).
 * `index.ts` composes them for `pulumi up`; the offline plan loads once and hands the model in.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterOutputs } from "../components/cluster/connection";
import { ConfigError, formatLocation, formatProblem, formatProblems } from "../core/base/problems";
import type { SourceTree } from "../core/base/sourceTree";
import { counted } from "../core/base/words";
import type { Finding } from "../core/governance";
import { type LoadedStack, loadStack } from "../core/load/loadStack";
import { placeholderWarning } from "../core/load/placeholders";
import { platformComponentName } from "../core/model/componentNames";
import { FOUNDATION_CLUSTERS_OUTPUT, type FoundationCluster } from "../core/model/stack";
import type { StackModel } from "../core/model/stackModel";
import { releaseInventory } from "../core/releases/inventory";
import type { OwnedSecrets } from "../core/values/secrets";
import { type ChartPreflightOptions, missingCharts, preflightMessage } from "./chartPreflight";
import { Platform } from "./platform";

export { type LoadedStack, loadStack };

/**
 * What a stack exports (docs/stack-outputs.md): the single layout everything; a foundation its
 * clusters as its shards read them (no credentials) and the registry; a shard its releases.
 */
export interface StackOutputs {
    readonly environment: string;
    readonly shard?: string;
    readonly clusters?: Record<string, ClusterOutputs | pulumi.Output<FoundationCluster>>;
    readonly registry?: {
        readonly loginServer: pulumi.Output<string>;
        readonly chartBaseUrl: pulumi.Output<string>;
        /** The foundation's: the registry's ARM ID. */
        readonly id?: pulumi.Output<string>;
    };
    readonly releases?: ReturnType<typeof releaseInventory>;
}

export interface DeployOptions {
    /** `helm-platform:secrets`, `{ <owner>: { <name>: <value> } }`, as a Pulumi secret. @default none */
    readonly secrets?: pulumi.Input<OwnedSecrets>;
    /** The kubeconfig holding each `existing.kubeconfigContext` cluster's context, by cluster name (a secret). @default none */
    readonly kubeconfigs?: Readonly<Record<string, pulumi.Input<string>>>;
}

/** Registers everything one environment runs, from its validated model, and returns the stack outputs. */
export function deployEnvironment(model: StackModel, options: DeployOptions = {}): StackOutputs {
    const platform = new Platform(platformComponentName(model.environment.name), {
        model,
        secrets: options.secrets,
        kubeconfigs: options.kubeconfigs,
    });
    const environment = model.environment.name;
    const registry = platform.registry && { loginServer: platform.registry.loginServer, chartBaseUrl: platform.registry.chartBaseUrl };
    switch (model.stack.kind) {
        case "single":
            return { environment, clusters: withoutFoundation(platform.clusterOutputs()), registry, releases: releaseInventory(model) };
        case "foundation":
            // The registry's ARM ID too: its shards grant their teams' publishers on it.
            return {
                environment,
                [FOUNDATION_CLUSTERS_OUTPUT]: foundationOutputs(platform),
                registry: registry && { ...registry, id: platform.registry?.registry.id },
            };
        case "shard":
            return { environment, shard: model.stack.shard, releases: releaseInventory(model) };
    }
}

/** The single layout's cluster outputs, as they have always been. */
function withoutFoundation(clusters: Record<string, ClusterOutputs>): Record<string, ClusterOutputs> {
    return Object.fromEntries(Object.entries(clusters).map(([name, { foundation: _, ...outputs }]) => [name, outputs]));
}

/** Each cluster as the foundation's shards read it; no credential is exported for them to copy. */
function foundationOutputs(platform: Platform): Record<string, pulumi.Output<FoundationCluster>> {
    return Object.fromEntries(
        Object.entries(platform.clusterOutputs()).map(([name, c]) => [name, c.foundation ?? pulumi.output({ name: c.name as string })]),
    );
}

/** How the engine runs the second half; the offline plan gives none of it. */
export interface RunOptions {
    /**
     * Ask the chart registry for every chart version the stack installs before registering anything
     * (program/chartPreflight.ts); it needs the registry and Helm's login, so only a real run does.
     * @default not asked
     */
    readonly registryPreflight?: ChartPreflightOptions;
}

/**
 * Under the engine: loads the current stack from `tree`, with problems as one clean message (the
 * report already names file, line and key) instead of a stack trace.
 */
export function loadCurrentStack(tree: SourceTree): LoadedStack {
    try {
        return loadStack(tree, pulumi.getStack(), pulumi.runtime.allConfig());
    } catch (error) {
        throw error instanceof ConfigError ? new pulumi.RunError(formatProblems(error.problems, outcome())) : error;
    }
}

/**
 * The second half as the engine runs it: governance warnings logged, errors stop everything before a
 * resource is registered; then the secrets (read here, once, as a Pulumi secret) and the ambient
 * kubeconfig go to {@link deployEnvironment}.
 */
export async function runStack({ model, findings, placeholders }: LoadedStack, options: RunOptions = {}): Promise<StackOutputs> {
    if (placeholders.length > 0) {
        const lines = placeholders.map((p) => `  - ${formatProblem(p)}`);
        if (!pulumi.runtime.isDryRun()) {
            // The sample's stand-ins would deploy a platform nobody can use: another tenant's group IDs, a
            // registry name that is not this platform's, an API server closed to its own deployers.
            throw new pulumi.RunError(
                [`${counted(placeholders.length, "sample placeholder")} still in place; nothing was deployed:`, ...lines].join("\n"),
            );
        }
        pulumi.log.warn(placeholderWarning(placeholders.length, model.stack.name));
    }
    for (const f of findings.filter((f) => f.level === "warning")) {
        pulumi.log.warn(describe(f));
    }
    const errors = findings.filter((f) => f.level === "error");
    if (errors.length > 0) {
        throw new pulumi.RunError(
            [`${counted(errors.length, "governance error")}; ${outcome()}:`, ...errors.map((f) => `  - ${describe(f)}`)].join("\n"),
        );
    }
    if (options.registryPreflight) {
        const missing = preflightMessage(model, await missingCharts(model, options.registryPreflight));
        if (missing) {
            throw new pulumi.RunError(missing);
        }
    }
    const secrets = new pulumi.Config().getSecretObject<OwnedSecrets>("secrets");
    return deployEnvironment(model, { secrets, kubeconfigs: ambientKubeconfigs(model) });
}

/** What a stopped run means: `pulumi up` deployed nothing; a preview, or the offline plan, would deploy nothing. */
function outcome(): string {
    return pulumi.runtime.isDryRun() ? "nothing would be deployed" : "nothing was deployed";
}

/** The two halves, as the offline plan runs them. */
export const program = { loadStack, runStack };

function describe(f: Finding): string {
    return `${formatLocation(f.at)} [${f.rule}] ${f.where}: ${f.message} Fix: ${f.fix}`;
}

/**
 * The kubeconfig of the machine running Pulumi (`$KUBECONFIG`, else `~/.kube/config`), for clusters
 * reached by one of its contexts: team releases impersonate their installer from it. Read only when
 * such a cluster exists.
 */
function ambientKubeconfigs(model: StackModel): Record<string, pulumi.Output<string>> {
    const byContext = model.environment.clusters.filter((c) => c.kind === "existing" && c.kubeconfigContext);
    const file = (process.env.KUBECONFIG ?? "").split(path.delimiter).find(Boolean) ?? path.join(os.homedir(), ".kube", "config");
    if (byContext.length === 0 || !fs.existsSync(file)) {
        return {};
    }
    const text = pulumi.secret(fs.readFileSync(file, "utf8"));
    return Object.fromEntries(byContext.map((c) => [c.name, text]));
}
