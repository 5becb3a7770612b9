/**
 * `npm run codeowners`: writes `.github/CODEOWNERS` from the tenant files and the guards' stack file;
 * `--check` only says whether the committed file is up to date (what CI and the tests ask).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ConfigError } from "../core/base/problems";
import { diskTree, type SourceTree } from "../core/base/sourceTree";
import { CODEOWNERS_FILE, codeownersOf } from "../guards/codeowners";
import { GUARDS_STACK } from "../guards/settings";
import { parseOptions } from "../plan/cliOptions";
import { runScript, type ScriptContext, scriptCommand } from "./runScript";

export interface CodeownersContext extends ScriptContext {
    /** The files the tenant folders are read from. @default the files under `root` */
    readonly tree?: SourceTree;
}

/** Runs the script with `argv` (the arguments after its name); returns its exit code. */
export function runCodeownersCli(argv: readonly string[], context: CodeownersContext): number {
    const cli = scriptCommand("codeowners", context)
        .description(`Writes ${CODEOWNERS_FILE}: the platform team owns everything, each tenant's GitHub team its tenants/<team>/ folder.`)
        .option("--check", `exit 1 when ${CODEOWNERS_FILE} is not what the tenant files make, and write nothing`, false)
        .option("--stack <stack>", "the guards' stack whose settings name the organisation and the platform team", GUARDS_STACK)
        .addHelpText(
            "after",
            "\nExit codes: 0 written or up to date; 1 out of date (--check) or a configuration problem; 2 bad arguments.",
        );
    const options = parseOptions<{ check: boolean; stack: string }>(cli, argv);
    if (typeof options === "number") {
        return options;
    }
    let wanted: string;
    try {
        wanted = codeownersOf(context.tree ?? diskTree(context.root), options.stack);
    } catch (error) {
        if (error instanceof ConfigError) {
            context.stderr(`${error.message}\n`);
            return 1;
        }
        throw error;
    }
    const file = path.join(context.root, CODEOWNERS_FILE);
    const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
    if (options.check) {
        if (current === wanted) {
            context.stdout(`${CODEOWNERS_FILE} is up to date\n`);
            return 0;
        }
        context.stderr(`${CODEOWNERS_FILE} is out of date: run npm run codeowners\n`);
        return 1;
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, wanted);
    context.stdout(`${current === wanted ? "Unchanged" : "Wrote"} ${CODEOWNERS_FILE}\n`);
    return 0;
}

if (require.main === module) {
    runScript(runCodeownersCli);
}
