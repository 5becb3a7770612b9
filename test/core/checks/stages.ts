import * as assert from "node:assert/strict";
import { formatProblem, type Problem } from "../../../core/base/problems";
import { overlayTree, type SourceTree } from "../../../core/base/sourceTree";
import { type Check, STAGES, type Stage, type StageInputs } from "../../../core/checks";
import type { AllowancesStage, EnvironmentStage, SettingsStage, TeamsStage } from "../../../core/checks/check";
import { type AllowancesFile, allowanceIn, namedForItsTeam } from "../../../core/config/allowanceFiles";
import { allowancesFileSchema } from "../../../core/config/allowances";
import { readEnvironment, stackSettingLocator } from "../../../core/config/environment";
import { readStackConfig } from "../../../core/config/stackFile";
import { tenantSchema } from "../../../core/config/tenant";
import type { TenantFile } from "../../../core/config/tenantFiles";
import { validateWith } from "../../../core/config/zodProblems";
import { loadConfiguration } from "../../../core/load/loadConfiguration";
import type { EnvironmentSpec } from "../../../core/model/environment";
import type { StackModel } from "../../../core/model/stackModel";
import type { ValuesFileRead } from "../../../core/values/hierarchy";
import type { Values } from "../../../core/values/merge";
import { parseYamlFile, type YamlFile } from "../../../core/yaml/yamlFile";
import { sampleTree, TEST_DAY } from "../../helpers";

/**
 * What a check is handed, for tests that call its `run` directly: the inputs the loader hands each stage
 * for a stack of the sample (recorded once per stack), and small inputs built from YAML text with the
 * loader's own readers.
 */

/** The environments of the inputs built here, as the sample has them. */
export const ENVIRONMENTS: readonly string[] = ["dev", "prod", "uat"];

/** A tree holding only `files`. */
export function memoryTree(files: Readonly<Record<string, string>>): SourceTree {
    const empty: SourceTree = { list: () => [], isDirectory: () => false, read: () => undefined, refused: () => [] };
    return overlayTree(empty, files);
}

/** One stack of the sample, loaded once: its model and what the loader handed each stage it reached. */
export interface SampleStack {
    readonly model: StackModel;
    readonly stages: Partial<StageInputs>;
}

const samples = new Map<string, SampleStack>();

/** `stack` of the sample loaded on {@link TEST_DAY} with no check but one per stage that records its input. */
export function sampleStack(stack: string): SampleStack {
    let sample = samples.get(stack);
    if (!sample) {
        const stages: Partial<Record<Stage, unknown>> = {};
        const recorders = (Object.keys(STAGES) as Stage[]).map(
            (stage) =>
                ({
                    id: `record-${stage}`,
                    stage,
                    checks: `records what the ${stage} stage hands its checks`,
                    run: (input: unknown) => {
                        stages[stage] = input;
                        return [];
                    },
                }) as Check,
        );
        const tree = sampleTree();
        const model = loadConfiguration({ tree, stack, config: readStackConfig(tree, stack).config, today: TEST_DAY, checks: recorders });
        sample = { model, stages: stages as Partial<StageInputs> };
        samples.set(stack, sample);
    }
    return sample;
}

/** What the loader hands the checks of `stage` for `stack` of the sample. */
export function sampleStage<S extends Stage>(stack: string, stage: S): StageInputs[S] {
    const input = sampleStack(stack).stages[stage];
    assert.ok(input, `the load of ${stack} reaches the ${stage} stage`);
    return input;
}

/** A YAML file of the platform's own dialect (tenant, allowances, stack files), parsed. */
export function yamlFile(file: string, text: string): YamlFile {
    const parsed = parseYamlFile(file, text);
    assert.ok(parsed.ok, `${file} parses`);
    return parsed.yaml;
}

/** A values file as the loader reads it (Helm's dialect, `!secret` references), `used` by a release or not. */
export function valuesFile(file: string, text: string, used = true): ValuesFileRead {
    const parsed = parseYamlFile(file, text, "helm");
    assert.ok(parsed.ok, `${file} parses`);
    return { yaml: parsed.yaml, values: parsed.yaml.data as Values, used };
}

/** Every problem, formatted (`file:line: key: message Fix: hint`), for assertions that read as the report does. */
export const formatted = (problems: readonly Problem[]): string[] => problems.map(formatProblem);

/** `tenants/<team>.yaml` with `text`, valid against the tenant schema. */
export function tenantFile(text: string, file = `tenants/${/^team: (\S+)$/m.exec(text)?.[1]}.yaml`): TenantFile {
    const yaml = yamlFile(file, text);
    const { value, problems } = validateWith(tenantSchema, yaml.data, yaml);
    assert.deepEqual(formatted(problems), [], `${file} is a valid tenant file`);
    return { yaml, data: value as TenantFile["data"] };
}

/**
 * The text of the tenant file of `team` running in `environments`, with `rest` (YAML at the top level)
 * after its header of four lines; without apps, it declares none.
 */
export function tenantText(team: string, rest = "", environments: readonly string[] = ["dev"]): string {
    const apps = /^apps:/m.test(rest) ? "" : "apps: {}\n";
    const header = `team: ${team}\ngroups:\n  owners: [0b4a1f6e-2c3d-4e5f-8a9b-0c1d2e3f4a51]\nenvironments: [${environments.join(", ")}]\n`;
    return `${header}${rest}${apps}`;
}

/** The tenant file `tenants/<team>.yaml` of {@link tenantText}. */
export const tenant = (team: string, rest = "", environments: readonly string[] = ["dev"]): TenantFile =>
    tenantFile(tenantText(team, rest, environments));

