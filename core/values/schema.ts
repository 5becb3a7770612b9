import Ajv, { type ValidateFunction } from "ajv";
import { chartSourceDir } from "../base/chartPaths";
import { LAYOUT } from "../base/layout";
import type { Problem } from "../base/problems";
import type { SourceTree } from "../base/sourceTree";
import { parseYamlFile } from "../yaml/yamlFile";
import { PLATFORM_SOURCE } from "./hierarchy";
import { type UnknownKey, unknownKeys } from "./knownKeys";
import { isMap, sourceOf, type Values } from "./merge";

/** Where a chart version's schema and default values live in the repository, when someone put them there. */
export const chartFiles = (owner: string, chart: string, version: string) => ({
    schema: `${chartSourceDir({ owner, chart }, version)}/values.schema.json`,
    defaults: `${chartSourceDir({ owner, chart }, version)}/values.yaml`,
});

/** What the schema of a release's chart is read for. */
export interface SchemaSubject {
    readonly name: string;
    readonly environment: string;
    readonly cluster: string;
    readonly chartName: string;
    readonly chartOwner: string;
    readonly version: string;
    readonly values: Values;
    readonly sources: Readonly<Record<string, string>>;
}

/** A chart version's `values.schema.json`, compiled as `helm install` would apply it. */
export interface ChartSchema {
    readonly file: string;
    readonly schema: unknown;
    readonly validate: ValidateFunction;
}

/** The schemas and default values of chart versions, by file; a file absent or unusable is undefined. */
export interface ChartFiles {
    readonly schemas: ReadonlyMap<string, ChartSchema | undefined>;
    readonly defaults: ReadonlyMap<string, Values | undefined>;
}

/**
 * Reads the schema and default values of every chart version `releases` install, each once: what
 * checking their values against the chart needs. A schema that is not usable JSON Schema, and default
 * values that do not parse, are problems of their file.
 * @see https://helm.sh/docs/topics/charts/#schema-files
 */
export function readChartFiles(tree: SourceTree, releases: readonly SchemaSubject[]): { charts: ChartFiles; problems: Problem[] } {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const problems: Problem[] = [];
    const schemas = new Map<string, ChartSchema | undefined>();
    const defaults = new Map<string, Values | undefined>();
    for (const r of releases) {
        const files = chartFiles(r.chartOwner, r.chartName, r.version);
        if (!schemas.has(files.schema)) {
            schemas.set(files.schema, compileSchema(ajv, tree, files.schema, problems));
        }
        if (!defaults.has(files.defaults)) {
            const text = tree.read(files.defaults);
            const parsed = text === undefined ? undefined : parseYamlFile(files.defaults, text, "helm");
            if (parsed && !parsed.ok) {
                problems.push(...parsed.problems);
            }
            defaults.set(files.defaults, parsed?.ok ? (isMap(parsed.yaml.data) ? parsed.yaml.data : {}) : undefined);
        }
    }
    return { charts: { schemas, defaults }, problems };
}

function compileSchema(ajv: Ajv, tree: SourceTree, file: string, problems: Problem[]): ChartSchema | undefined {
    const text = tree.read(file);
    if (text === undefined) {
        return undefined;
    }
    try {
        const schema: unknown = JSON.parse(text);
        return { file, schema, validate: ajv.compile(schema as object) };
    } catch (e) {
        problems.push({
            file,
            path: "",
            message: `is not a usable JSON Schema: ${(e as Error).message}`,
            hint: "copy values.schema.json from the chart package as it is published",
        });
        return undefined;
    }
}

/** The schema and default values of a release's chart version, as far as the repository has them. */
export function chartFilesOf(charts: ChartFiles, release: SchemaSubject): { schema?: ChartSchema; defaults?: Values } {
    const files = chartFiles(release.chartOwner, release.chartName, release.version);
    return { schema: charts.schemas.get(files.schema), defaults: charts.defaults.get(files.defaults) };
}

/**
 * The keys a release's values files set that its chart knows nowhere (neither its `values.yaml` nor
 * its schema), where the chart's files are in the repository. Only keys of the app's own values
 * files count: the platform's layers (`values/`, the injected `global.platform`) serve every chart,
 * and a key one chart lacks there is no mistake.
 */
export function unknownKeysOf(charts: ChartFiles, release: SchemaSubject): UnknownKey[] {
    const { schema, defaults } = chartFilesOf(charts, release);
    const found = unknownKeys(release.values, { defaults, schema: schema?.schema });
    return found.filter((k) => {
        const source = sourceOf(release.sources, k.path);
        return source !== undefined && source !== PLATFORM_SOURCE && !source.startsWith(`${LAYOUT.platformValuesDir}/`);
    });
}
