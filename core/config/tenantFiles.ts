import { LAYOUT } from "../base/layout";
import type { Problem } from "../base/problems";
import type { SourceTree } from "../base/sourceTree";
import { parseYamlFile, type YamlFile } from "../yaml/yamlFile";
import { type TenantInput, tenantSchema } from "./tenant";
import { validateWith } from "./zodProblems";

/** One team's file, parsed and valid against the tenant schema. */
export interface TenantFile {
    readonly yaml: YamlFile;
    readonly data: TenantInput;
}

/**
 * Every `tenants/<team>.yaml`: syntax and schema problems are recorded, and only valid files are
 * returned, so cross-checks never see half a file.
 */
export function readTenantFiles(tree: SourceTree, problems: Problem[]): TenantFile[] {
    const files: TenantFile[] = [];
    for (const name of tree.list(LAYOUT.tenantsDir)) {
        const file = `${LAYOUT.tenantsDir}/${name}`;
        if (tree.isDirectory(file)) {
            continue;
        }
        if (!name.endsWith(".yaml")) {
            problems.push({ file, path: "", message: "is not a tenant file", hint: "tenant files are named <team>.yaml" });
            continue;
        }
        const parsed = parseYamlFile(file, tree.read(file) ?? "");
        if (!parsed.ok) {
            problems.push(...parsed.problems);
            continue;
        }
        const validated = validateWith(tenantSchema, parsed.yaml.data, parsed.yaml);
        problems.push(...validated.problems);
        if (validated.value) {
            files.push({ yaml: parsed.yaml, data: validated.value });
        }
    }
    return files;
}
