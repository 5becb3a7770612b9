/**
 * What `npm run schemas` and `npm run docs` share: files generated from the code, written with `--write`
 * (the default) and compared with `--check`, which exits 1 when a committed file is stale (what CI and
 * the tests ask).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseOptions } from "../plan/cliOptions";
import { type ScriptContext, scriptCommand } from "./runScript";

/** A script that writes generated files: its npm script's name, what it writes, and the files. */
export interface GeneratedFiles {
    readonly script: string;
    readonly description: string;
    /** What "nothing to do" reads like: "Every JSON Schema is up to date". */
    readonly upToDate: string;
    readonly files: () => ReadonlyMap<string, string>;
}

/** Runs the script with `argv` (the arguments after its name); returns its exit code. */
export function runGeneratedFilesCli(generated: GeneratedFiles, argv: readonly string[], context: ScriptContext): number {
    const files = generated.files();
    const cli = scriptCommand(generated.script, context)
        .description(`${generated.description}: ${[...files.keys()].join(", ")}.`)
        .option("--write", "write the files (the default)", false)
        .option("--check", "exit 1 when a file is not what the code generates, and write nothing", false)
        .addHelpText("after", "\nExit codes: 0 written or up to date; 1 out of date (--check); 2 bad arguments.");
    const options = parseOptions<{ write: boolean; check: boolean }>(cli, argv);
    if (typeof options === "number") {
        return options;
    }
    if (options.write && options.check) {
        context.stderr("--write and --check exclude each other\n");
        return 2;
    }
    const stale = [...files].filter(([file, text]) => {
        const full = path.join(context.root, file);
        return !fs.existsSync(full) || fs.readFileSync(full, "utf8") !== text;
    });
    if (options.check) {
        for (const [file] of stale) {
            context.stderr(`${file} is out of date: run npm run ${generated.script} -- --write\n`);
        }
        context.stdout(stale.length === 0 ? `${generated.upToDate}\n` : "");
        return stale.length === 0 ? 0 : 1;
    }
    for (const [file, text] of stale) {
        fs.mkdirSync(path.dirname(path.join(context.root, file)), { recursive: true });
        fs.writeFileSync(path.join(context.root, file), text);
        context.stdout(`Wrote ${file}\n`);
    }
    context.stdout(stale.length === 0 ? `${generated.upToDate}\n` : "");
    return 0;
}
