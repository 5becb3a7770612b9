import { CONFIG_NAMESPACE } from "../base/constants";
import type { KeyPath } from "../base/keyPath";
import { LAYOUT } from "../base/layout";
import { ConfigError, closest, didYouMean, type Location, type Problem, problemAt, sortProblems, throwIfProblems } from "../base/problems";
import type { SourceTree } from "../base/sourceTree";
import { readEnvironment, stackSettingLocator } from "../config/environment";
import { readStackConfig } from "../config/stackFile";
import { readTenantFiles } from "../config/tenantFiles";
import type { EnvironmentSpec } from "../model/environment";
import type { PlatformModel } from "../model/platform";
import { parseStackName, type StackSpec } from "../model/stack";
import { ValuesReader } from "../values/hierarchy";
import { parseYamlFile, type YamlFile } from "../yaml/yamlFile";
import { loadPlatform } from "./platform";
import { checkSecretsPlacement, shardConfiguration, stackSpecOf } from "./shardStack";

export interface LoadConfigurationInput {
    /** The repository's configuration files. */
    readonly tree: SourceTree;
    /** Stack name; also the environment name unless `helm-platform:environment` is set. */
    readonly stack: string;
    /** The stack's configuration, as `pulumi.runtime.allConfig()` returns it. */
    readonly config: Readonly<Record<string, string>>;
    /** The day to judge allowances' expiry by, `YYYY-MM-DD`. @default today (UTC) */
    readonly today?: string;
    /** `ignore`: load without `charts.lock.yaml` (to write it). @default "check" */
    readonly lock?: "check" | "ignore";
}

/** The environments of the platform: one per `Pulumi.<env>.yaml` next to `Pulumi.yaml`. */
export function knownEnvironments(tree: SourceTree): string[] {
    return tree
        .list("")
        .map((name) => /^Pulumi\.([a-z0-9-]+)\.yaml$/.exec(name)?.[1])
        .filter((env): env is string => env !== undefined);
}

/**
 * Reads and validates all configuration of one stack: the stack's settings, every tenant file, every
 * allowances file and every values file. Returns the platform model, or throws one {@link ConfigError}
 * with every problem.
 */
export function loadConfiguration(input: LoadConfigurationInput): PlatformModel {
    return load(input);
}

/**
 * Loads, and reports every entry the tree refused to read (a link, a path out of the repository) with
 * the rest: whatever failed, the refusals are part of the one report. `charts/` is walked first, so a
 * linked template is refused before Helm could render it.
 */
function load(input: LoadConfigurationInput): PlatformModel {
    walk(input.tree, LAYOUT.chartsDir);
    let model: PlatformModel;
    try {
        model = loadChecked(input);
    } catch (error) {
        if (error instanceof ConfigError) {
            throw new ConfigError(sortProblems([...error.problems, ...refusalProblems(input.tree)]));
        }
        throw error;
    }
    throwIfProblems(refusalProblems(input.tree));
    return model;
}

/** Lists every folder under `dir`, so that the tree meets every entry there. */
function walk(tree: SourceTree, dir: string): void {
    for (const name of tree.list(dir)) {
        if (tree.isDirectory(`${dir}/${name}`)) {
            walk(tree, `${dir}/${name}`);
        }
    }
}

/** A problem for each refused entry. */
function refusalProblems(tree: SourceTree): Problem[] {
    return tree.refused().map((r) => ({
        file: r.path,
        path: "",
        message: r.why,
        hint: "commit the file itself in its place (git rm the link, add the real file), or remove it",
    }));
}

