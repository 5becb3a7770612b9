import type { ErrorObject } from "ajv";
import { formatKeyPath, type KeyPath } from "../base/keyPath";
import { APP_VALUES_FILE, LAYOUT } from "../base/layout";
import { closest, type Problem, problemAt } from "../base/problems";
import type { ReleaseSpec } from "../model/stackModel";
import { coalesceWithChart, sourceOf, type Values } from "../values/merge";
import { chartFilesOf } from "../values/schema";
import { maskSecrets } from "../values/secrets";
import type { CheckOf, ReleasesStage } from "./check";

export const platformValuesFiles: CheckOf<"environment"> = {
    id: "platform-values-files",
    stage: "environment",
    checks: "values/ holds common.yaml and <environment>.yaml, and the same pair in values/monitoring/: nothing else, which nothing would read",
    run: ({ tree, environments }) => {
        const allowed = ["common", ...environments];
        const inDir = (dir: string): Problem[] =>
            tree.list(dir).flatMap((name) => {
                if (tree.isDirectory(`${dir}/${name}`)) {
                    return dir === LAYOUT.platformValuesDir && name === "monitoring"
                        ? inDir(`${dir}/${name}`)
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
                        hint: suggestion
                            ? `did you mean ${suggestion}.yaml?`
                            : "platform values files are common.yaml and <environment>.yaml",
                    },
                ];
            });
        return inDir(LAYOUT.platformValuesDir);
    },
};

export const teamFolders: CheckOf<"teams"> = {
    id: "team-folders",
    stage: "teams",
    checks: "a folder under tenants/ belongs to a team with a tenant file of its name",
    run: ({ tree, tenantFileTeams }) =>
        tree
            .list(LAYOUT.tenantsDir)
            .filter((n) => tree.isDirectory(`${LAYOUT.tenantsDir}/${n}`) && !tenantFileTeams.has(n))
            .map((name) => {
                const suggestion = closest(name, [...tenantFileTeams]);
                return {
                    file: `${LAYOUT.tenantsDir}/${name}`,
                    path: "",
                    message: "is a values folder of no team: nothing reads it",
                    hint: suggestion ? `did you mean tenants/${suggestion}/?` : `add tenants/${name}.yaml, or remove the folder`,
                };
            }),
};

/** Every entry of each stack team's values folder (`tenants/<team>/`), and whether it is one of its apps. */
const teamFolderEntries = ({ tree, stackTenants }: ReleasesStage) =>
    stackTenants.flatMap((tenant) => {
        const apps = Object.keys(tenant.data.apps);
        return tree.list(`${LAYOUT.tenantsDir}/${tenant.data.team}`).map((name) => ({ tenant, name, apps, isApp: apps.includes(name) }));
    });

export const appFolders: CheckOf<"releases"> = {
    id: "app-folders",
    stage: "releases",
    checks: "each folder under tenants/<team>/ is the values folder of an app the team's file declares",
    run: (stage) =>
        teamFolderEntries(stage)
            .filter((e) => !e.isApp)
            .map(({ tenant, name, apps }) => {
                const suggestion = closest(name, apps);
                return {
                    file: `${LAYOUT.tenantsDir}/${tenant.data.team}/${name}`,
                    path: "",
                    message: `values folder for an app that ${tenant.yaml.file} does not declare`,
                    hint: suggestion
                        ? `did you mean "${suggestion}"?`
                        : `declare the app under apps: in ${tenant.yaml.file} or remove the folder`,
                };
            }),
};

