import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import { chartSourceDir } from "../base/chartPaths";
import { formatKeyPath, type KeyPath } from "../base/keyPath";
import { type Problem, problemAt } from "../base/problems";
import type { SourceTree } from "../base/sourceTree";
import { parseYamlFile } from "../yaml/yamlFile";
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
        const defaults = this.defaults(files.defaults);
        const values = coalesceWithChart(defaults, maskSecrets(release.values));
        if (validate(values)) {
            return;
        }
        for (const error of validate.errors ?? []) {
            this.problems.push(this.toProblem(error, release, files.schema));
        }
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
                    validate = this.ajv.compile(JSON.parse(text));
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

    private defaults(file: string): Values {
        const text = this.tree.read(file);
        if (text === undefined) {
            return {};
        }
        const parsed = parseYamlFile(file, text, "helm");
        if (!parsed.ok) {
            this.problems.push(...parsed.problems);
            return {};
        }
        return isMap(parsed.yaml.data) ? parsed.yaml.data : {};
    }
}