function loadChecked(input: LoadConfigurationInput): PlatformModel {
    const problems: Problem[] = [];
    const { environment: envName, shard } = parseStackName(input.stack);
    if ([input.stack, envName].some((s) => refusedHere(input.tree, LAYOUT.stackFile(s)))) {
        throw new ConfigError([]); // the refusal is the problem; nothing else can be read of this stack
    }
    const config = shard === undefined ? input.config : shardStackConfig(input, envName, shard, problems);
    const stackFile = readStackFile(input.tree, envName, problems);
    const environments = knownEnvironments(input.tree);
    if (!stackFile && !Object.keys(config).some((k) => k.startsWith(`${CONFIG_NAMESPACE}:`)) && problems.length === 0) {
        // Nothing to read: a typo in the stack name, not a stack with every setting missing.
        const suggestion = closest(input.stack, environments);
        throwIfProblems([
            {
                file: LAYOUT.stackFile(input.stack),
                path: "",
                message: `there is no stack "${input.stack}": no such file and no ${CONFIG_NAMESPACE} configuration`,
                hint: suggestion
                    ? `did you mean "${suggestion}"?`
                    : `the stacks are: ${environments.join(", ") || "none yet (add Pulumi.<env>.yaml)"}`,
            },
        ]);
    }
    // A stack file that does not parse has no settings to judge: its syntax error is the report, not a
    // list of every setting it seems to lack.
    const unparsed = stackFile === undefined && input.tree.read(LAYOUT.stackFile(envName)) !== undefined;
    const environment = unparsed ? { problems: [] } : readEnvironment(config, envName, stackFile);
    const locator = stackSettingLocator(envName, stackFile);
    const stack = environment.value ? stackSpecOf(input.stack, shard, environment.value, locator.locate) : { problems: [] };
    problems.push(...stack.problems);
    if (environment.value) {
        const envFileConfig = shard === undefined ? input.config : readStackConfig(input.tree, envName).config;
        problems.push(...checkSecretsPlacement(envFileConfig, environment.value, locator.locate));
    }
    problems.push(...environment.problems);
    problems.push(...checkPlatformValuesFiles(input.tree, environments));
    problems.push(...checkSecretsEncrypted(stackFile, locator.locate));
    problems.push(...checkEnvironmentReferences(input.tree, environment.value, stackFile, environments, locator.locate));
    if (!environment.value || !stack.spec) {
        // Still report what is wrong in the tenant and values files, so one run shows everything.
        readTenantFiles(input.tree, problems);
        new ValuesReader(input.tree, problems).readTheRest();
        throwIfProblems(problems);
    }
    let model: PlatformModel;
    try {
        model = loadPlatform({
            tree: input.tree,
            environment: environment.value as EnvironmentSpec,
            stack: stack.spec as StackSpec,
            knownEnvironments: environments,
            locateSetting: locator.locate,
            today: input.today ?? new Date().toISOString().slice(0, 10),
            lock: input.lock,
        });
    } catch (error) {
        if (error instanceof ConfigError) {
            throw new ConfigError(sortProblems([...problems, ...error.problems]));
        }
        throw error;
    }
    throwIfProblems(problems);
    return model;
}

/** A shard reads its environment's settings from the environment's file, and holds only its teams' secrets. */
function shardStackConfig(input: LoadConfigurationInput, envName: string, shard: string, problems: Problem[]): Record<string, string> {
    const shardFile = readStackFile(input.tree, input.stack, problems);
    const merged = shardConfiguration(input.tree, envName, shard, shardFile, input.config);
    problems.push(...merged.problems, ...checkSecretsEncrypted(shardFile, stackSettingLocator(input.stack, shardFile).locate));
    return merged.config;
}

/** What the environment's settings name beyond themselves: its secrets provider, the environment it is promoted from, its keyring. */
function checkEnvironmentReferences(
    tree: SourceTree,
    environment: EnvironmentSpec | undefined,
    stackFile: YamlFile | undefined,
    environments: readonly string[],
    locate: (path: KeyPath) => Location,
): Problem[] {
    const problems: Problem[] = [];
    if (environment?.secretsProvider === "azurekeyvault") {
        problems.push(...checkSecretsProvider(stackFile));
    }
    const from = environment?.promotionFrom;
    if (from !== undefined && !environments.includes(from)) {
        problems.push({
            ...locate(["promotion", "from"]),
            message: `unknown environment "${from}"`,
            hint: didYouMean(from, environments, `environments are: ${environments.join(", ")}`),
        });
    }
    const keyring = environment?.charts.keyring;
    const inRepository = keyring !== undefined && !keyring.startsWith("/") && !keyring.startsWith("~");
    if (inRepository && tree.read(keyring) === undefined && !refusedHere(tree, keyring)) {
        problems.push({
            ...locate(["charts", "keyring"]),
            message: `keyring "${keyring}" is not in the repository`,
            hint: "commit the public keyring there, or give an absolute path on the deploying machine",
        });
    }
    return problems;
}

