import { PLATFORM_SECRET_OWNER, setSecretCommand } from "../base/constants";
import type { KeyPath } from "../base/keyPath";
import { APP_VALUES_FILE, LAYOUT } from "../base/layout";
import { closest, locate, type Problem } from "../base/problems";
import type { SourceTree } from "../base/sourceTree";
import { parseYamlFile, type YamlFile } from "../yaml/yamlFile";
import { isMap, type MergedValues, mergeValues, type Values, type ValuesLayer } from "./merge";
import { mapSecretRefs, ownedSecret, secretRef, secretRefs } from "./secrets";

/** Where one release sits in the hierarchy. */
export interface ReleaseCoordinates {
    readonly environment: string;
    readonly cluster: string;
    readonly team: string;
    readonly app: string;
}

/**
 * The values files of one release, lowest precedence first:
 * 1. `values/common.yaml` (platform, every release)
 * 2. `values/<env>.yaml` (platform, one environment)
 * 3. `tenants/<team>/<app>/values.yaml` (the app, every environment)
 * 4. `tenants/<team>/<app>/values.<env>.yaml` (the app in one environment)
 * 5. `tenants/<team>/<app>/values.<env>.<cluster>.yaml` (the app on one cluster)
 * Every file is optional.
 */
export function valuesFilesOf(c: ReleaseCoordinates): string[] {
    const appDir = LAYOUT.appDir(c.team, c.app);
    return [
        `${LAYOUT.platformValuesDir}/common.yaml`,
        `${LAYOUT.platformValuesDir}/${c.environment}.yaml`,
        `${appDir}/values.yaml`,
        `${appDir}/values.${c.environment}.yaml`,
        `${appDir}/values.${c.environment}.${c.cluster}.yaml`,
    ];
}

/** Provenance of the values the platform injects (`global.platform.*`). */
export const PLATFORM_SOURCE = "(platform)";

/** Reads values files once each, however many releases use them; problems are reported once per file. */
export class ValuesReader {
    private readonly cache = new Map<string, Values | undefined>();
    private readonly files = new Map<string, YamlFile>();

    constructor(
        private readonly tree: SourceTree,
        private readonly problems: Problem[],
        /** Owner → names of the secrets configured under `helm-platform:secrets.<owner>`. */
        private readonly secrets: Readonly<Record<string, readonly string[]>> = {},
    ) {}

    /** Line of a key in a values file already read. */
    lineOf(file: string, path: KeyPath): number | undefined {
        return this.files.get(file)?.lineOf(path);
    }

    /**
     * Reads every values file in the repository this reader has not read yet, so a broken file is
     * reported even when no release of this environment uses it (another environment's file, a team whose
     * tenant file is broken). Whether their secrets exist is checked only where `checkSecretsOf` says
     * the file applies to this environment.
     */
    readTheRest(checkSecretsOf: (file: string) => boolean = () => false): void {
        for (const file of valuesFilesIn(this.tree).filter((f) => !this.cache.has(f))) {
            this.cache.set(file, this.load(file, checkSecretsOf(file)));
        }
    }

    /** The file's values, `undefined` when it does not exist or is broken (then a problem is recorded). */
    read(file: string): Values | undefined {
        if (!this.cache.has(file)) {
            this.cache.set(file, this.load(file));
        }
        return this.cache.get(file);
    }

    /**
     * The merged values of one release, with the provenance of every leaf. `injected` is the platform's
     * own lowest layer, attributed to {@link PLATFORM_SOURCE}.
     */
    resolve(c: ReleaseCoordinates, injected: Values = {}): MergedValues & { files: string[] } {
        return this.merge(valuesFilesOf(c), injected);
    }

    /** The platform's injected values under the files that exist of `files`, lowest precedence first. */
    merge(files: readonly string[], injected: Values = {}): MergedValues & { files: string[] } {
        const layers: ValuesLayer[] = [{ source: PLATFORM_SOURCE, values: injected }];
        for (const file of files) {
            const values = this.read(file);
            if (values) {
                layers.push({ source: file, values });
            }
        }
        return { ...mergeValues(layers), files: layers.slice(1).map((l) => l.source) };
    }

    private load(file: string, checkSecretsExist = true): Values | undefined {
        const text = this.tree.read(file);
        if (text === undefined) {
            return undefined;
        }
        const parsed = parseYamlFile(file, text, "helm");
        if (!parsed.ok) {
            this.problems.push(...parsed.problems);
            return undefined;
        }
        this.files.set(file, parsed.yaml);
        if (parsed.yaml.data === null || (isMap(parsed.yaml.data) && Object.keys(parsed.yaml.data).length === 0)) {
            return {};
        }
        if (!isMap(parsed.yaml.data)) {
            this.problems.push({
                file,
                line: 1,
                path: "",
                message: "a values file must be a YAML map at the top level",
                hint: "write key: value pairs, as in a chart's values.yaml",
            });
            return undefined;
        }
        return this.ownSecrets(parsed.yaml, parsed.yaml.data, checkSecretsExist);
    }