export const valuesFileNames: CheckOf<"releases"> = {
    id: "values-file-names",
    stage: "releases",
    checks: "an app's values files are values.yaml, values.<env>.yaml or values.<env>.<cluster>.yaml of known environments and clusters (a typo would never apply)",
    run: (stage) => {
        const { knownEnvironments } = stage;
        const current = stage.environment.name;
        const clusters = stage.environment.clusters.map((c) => c.name);
        return teamFolderEntries(stage)
            .filter((e) => e.isApp)
            .flatMap(({ tenant, name: app }) => {
                const dir = LAYOUT.appDir(tenant.data.team, app);
                return stage.tree.list(dir).flatMap((name): Problem[] => {
                    const file = `${dir}/${name}`;
                    const match = APP_VALUES_FILE.exec(name);
                    if (!match) {
                        return [
                            {
                                file,
                                path: "",
                                message: "is not a values file of the hierarchy",
                                hint: "name it values.yaml, values.<env>.yaml or values.<env>.<cluster>.yaml",
                            },
                        ];
                    }
                    const [, env, cluster] = match;
                    if (env !== undefined && !knownEnvironments.includes(env)) {
                        const suggestion = closest(env, knownEnvironments);
                        return [
                            {
                                file,
                                path: "",
                                message: `unknown environment "${env}" in the file name`,
                                hint: suggestion
                                    ? `did you mean values.${suggestion}${cluster ? `.${cluster}` : ""}.yaml?`
                                    : `environments are: ${knownEnvironments.join(", ")}`,
                            },
                        ];
                    }
                    if (cluster !== undefined && env === current && !clusters.includes(cluster)) {
                        const suggestion = closest(cluster, clusters);
                        return [
                            {
                                file,
                                path: "",
                                message: `unknown cluster "${cluster}" of environment "${env}" in the file name`,
                                hint: suggestion
                                    ? `did you mean values.${env}.${suggestion}.yaml?`
                                    : `clusters of ${env}: ${clusters.join(", ")}`,
                            },
                        ];
                    }
                    return [];
                });
            });
    },
};

export const valuesSchema: CheckOf<"releases"> = {
    id: "values-schema",
    stage: "releases",
    checks: "each release's merged values, coalesced with its chart's defaults as Helm does, are valid against the chart version's values.schema.json where the repository has it",
    run: ({ releases, charts, lineOf }) =>
        releases.flatMap((release) => {
            const { schema, defaults } = chartFilesOf(charts, release);
            if (!schema) {
                return [];
            }
            const values = coalesceWithChart(defaults ?? {}, maskSecrets(release.values));
            return schema.validate(values)
                ? []
                : (schema.validate.errors ?? []).map((e) => schemaProblem(e, values, release, schema.file, lineOf));
        }),
};

/** The key path of a JSON pointer into `values`: an item of a list by its index, a key of a map by its name. */
function pathOf(pointer: string, values: Values): KeyPath {
    const path: (string | number)[] = [];
    let at: unknown = values;
    for (const token of pointer.split("/").slice(1)) {
        const key = token.replace(/~1/g, "/").replace(/~0/g, "~");
        const segment = Array.isArray(at) ? Number(key) : key;
        path.push(segment);
        at = (at as Record<string | number, unknown> | undefined)?.[segment];
    }
    return path;
}

/** A schema error at the file and line that set the value, or at the schema when no file did. */
function schemaProblem(
    error: ErrorObject,
    values: Values,
    release: ReleaseSpec,
    schemaFile: string,
    lineOf: ReleasesStage["lineOf"],
): Problem {
    const path = pathOf(error.instancePath, values);
    const missing = error.keyword === "required" ? (error.params as { missingProperty: string }).missingProperty : undefined;
    const key = missing ? [...path, missing] : path;
    const dotted = formatKeyPath(key);
    const source = sourceOf(release.sources, key);
    const where = `release ${release.name} on ${release.environment}/${release.cluster}`;
    const message = `${where}: ${dotted || "values"} ${missing ? "is required" : error.message} (${schemaFile})`;
    return source
        ? problemAt(
              { file: source, lineOf: (p) => lineOf(source, p) },
              key,
              message,
              "change the value in that file or pin a chart version whose schema accepts it",
          )
        : { file: schemaFile, path: dotted, message, hint: "set the key in the app's values files" };
}
