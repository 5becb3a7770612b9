import { LAYOUT } from "../base/layout";
import { locate, type Problem } from "../base/problems";
import type { SourceTree } from "../base/sourceTree";
import type { AllowanceEntry, TeamAllowance } from "../model/allowances";
import { parseYamlFile, type YamlFile } from "../yaml/yamlFile";
import { type AllowancesFileInput, allowancesFileSchema } from "./allowances";
import { validateWith } from "./zodProblems";

/** One team's allowances file, parsed and valid against its schema. */
export interface AllowancesFile {
    readonly yaml: YamlFile;
    readonly data: AllowancesFileInput;
}

/**
 * Every `allowances/<team>.yaml`: syntax and schema problems are recorded and only valid files are
 * returned (whether each is named for its team is a check of its own: see {@link namedForItsTeam}).
 */
export function readAllowanceFiles(tree: SourceTree, problems: Problem[]): AllowancesFile[] {
    const files: AllowancesFile[] = [];
    for (const name of tree.list(LAYOUT.allowancesDir)) {
        const file = `${LAYOUT.allowancesDir}/${name}`;
        if (tree.isDirectory(file) || !name.endsWith(".yaml")) {
            problems.push({ file, path: "", message: "is not an allowances file", hint: "allowances files are named <team>.yaml" });
            continue;
        }
        const parsed = parseYamlFile(file, tree.read(file) ?? "");
        if (!parsed.ok) {
            problems.push(...parsed.problems);
            continue;
        }
        const validated = validateWith(allowancesFileSchema, parsed.yaml.data, parsed.yaml);
        problems.push(...validated.problems);
        if (validated.value) {
            files.push({ yaml: parsed.yaml, data: validated.value });
        }
    }
    return files;
}

/**
 * Whether the file's `team:` is the team its name says (`allowances/<team>.yaml`). Only such a file is
 * read as the team's, so an allowance cannot be moved to another team by editing one line.
 */
export const namedForItsTeam = (file: AllowancesFile): boolean => file.yaml.file === LAYOUT.allowancesFile(file.data.team);

/** The entries of a team's allowances that apply in `environment` (all of them unless they name environments). */
export function allowanceIn(files: readonly AllowancesFile[], team: string, environment: string): TeamAllowance {
    const file = files.find((f) => f.data.team === team);
    const entries: AllowanceEntry[] = (file?.data.allowances ?? []).flatMap((entry, i) => {
        if (entry.environments && !entry.environments.includes(environment)) {
            return [];
        }
        const { environments: _, ...grants } = entry;
        return [{ ...grants, at: locate(file?.yaml as YamlFile, ["allowances", i]) }];
    });
    return { team, file: LAYOUT.allowancesFile(team), entries };
}
