import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import { chartSourceDir } from "../base/chartPaths";
import { formatKeyPath, type KeyPath } from "../base/keyPath";
import { LAYOUT } from "../base/layout";
import { type Problem, problemAt } from "../base/problems";
import type { SourceTree } from "../base/sourceTree";
import { parseYamlFile } from "../yaml/yamlFile";
import { PLATFORM_SOURCE } from "./hierarchy";
import { type UnknownKey, unknownKeys } from "./knownKeys";
import { coalesceWithChart, isMap, sourceOf, type Values } from "./merge";
import { maskSecrets } from "./secrets";

/** Where a chart version's schema and default values live in the repository, when someone put them there. */
export const chartFiles = (owner: string, chart: string, version: string) => ({
    schema: `${chartSourceDir({ owner, chart }, version)}/values.schema.json`,
    defaults: `${chartSourceDir({ owner, chart }, version)}/values.yaml`,
});

/** What the schema check needs to know of one release. */
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

/**
 * Validates releases' merged values against their chart's `values.schema.json`, as `helm install`
 * would, but before anything is deployed: the release's values coalesced with the chart's defaults (when
 * in the repository) exactly as Helm does, then the schema. Each error names the release, the key, and the file
 * and line that set it.
 * @see https://helm.sh/docs/topics/charts/#schema-files
 */
export class ValuesSchemaChecker {
    private readonly ajv = new Ajv({ allErrors: true, strict: false });
    private readonly compiled = new Map<string, ValidateFunction | undefined>();
    private readonly schemas = new Map<string, unknown>();
    private readonly defaultValues = new Map<string, Values | undefined>();

    constructor(
        private readonly tree: SourceTree,
        private readonly problems: Problem[],
        /** Line of a key path in a values file, for pointing at the value that broke the schema. */
        private readonly lineOf: (file: string, path: KeyPath) => number | undefined,
    ) {}

    check(release: SchemaSubject): void {
        const files = chartFiles(release.chartOwner, release.chartName, release.version);
        const validate = this.compile(files.schema);
        if (!validate) {
            return;
        }
        const defaults = this.defaults(files.defaults) ?? {};
        const values = coalesceWithChart(defaults, maskSecrets(release.values));
        if (validate(values)) {
            return;
        }
        for (const error of validate.errors ?? []) {
            this.problems.push(this.toProblem(error, release, files.schema));
        }
    }

    /**
     * The keys a release's values files set that its chart knows nowhere (neither its `values.yaml` nor
     * its schema), where the chart's files are in the repository. Only keys of the app's own values
     * files count: the platform's layers (`values/`, the injected `global.platform`) serve every chart,
     * and a key one chart lacks there is no mistake.
     */
    unknownKeys(release: SchemaSubject): UnknownKey[] {
        const files = chartFiles(release.chartOwner, release.chartName, release.version);
        const schema = this.compile(files.schema) ? this.schemas.get(files.schema) : undefined;
        const found = unknownKeys(release.values, { defaults: this.defaults(files.defaults), schema });
        return found.filter((k) => {
            const source = sourceOf(release.sources, k.path);
            return source !== undefined && source !== PLATFORM_SOURCE && !source.startsWith(`${LAYOUT.platformValuesDir}/`);
        });
    }

    private toProblem(error: ErrorObject, release: SchemaSubject, schemaFile: string): Problem {
        const path: KeyPath = error.instancePath
            .split("/")
            .slice(1)
            .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
        const missing = error.keyword === "required" ? (error.params as { missingProperty: string }).missingProperty : undefined;
        const key = missing ? [...path, missing] : path;
        const dotted = formatKeyPath(key);
        const source = sourceOf(release.sources, key);
        const where = `release ${release.name} on ${release.environment}/${release.cluster}`;
        const message = `${where}: ${dotted || "values"} ${missing ? "is required" : error.message} (${schemaFile})`;
        return source
            ? problemAt(
                  { file: source, lineOf: (p) => this.lineOf(source, p) },
                  key,
                  message,
                  "change the value in that file or pin a chart version whose schema accepts it",
              )
            : { file: schemaFile, path: dotted, message, hint: "set the key in the app's values files" };
    }

    private compile(file: string): ValidateFunction | undefined {
        if (!this.compiled.has(file)) {
            const text = this.tree.read(file);
            let validate: ValidateFunction | undefined;
            if (text !== undefined) {
                try {
                    const schema: unknown = JSON.parse(text);
                    validate = this.ajv.compile(schema as object);
                    this.schemas.set(file, schema);
                } catch (e) {
                    this.problems.push({
                        file,
                        path: "",
                        message: `is not a usable JSON Schema: ${(e as Error).message}`,
                        hint: "copy values.schema.json from the chart package as it is published",
                    });
                }
            }
            this.compiled.set(file, validate);
        }
        return this.compiled.get(file);
    }

    /** The chart's default values, parsed once; undefined when the chart's `values.yaml` is not in the repository. */
    private defaults(file: string): Values | undefined {
        if (!this.defaultValues.has(file)) {
            const text = this.tree.read(file);
            const parsed = text === undefined ? undefined : parseYamlFile(file, text, "helm");
            if (parsed && !parsed.ok) {
                this.problems.push(...parsed.problems);
            }
            this.defaultValues.set(file, parsed?.ok ? (isMap(parsed.yaml.data) ? parsed.yaml.data : {}) : undefined);
        }
        return this.defaultValues.get(file);
    }
}
