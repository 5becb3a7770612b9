/**
 * `npm run docs`: writes the reference generated from the zod schemas (docs/reference/stack-settings.md,
 * docs/reference/tenant-file.md); `--check` only says whether the committed pages are what the schemas
 * generate (a test asks).
 */
import { runGeneratedFilesCli } from "./generatedFiles";
import { referenceDocs } from "./referenceDocs";
import { runScript, type ScriptContext } from "./runScript";

/** Runs the script with `argv` (the arguments after its name); returns its exit code. */
export function runDocsCli(argv: readonly string[], context: ScriptContext): number {
    return runGeneratedFilesCli(
        {
            script: "docs",
            description: "Writes the reference generated from the zod schemas",
            upToDate: "Every reference page is up to date",
            files: referenceDocs,
        },
        argv,
        context,
    );
}

if (require.main === module) {
    runScript(runDocsCli);
}
