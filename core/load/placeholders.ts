import { formatKeyPath } from "../base/keyPath";
import { LAYOUT } from "../base/layout";
import type { Problem } from "../base/problems";
import type { SourceTree } from "../base/sourceTree";
import { type PlaceholderFile, placeholdersIn, settingOf } from "../config/placeholders";
import type { StackModel } from "../model/stackModel";
import { parseYamlFile } from "../yaml/yamlFile";

/**
 * The sample's placeholders still in the files a stack deploys from: its stack files (the environment's,
 * and a shard's own), and the tenant and allowance files of its teams. Each is a problem with its file,
 * line and key, and what to put there; a real `pulumi up` refuses to run while one remains.
 */
export function placeholdersOf(tree: SourceTree, model: StackModel): Problem[] {
    const { stack } = model;
    const files: [string, PlaceholderFile][] = [
        [LAYOUT.stackFile(stack.environment), { kind: "stack", stack: stack.environment }],
        ...(stack.kind === "shard"
            ? [[LAYOUT.stackFile(stack.name), { kind: "stack", stack: stack.name }] as [string, PlaceholderFile]]
            : []),
        ...model.teams.flatMap((t): [string, PlaceholderFile][] => [
            [t.file, { kind: "tenant" }],
            [LAYOUT.allowancesFile(t.team), { kind: "allowance" }],
        ]),
    ];
    return files.flatMap(([file, kind]) => {
        const text = tree.read(file);
        const parsed = text === undefined ? undefined : parseYamlFile(file, text);
        if (!parsed?.ok) {
            return []; // absent, or reported by the load already
        }
        return placeholdersIn(parsed.yaml.data, kind).map((p) => ({
            file,
            line: parsed.yaml.lineOf(p.path),
            path: kind.kind === "stack" ? settingOf(p.path) : formatKeyPath(p.path),
            message: `a placeholder of the sample: ${p.what}`,
            hint: p.fix,
        }));
    });
}

/** What a preview says of a stack's placeholders (the plan reports them itself, once for all its stacks). */
export const placeholderWarning = (count: number, stack: string): string =>
    `${count} sample placeholder${count === 1 ? "" : "s"} still in place, which pulumi up refuses: npm run placeholders -- --stack ${stack}`;
