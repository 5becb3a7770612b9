import type { KeyPath } from "../base/keyPath";
import { LAYOUT } from "../base/layout";
import { ConfigError, type Location, type Problem, sortProblems, throwIfProblems } from "../base/problems";
import type { SourceTree } from "../base/sourceTree";
import { type Check, runChecks } from "../checks";
import { readEnvironment, stackSettingLocator } from "../config/environment";
import { readStackConfig } from "../config/stackFile";
import { readTenantFiles } from "../config/tenantFiles";
import type { EnvironmentSpec } from "../model/environment";
import { parseStackName } from "../model/stack";
import type { StackModel } from "../model/stackModel";
import { ValuesReader } from "../values/hierarchy";
import { parseYamlFile, type YamlFile } from "../yaml/yamlFile";
import { shardConfiguration, stackSpecOf } from "./shardStack";
import { loadTeams } from "./teams";

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
    /**
     * The checks to run, in registry order. @default every check of the registry (`core/checks`); a
     * test leaves one out to see which problems are that check's.
     */
    readonly checks?: readonly Check[];
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
export function loadConfiguration(input: LoadConfigurationInput): StackModel {
    return load(input);
}

/**
 * Loads, and reports every entry the tree refused to read (a link, a path out of the repository) with
 * the rest: whatever failed, the refusals are part of the one report. `charts/` is walked first, so a
 * linked template is refused before Helm could render it.
 */
function load(input: LoadConfigurationInput): StackModel {
    walk(input.tree, LAYOUT.chartsDir);
    let model: StackModel;
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

function loadChecked(input: LoadConfigurationInput): StackModel {
    const { tree, checks } = input;
    const { environment: envName, shard } = parseStackName(input.stack);
    if ([input.stack, envName].some((s) => refusedHere(tree, LAYOUT.stackFile(s)))) {
        throw new ConfigError([]); // the refusal is the problem; nothing else can be read of this stack
    }
    const problems: Problem[] = [];
    const config = shard === undefined ? input.config : shardStackConfig(input, envName, shard, problems);
    const stackFile = readStackFile(tree, envName, problems);
    const environments = knownEnvironments(tree);
    if (problems.length === 0) {
        throwIfProblems(runChecks("stack", { stack: input.stack, stackFile, config, environments }, checks));
    }
    const locate = stackSettingLocator(envName, stackFile).locate;
    // A stack file that does not parse has no settings to judge: its syntax error is the report, not a
    // list of every setting it seems to lack.
    const unparsed = stackFile === undefined && tree.read(LAYOUT.stackFile(envName)) !== undefined;
    const environment = unparsed ? undefined : settingsOf(config, envName, stackFile, locate, checks, problems);
    const stack = environment && stackSpecOf(input.stack, shard, environment);
    const envFileConfig = shard === undefined ? input.config : readStackConfig(tree, envName).config;
    problems.push(
        ...runChecks("stack-file", { file: stackFile, locate }, checks),
        ...runChecks(
            "environment",
            { tree, stack: input.stack, shard, environment, stackFile, envFileConfig, environments, locate },
            checks,
        ),
    );
    if (!environment || !stack) {
        // Still report what is wrong in the tenant and values files, so one run shows everything.
        readTenantFiles(tree, problems);
        const reader = new ValuesReader(tree);
        reader.readTheRest();
        problems.push(
            ...reader.problems(),
            ...runChecks("values-files", { files: reader.files(), secrets: {}, secretsNeeded: () => false }, checks),
        );
        // Without settings or a stack, nothing more can be read: the checks above say why.
        throw new ConfigError(sortProblems(problems));
    }
    const loaded = loadTeams({
        tree,
        environment,
        stack,
        knownEnvironments: environments,
        locateSetting: locate,
        today: input.today ?? new Date().toISOString().slice(0, 10),
        lock: input.lock,
        checks,
    });
    throwIfProblems([...problems, ...loaded.problems]);
    return loaded.model as StackModel;
}

/**
 * The environment's settings, when they read and every check of the settings stage passes; their
 * problems go to `problems`.
 */
function settingsOf(
    config: Readonly<Record<string, string>>,
    envName: string,
    stackFile: YamlFile | undefined,
    locate: (path: KeyPath) => Location,
    checks: readonly Check[] | undefined,
    problems: Problem[],
): EnvironmentSpec | undefined {
    const { read, problems: unread } = readEnvironment(config, envName, stackFile);
    const crossed = read ? runChecks("settings", { ...read, locate }, checks) : [];
    problems.push(...unread, ...crossed);
    return unread.length === 0 && crossed.length === 0 ? read?.environment : undefined;
}

/** A shard reads its environment's settings from the environment's file, and holds only its teams' secrets. */
function shardStackConfig(input: LoadConfigurationInput, envName: string, shard: string, problems: Problem[]): Record<string, string> {
    const shardFile = readStackFile(input.tree, input.stack, problems);
    const envConfig = readStackConfig(input.tree, envName).config;
    problems.push(
        ...runChecks("shard-file", { environment: envName, shard, shardFile, shardConfig: input.config, envConfig }, input.checks),
        ...runChecks("stack-file", { file: shardFile, locate: stackSettingLocator(input.stack, shardFile).locate }, input.checks),
    );
    return shardConfiguration(envConfig, shard, input.config);
}

/** Whether the tree refused `entry` (then its refusal is the problem, not its absence). */
const refusedHere = (tree: SourceTree, entry: string) => tree.refused().some((r) => r.path === entry);

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
