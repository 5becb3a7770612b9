/**
 * `npm run schemas`: writes the JSON Schemas generated from the zod schemas of the files the platform
 * publishes (`schemas/plan.schema.json`: plan.json); `--check` only says whether the committed files
 * are what the schemas generate (what CI and the tests ask).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Command, CommanderError } from "commander";
import { PLAN_SCHEMA_FILE, planJsonSchema } from "../core/report/planSchema";

/** Every published JSON Schema, by repository-relative file, as the script writes it. */
export function generatedSchemas(): ReadonlyMap<string, string> {
    return new Map([[PLAN_SCHEMA_FILE, `${JSON.stringify(planJsonSchema(), null, 2)}\n`]]);
}

export interface SchemasContext {
    readonly root: string;
    readonly stdout: (text: string) => void;
    readonly stderr: (text: string) => void;
}

/** Runs the script with `argv` (the arguments after its name); returns its exit code. */
export function runSchemasCli(argv: readonly string[], context: SchemasContext): number {
    const cli = new Command("schemas")
        .description(`Writes the JSON Schemas generated from the zod schemas: ${[...generatedSchemas().keys()].join(", ")}.`)
        .option("--write", "write the files (the default)", false)
        .option("--check", "exit 1 when a file is not what the schemas generate, and write nothing", false)
        .addHelpText("after", "\nExit codes: 0 written or up to date; 1 out of date (--check); 2 bad arguments.")
        .exitOverride()
        .configureOutput({ writeOut: context.stdout, writeErr: context.stderr });
    let options: { write: boolean; check: boolean };
    try {
        options = cli.parse([...argv], { from: "user" }).opts();
    } catch (error) {
        if (error instanceof CommanderError) {
            return error.exitCode === 0 ? 0 : 2;
        }
        throw error;
    }
    if (options.write && options.check) {
        context.stderr("--write and --check exclude each other\n");
        return 2;
    }
    const stale = [...generatedSchemas()].filter(([file, text]) => {
        const full = path.join(context.root, file);
        return !fs.existsSync(full) || fs.readFileSync(full, "utf8") !== text;
    });
    if (options.check) {
        for (const [file] of stale) {
            context.stderr(`${file} is out of date: run npm run schemas -- --write\n`);
        }
        context.stdout(stale.length === 0 ? "Every JSON Schema is up to date\n" : "");
        return stale.length === 0 ? 0 : 1;
    }
    for (const [file, text] of stale) {
        fs.mkdirSync(path.dirname(path.join(context.root, file)), { recursive: true });
        fs.writeFileSync(path.join(context.root, file), text);
        context.stdout(`Wrote ${file}\n`);
    }
    context.stdout(stale.length === 0 ? "Every JSON Schema is up to date\n" : "");
    return 0;
}

if (require.main === module) {
    process.exitCode = runSchemasCli(process.argv.slice(2), {
        root: path.resolve(__dirname, ".."),
        stdout: (t) => process.stdout.write(t),
        stderr: (t) => process.stderr.write(t),
    });
}