/** Whether the tree refused `entry` (then its refusal is the problem, not its absence). */
const refusedHere = (tree: SourceTree, entry: string) => tree.refused().some((r) => r.path === entry);

/**
 * Every value under `helm-platform:secrets` is encrypted (`secure:`) in the stack file: a plain-text
 * entry would sit in git and in every log the stack is printed to.
 */
function checkSecretsEncrypted(stackFile: YamlFile | undefined, locate: (path: KeyPath) => Location): Problem[] {
    const problems: Problem[] = [];
    const walk = (value: unknown, path: KeyPath) => {
        if (typeof value === "object" && value !== null && !Array.isArray(value)) {
            const entries = Object.entries(value);
            if (!(entries.length === 1 && entries[0][0] === "secure")) {
                for (const [k, v] of entries) {
                    walk(v, [...path, k]);
                }
            }
        } else if (path.length > 1) {
            const fix = `remove it and run pulumi config set --secret --path '${CONFIG_NAMESPACE}:${path.join(".")}' <value>`;
            problems.push({ ...locate(path), message: "is plain text in the stack file; secrets are encrypted", hint: fix });
        }
    };
    walk((stackFile?.data as { config?: Record<string, unknown> } | undefined)?.config?.[`${CONFIG_NAMESPACE}:secrets`], ["secrets"]);
    return problems;
}

/** The secrets provider a production stack must name in its file: an Azure Key Vault key. */
const KEY_VAULT_PROVIDER = /^azurekeyvault:\/\/[a-z0-9-]+\.vault\.azure\.net\/keys\/[A-Za-z0-9-]+(\/[0-9a-f]{32})?$/;

function checkSecretsProvider(stackFile: YamlFile | undefined): Problem[] {
    if (!stackFile) {
        return [];
    }
    const provider = (stackFile.data as { secretsprovider?: unknown } | undefined)?.secretsprovider;
    if (typeof provider === "string" && KEY_VAULT_PROVIDER.test(provider)) {
        return [];
    }
    const message =
        provider === undefined
            ? "the production profile encrypts secrets with Azure Key Vault, and no secrets provider is set"
            : `"${String(provider)}" is not an Azure Key Vault key`;
    return [
        problemAt(
            stackFile,
            ["secretsprovider"],
            message,
            "pulumi stack change-secrets-provider 'azurekeyvault://<vault>.vault.azure.net/keys/<key>' (see docs/deploying.md: Secrets provider)",
        ),
    ];
}

function readStackFile(tree: SourceTree, stack: string, problems: Problem[]): YamlFile | undefined {
    const file = LAYOUT.stackFile(stack);
    const text = tree.read(file);
    if (text === undefined) {
        return undefined; // configuration may come from elsewhere (pulumi config set in CI)
    }
    const parsed = parseYamlFile(file, text);
    if (!parsed.ok) {
        problems.push(...parsed.problems);
        return undefined;
    }
    return parsed.yaml;
}

/** `values/` holds common.yaml and <env>.yaml, and the same pair for the monitoring charts in `values/monitoring/`. */
function checkPlatformValuesFiles(tree: SourceTree, environments: readonly string[], dir: string = LAYOUT.platformValuesDir): Problem[] {
    const allowed = ["common", ...environments];
    return tree.list(dir).flatMap((name) => {
        if (tree.isDirectory(`${dir}/${name}`)) {
            return dir === LAYOUT.platformValuesDir && name === "monitoring"
                ? checkPlatformValuesFiles(tree, environments, `${dir}/${name}`)
                : [
                      {
                          file: `${dir}/${name}`,
                          path: "",
                          message: "is not a folder of the values hierarchy",
                          hint: `${LAYOUT.platformValuesDir}/ holds common.yaml, <environment>.yaml and monitoring/`,
                      },
                  ];
        }
        const base = name.replace(/\.yaml$/, "");
        if (name.endsWith(".yaml") && allowed.includes(base)) {
            return [];
        }
        const suggestion = closest(base, allowed);
        return [
            {
                file: `${dir}/${name}`,
                path: "",
                message: "is not a platform values file",
                hint: suggestion ? `did you mean ${suggestion}.yaml?` : `platform values files are common.yaml and <environment>.yaml`,
            },
        ];
    });
}
