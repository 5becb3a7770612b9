/**
 * A check is one rule of the configuration: a pure function from what the loader has read and resolved
 * at one point of its work (a stage) to the problems it finds there. The registry (`index.ts`) lists
 * every check; the loader runs each stage's checks where it has that stage's input.
 */
import type { KeyPath } from "../base/keyPath";
import type { Location, Problem } from "../base/problems";
import type { SourceTree } from "../base/sourceTree";
import type { AllowancesFile } from "../config/allowanceFiles";
import type { StackSettings } from "../config/environment";
import type { TenantFile } from "../config/tenantFiles";
import type { TeamAllowance } from "../model/allowances";
import type { EnvironmentSpec } from "../model/environment";
import type { PlatformReleaseSpec } from "../model/monitoring";
import type { ReleaseSpec } from "../model/stackModel";
import type { ChartLock } from "../releases/lock";
import type { ValuesFileRead } from "../values/hierarchy";
import type { ChartFiles } from "../values/schema";
import type { YamlFile } from "../yaml/yamlFile";

/** Where a stack setting is written (`["secrets", "fintech"]` in `Pulumi.<stack>.yaml`). */
export type LocateSetting = (path: KeyPath) => Location;

/** One stack file's own content: the environment's, or a shard's. */
export interface StackFileStage {
    /** The parsed file; undefined when there is none, or it does not parse. */
    readonly file: YamlFile | undefined;
    readonly locate: LocateSetting;
}

/** A shard stack's own file, before its settings are merged with its environment's. */
export interface ShardFileStage {
    readonly environment: string;
    readonly shard: string;
    readonly shardFile: YamlFile | undefined;
    /** The shard stack's configuration as Pulumi hands it over. */
    readonly shardConfig: Readonly<Record<string, string>>;
    /** The environment's configuration, from its stack file. */
    readonly envConfig: Readonly<Record<string, string>>;
}

/** The stack named, before any of its settings is read. */
export interface StackStage {
    readonly stack: string;
    /** The environment's parsed stack file, if there is one. */
    readonly stackFile: YamlFile | undefined;
    readonly config: Readonly<Record<string, string>>;
    /** Every environment of the platform (one per stack file). */
    readonly environments: readonly string[];
}

/** The environment's settings: as written (schema-valid) and resolved with their defaults. */
export interface SettingsStage {
    readonly settings: StackSettings;
    readonly environment: EnvironmentSpec;
    readonly locate: LocateSetting;
}

/** The environment's settings against the repository and the stack's name; `environment` is absent when they do not read. */
export interface EnvironmentStage {
    readonly tree: SourceTree;
    readonly stack: string;
    readonly shard?: string;
    readonly environment?: EnvironmentSpec;
    readonly stackFile: YamlFile | undefined;
    /** The configuration of the environment's own stack file (a shard's is merged with its own secrets). */
    readonly envFileConfig: Readonly<Record<string, string>>;
    readonly environments: readonly string[];
    readonly locate: LocateSetting;
}

/** Every tenant file, valid against its schema, with what the environment says of teams. */
export interface TeamsStage {
    readonly tree: SourceTree;
    readonly environment: EnvironmentSpec;
    readonly knownEnvironments: readonly string[];
    readonly locateSetting: LocateSetting;
    /** Every valid tenant file, whatever environments it runs in. */
    readonly tenants: readonly TenantFile[];
    /** Teams with a tenant file, broken and refused ones included. */
    readonly tenantFileTeams: ReadonlySet<string>;
    /** Teams whose file is there but could not be read: their file's problems are the report. */
    readonly unreadable: ReadonlySet<string>;
    /** The tenant files of the teams that run in this environment. */
    readonly running: readonly TenantFile[];
}

/** The allowances files, and the allowance of each team that runs here against what its tenant file asks for. */
export interface AllowancesStage {
    readonly environment: EnvironmentSpec;
    readonly knownEnvironments: readonly string[];
    readonly tenantFileTeams: ReadonlySet<string>;
    /** Valid tenant files, by team. */
    readonly tenants: ReadonlyMap<string, TenantFile>;
    /** Every valid allowances file. */
    readonly files: readonly AllowancesFile[];
    readonly running: readonly TenantFile[];
    /** What each running team is allowed in this environment. */
    readonly allowances: ReadonlyMap<string, TeamAllowance>;
}

