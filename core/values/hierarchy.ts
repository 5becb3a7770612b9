import { PLATFORM_SECRET_OWNER } from "../base/constants";
import type { KeyPath } from "../base/keyPath";
import { APP_VALUES_FILE, LAYOUT } from "../base/layout";
import type { Problem } from "../base/problems";
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

/** A values file as read: its parsed YAML, its values as written (a map, `!secret` names as the file has them), and whether a release's values were merged from it. */
export interface ValuesFileRead {
    readonly yaml: YamlFile;
    readonly values: Values;
    /** Read for a release (or the monitoring charts), rather than only to report what is wrong in it. */
    readonly used: boolean;
}

/**
 * Reads values files once each, however many releases use them, and merges them; a file that does not
 * parse, or is not a map, is one problem however often it is read. Each team's `!secret <name>` is
 * read as that team's secret (whether it exists is a check of its own, on {@link files}).
 */
export class ValuesReader {
    private readonly cache = new Map<string, Values | undefined>();
    private readonly yamls = new Map<string, YamlFile>();
    private readonly parsed: ValuesFileRead[] = [];
    private readonly found: Problem[] = [];

    constructor(private readonly tree: SourceTree) {}

    /** The problems of the files read so far: syntax, or not a map. */
    problems(): readonly Problem[] {
        return this.found;
    }

    /** Every file read so far that holds a non-empty map of values, in the order read. */
    files(): readonly ValuesFileRead[] {
        return this.parsed;
    }

    /** Line of a key in a values file already read. */
    lineOf(file: string, path: KeyPath): number | undefined {
        return this.yamls.get(file)?.lineOf(path);
    }

    /**
     * Reads every values file in the repository this reader has not read yet, so a broken file is
     * reported even when no release of this environment uses it (another environment's file, a team whose
     * tenant file is broken).
     */
    readTheRest(): void {
        for (const file of valuesFilesIn(this.tree).filter((f) => !this.cache.has(f))) {
            this.cache.set(file, this.load(file, false));
        }
    }

    /** The file's values, `undefined` when it does not exist or is broken (then a problem is recorded). */
    read(file: string): Values | undefined {
        if (!this.cache.has(file)) {
            this.cache.set(file, this.load(file, true));
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

    private load(file: string, used: boolean): Values | undefined {
        const text = this.tree.read(file);
        if (text === undefined) {
            return undefined;
        }
        const parsed = parseYamlFile(file, text, "helm");
        if (!parsed.ok) {
            this.found.push(...parsed.problems);
            return undefined;
        }
        this.yamls.set(file, parsed.yaml);
        if (parsed.yaml.data === null || (isMap(parsed.yaml.data) && Object.keys(parsed.yaml.data).length === 0)) {
            return {};
        }
        if (!isMap(parsed.yaml.data)) {
            this.found.push({
                file,
                line: 1,
                path: "",
                message: "a values file must be a YAML map at the top level",
                hint: "write key: value pairs, as in a chart's values.yaml",
            });
            return undefined;
        }
        const data = parsed.yaml.data;
        this.parsed.push({ yaml: parsed.yaml, values: data, used });
        // A team's files reach only the team's secrets; the platform-wide values files reach none.
        const owner = secretOwnerOf(file);
        return owner === undefined || secretRefs(data).length === 0
            ? data
            : (mapSecretRefs(data, (name) => secretRef(ownedSecret(owner, name))) as Values);
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
export function secretOwnerOf(file: string): string | undefined {
    const team = new RegExp(`^${LAYOUT.tenantsDir}/([^/]+)/`).exec(file)?.[1];
    if (team) {
        return team;
    }
    return file.startsWith(`${LAYOUT.platformValuesDir}/monitoring/`) ? PLATFORM_SECRET_OWNER : undefined;
}