/** `allowances/<team>.yaml` with `text`, valid against its schema; `file` for one named for another team. */
export function allowancesFile(text: string, file = `allowances/${/^team: (\S+)$/m.exec(text)?.[1]}.yaml`): AllowancesFile {
    const yaml = yamlFile(file, text);
    const { value, problems } = validateWith(allowancesFileSchema, yaml.data, yaml);
    assert.deepEqual(formatted(problems), [], `${file} is a valid allowances file`);
    return { yaml, data: value as AllowancesFile["data"] };
}

/** One allowance entry (`grants`: its keys, indented as in an entry), to list under `allowances:`. */
export const entry = (grants: string): string =>
    `  - reason: What this test grants the team\n    approvedBy: platform-team (PLAT-1)\n    expires: "2028-01-31"\n${grants}`;

/** The allowances file of `team` with `entries` (each from {@link entry}). */
export const allowances = (team: string, ...entries: string[]): AllowancesFile =>
    allowancesFile(`team: ${team}\nallowances:\n${entries.join("")}`);

/**
 * The settings stage of `Pulumi.<environment>.yaml` holding `config` (its `config:` map's lines, each
 * indented by two): what the loader reads of it, schema-valid, with its defaults.
 */
export function settingsStage(config: string, environment = "dev"): SettingsStage {
    const file = `Pulumi.${environment}.yaml`;
    const text = `config:\n${config}`;
    const stackFile = yamlFile(file, text);
    const { read, problems } = readEnvironment(readStackConfig(memoryTree({ [file]: text }), environment).config, environment, stackFile);
    assert.deepEqual(formatted(problems), [], `${file} reads`);
    assert.ok(read);
    return { ...read, locate: stackSettingLocator(environment, stackFile).locate };
}

/** The one cluster of {@link smallSettings}, as listed under `helm-platform:clusters:`. */
export const ONE_CLUSTER = "    - name: weu\n      location: westeurope\n";

/** What {@link smallSettings} may change: its clusters, registry and monitoring (lines under the key), and the environment. */
export interface SmallStack {
    readonly clusters?: string;
    readonly registry?: string;
    readonly monitoring?: string;
    readonly environment?: string;
}

/**
 * The settings of a small environment: `clusters` (by default {@link ONE_CLUSTER}), a `registry` (by
 * default named for the environment), `monitoring` (by default off); `more` are further lines of `config:`.
 */
export function smallSettings(more = "", options: SmallStack = {}): SettingsStage {
    const { clusters = ONE_CLUSTER, monitoring = "    enabled: false\n", environment = "dev" } = options;
    const registry = options.registry ?? `    name: acrhelmplatform${environment}\n`;
    return settingsStage(
        [
            "  helm-platform:location: westeurope\n",
            "  helm-platform:adminGroupObjectIds: [3f0c6a52-8d1e-4b7a-9c2f-1a5e7d9b0c11]\n",
            `  helm-platform:clusters:\n${clusters}`,
            `  helm-platform:registry:\n${registry}`,
            `  helm-platform:monitoring:\n${monitoring}`,
            more,
        ].join(""),
        environment,
    );
}

/** The environment of {@link smallSettings}. */
export const smallEnvironment = (more = "", options: SmallStack = {}): EnvironmentSpec => smallSettings(more, options).environment;

/** The teams stage of `tenants` (all of them readable, and with a file) in `environment`. */
export function teamsStage(environment: EnvironmentSpec, tenants: readonly TenantFile[], more: Partial<TeamsStage> = {}): TeamsStage {
    return {
        tree: memoryTree({}),
        environment,
        knownEnvironments: ENVIRONMENTS,
        locateSetting: stackSettingLocator(environment.name, undefined).locate,
        tenants,
        tenantFileTeams: new Set(tenants.map((t) => t.data.team)),
        unreadable: new Set(),
        running: tenants.filter((t) => t.data.environments.includes(environment.name)),
        ...more,
    };
}

/**
 * The allowances stage of `tenants` and allowances `files` in `environment`, as the loader builds it:
 * each running team's allowance is what its file, named for it, grants in the environment.
 */
export function allowancesStage(
    environment: EnvironmentSpec,
    tenants: readonly TenantFile[],
    files: readonly AllowancesFile[] = [],
    more: Partial<AllowancesStage> = {},
): AllowancesStage {
    const running = tenants.filter((t) => t.data.environments.includes(environment.name));
    const read = files.filter(namedForItsTeam);
    return {
        environment,
        knownEnvironments: ENVIRONMENTS,
        tenantFileTeams: new Set(tenants.map((t) => t.data.team)),
        tenants: new Map(tenants.map((t) => [t.data.team, t])),
        files,
        running,
        allowances: new Map(running.map((t) => [t.data.team, allowanceIn(read, t.data.team, environment.name)])),
        ...more,
    };
}

/**
 * The environment stage of a single stack `environment.name` (a shard when `shard` is given) over `tree`:
 * its stack file as {@link settingsStage} reads it, when `settings` is given.
 */
export function environmentStage(
    settings: SettingsStage | undefined,
    more: Partial<EnvironmentStage> & { readonly tree?: SourceTree } = {},
): EnvironmentStage {
    const name = settings?.environment.name ?? "dev";
    return {
        tree: memoryTree({}),
        stack: name,
        environment: settings?.environment,
        stackFile: undefined,
        envFileConfig: {},
        environments: ENVIRONMENTS,
        locate: settings?.locate ?? stackSettingLocator(name, undefined).locate,
        ...more,
    };
}
