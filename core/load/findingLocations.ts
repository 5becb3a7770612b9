import { formatKeyPath, type KeyPath } from "../base/keyPath";
import { LAYOUT } from "../base/layout";
import type { Location } from "../base/problems";
import type { SourceTree } from "../base/sourceTree";
import { stackSettingLocator } from "../config/environment";
import type { Anchor, LocateAnchor } from "../governance";
import type { ReleaseSpec, StackModel } from "../model/stackModel";
import { PLATFORM_SOURCE } from "../values/hierarchy";
import { sourceOf } from "../values/merge";
import { parseYamlFile, type YamlDialect, type YamlFile } from "../yaml/yamlFile";

/**
 * Points release findings at the file, line and key where the fix is written: a values key in the file
 * that set it (or, when no file did, the app's values file), a chart version in the tenant file, a
 * setting in the environment's stack file. Files are parsed again only for the findings that need them.
 */
export function findingLocator(tree: SourceTree, model: StackModel): LocateAnchor {
    const parsed = new Map<string, YamlFile | undefined>();
    const yamlOf = (file: string, dialect: YamlDialect): YamlFile | undefined => {
        if (!parsed.has(file)) {
            const text = tree.read(file);
            const result = text === undefined ? undefined : parseYamlFile(file, text, dialect);
            parsed.set(file, result?.ok ? result.yaml : undefined);
        }
        return parsed.get(file);
    };
    const at = (file: string, path: KeyPath, dialect: YamlDialect): Location => ({
        file,
        line: yamlOf(file, dialect)?.lineOf(path),
        path: formatKeyPath(path),
    });
    const tenantFile = (r: ReleaseSpec) => model.teams.find((t) => t.team === r.team)?.file ?? `${LAYOUT.tenantsDir}/${r.team}.yaml`;
    return (r: ReleaseSpec, anchor: Anchor): Location => {
        if ("setting" in anchor) {
            const env = model.environment.name;
            return stackSettingLocator(env, yamlOf(LAYOUT.stackFile(env), "config")).locate(anchor.setting);
        }
        if ("version" in anchor) {
            return at(tenantFile(r), ["apps", r.app, "versions", r.environment], "config");
        }
        const source = sourceOf(r.sources, anchor.value);
        if (source !== undefined && source !== PLATFORM_SOURCE) {
            return at(source, anchor.value, "helm");
        }
        // Set by no file: the app's own values file is where to add it.
        const appFiles = r.valueFiles.filter((f) => f.startsWith(`${LAYOUT.appDir(r.team, r.app)}/`));
        return at(appFiles[0] ?? `${LAYOUT.appDir(r.team, r.app)}/values.yaml`, anchor.value, "helm");
    };
}