/** The releases this stack deploys, values merged, with the tenant files of its teams. */
export interface ReleasesStage {
    readonly tree: SourceTree;
    readonly environment: EnvironmentSpec;
    readonly knownEnvironments: readonly string[];
    readonly releases: readonly ReleaseSpec[];
    /** The tenant files of the teams this stack deploys. */
    readonly stackTenants: readonly TenantFile[];
    /** Every valid tenant file. */
    readonly tenants: readonly TenantFile[];
    /** The schemas and default values of the chart versions the releases install, as far as the repository has them. */
    readonly charts: ChartFiles;
    /** Line of a key in a values file already read. */
    readonly lineOf: (file: string, path: KeyPath) => number | undefined;
}

/** Every values file read, with the secrets the stack holds. */
export interface ValuesFilesStage {
    readonly files: readonly ValuesFileRead[];
    /** Owner → names of the secrets configured under `helm-platform:secrets.<owner>`. */
    readonly secrets: Readonly<Record<string, readonly string[]>>;
    /** Whether the secrets a file references must exist in this stack (a release here reads it). */
    readonly secretsNeeded: (file: ValuesFileRead) => boolean;
}

/** `charts.lock.yaml` against the chart versions the stack installs. */
export interface LockStage {
    readonly environment: EnvironmentSpec;
    /** The lock, parsed and valid; undefined when absent or broken. */
    readonly lock: { readonly lock: ChartLock; readonly yaml: YamlFile } | undefined;
    /** Whether the file is there (a broken one reports its own problems, and nothing more). */
    readonly lockFilePresent: boolean;
    readonly releases: readonly ReleaseSpec[];
    readonly platformReleases: readonly PlatformReleaseSpec[];
    readonly stackTenants: readonly TenantFile[];
}

/** What each stage hands its checks. */
export interface StageInputs {
    readonly "stack-file": StackFileStage;
    readonly "shard-file": ShardFileStage;
    readonly stack: StackStage;
    readonly settings: SettingsStage;
    readonly environment: EnvironmentStage;
    readonly teams: TeamsStage;
    readonly allowances: AllowancesStage;
    readonly releases: ReleasesStage;
    readonly "values-files": ValuesFilesStage;
    readonly lock: LockStage;
}

export type Stage = keyof StageInputs;

/** The stages in the order the loader reaches them, each with what it checks. */
export const STAGES: Readonly<Record<Stage, string>> = {
    "stack-file": "each stack file's own content (the environment's, and a shard's)",
    "shard-file": "a shard stack's own file, before its settings are merged with its environment's",
    stack: "the stack named, before any setting is read",
    settings: "the environment's settings, schema-valid and resolved with their defaults (a problem here stops the load of teams)",
    environment: "the environment's settings against the repository and the stack's name",
    teams: "every tenant file, on its own and against the others and the environment",
    allowances: "the allowances files, and what each team that runs here asks for against its allowance",
    releases: "the releases the stack deploys, their values and their folders",
    "values-files": "every values file read, for the secrets it references",
    lock: "charts.lock.yaml against the chart versions the stack installs",
};

/** One check of one stage. */
export interface CheckOf<S extends Stage> {
    /** Stable id, for example `egress-destination`. */
    readonly id: string;
    readonly stage: S;
    /** What it checks, in one line. */
    readonly checks: string;
    /** The problems it finds; none when the input complies. */
    readonly run: (input: StageInputs[S]) => readonly Problem[];
}

/** A check of any stage. */
export type Check = { [S in Stage]: CheckOf<S> }[Stage];

/** A problem at a stack setting. */
export function settingProblem(locate: LocateSetting, path: KeyPath, message: string, hint: string): Problem {
    return { ...locate(path), message, hint };
}