    /**
     * Qualifies every `!secret <name>` with the file's owner and checks that the owner has that secret.
     * A team's files reach only the team's secrets; the platform-wide values files, which every team's
     * release receives, reach none.
     */
    private ownSecrets(yaml: YamlFile, data: Values, checkExist: boolean): Values {
        const refs = secretRefs(data);
        if (refs.length === 0) {
            return data;
        }
        const owner = secretOwnerOf(yaml.file);
        for (const ref of refs) {
            const at = locate(yaml, ref.path);
            if (owner === undefined) {
                this.problems.push({
                    ...at,
                    message: `secret "${ref.name}" in a values file every team's release receives would hand it to every team`,
                    hint: "reference secrets in the app's own values files (tenants/<team>/<app>/), from the team's secrets",
                });
            } else if (checkExist && !(this.secrets[owner] ?? []).includes(ref.name)) {
                this.problems.push({
                    ...at,
                    message: `secret "${ref.name}" is not configured for ${owner === PLATFORM_SECRET_OWNER ? "the platform" : `team ${owner}`}`,
                    hint: secretHint(owner, ref.name, this.secrets),
                });
            }
        }
        return owner === undefined ? data : (mapSecretRefs(data, (name) => secretRef(ownedSecret(owner, name))) as Values);
    }
}

/** Whether an app's values file applies to `environment`: `values.yaml`, or one named for it. */
export function appliesTo(file: string, environment: string): boolean {
    const match = APP_VALUES_FILE.exec(file.split("/").pop() ?? "");
    return match !== null && (match[1] === undefined || match[1] === environment);
}

/** Every values file of the repository: `values/`, `values/monitoring/` and each app folder under `tenants/`. */
export function valuesFilesIn(tree: SourceTree): string[] {
    const yamlIn = (dir: string) =>
        tree
            .list(dir)
            .filter((n) => n.endsWith(".yaml") && !tree.isDirectory(`${dir}/${n}`))
            .map((n) => `${dir}/${n}`);
    const teams = tree.list(LAYOUT.tenantsDir).filter((n) => tree.isDirectory(`${LAYOUT.tenantsDir}/${n}`));
    const apps = teams.flatMap((team) =>
        tree
            .list(`${LAYOUT.tenantsDir}/${team}`)
            .filter((n) => tree.isDirectory(`${LAYOUT.tenantsDir}/${team}/${n}`))
            .map((app) => LAYOUT.appDir(team, app)),
    );
    return [...yamlIn(LAYOUT.platformValuesDir), ...yamlIn(`${LAYOUT.platformValuesDir}/monitoring`), ...apps.flatMap(yamlIn)];
}

/** The owner whose secrets a values file may reference: the team of `tenants/<team>/...`, the platform for its monitoring values. */
function secretOwnerOf(file: string): string | undefined {
    const team = new RegExp(`^${LAYOUT.tenantsDir}/([^/]+)/`).exec(file)?.[1];
    if (team) {
        return team;
    }
    return file.startsWith(`${LAYOUT.platformValuesDir}/monitoring/`) ? PLATFORM_SECRET_OWNER : undefined;
}

function secretHint(owner: string, name: string, secrets: Readonly<Record<string, readonly string[]>>): string {
    const set = setSecretCommand(owner, name);
    const elsewhere = Object.entries(secrets)
        .filter(([o, names]) => o !== owner && names.includes(name))
        .map(([o]) => (o === PLATFORM_SECRET_OWNER ? "the platform" : `team ${o}`));
    if (elsewhere.length > 0) {
        return `${set}; "${name}" exists for ${elsewhere.join(", ")}, and a file can use only its own owner's secrets`;
    }
    const suggestion = closest(name, secrets[owner] ?? []);
    return suggestion ? `${set} (or did you mean "${suggestion}"?)` : set;
}

/**
 * Checks the file names in an app's values folder: a typo in an environment or cluster name would
 * otherwise silently never apply.
 */
export function checkAppValuesFileNames(
    tree: SourceTree,
    team: string,
    app: string,
    knownEnvironments: readonly string[],
    current: { readonly environment: string; readonly clusters: readonly string[] },
    problems: Problem[],
): void {
    const dir = LAYOUT.appDir(team, app);
    for (const name of tree.list(dir)) {
        const file = `${dir}/${name}`;
        const match = APP_VALUES_FILE.exec(name);
        if (!match) {
            problems.push({
                file,
                path: "",
                message: "is not a values file of the hierarchy",
                hint: "name it values.yaml, values.<env>.yaml or values.<env>.<cluster>.yaml",
            });
            continue;
        }
        const [, env, cluster] = match;
        if (env !== undefined && !knownEnvironments.includes(env)) {
            const suggestion = closest(env, knownEnvironments);
            problems.push({
                file,
                path: "",
                message: `unknown environment "${env}" in the file name`,
                hint: suggestion
                    ? `did you mean values.${suggestion}${cluster ? `.${cluster}` : ""}.yaml?`
                    : `environments are: ${knownEnvironments.join(", ")}`,
            });
        } else if (cluster !== undefined && env === current.environment && !current.clusters.includes(cluster)) {
            const suggestion = closest(cluster, current.clusters);
            problems.push({
                file,
                path: "",
                message: `unknown cluster "${cluster}" of environment "${env}" in the file name`,
                hint: suggestion ? `did you mean values.${env}.${suggestion}.yaml?` : `clusters of ${env}: ${current.clusters.join(", ")}`,
            });
        }
    }
}
