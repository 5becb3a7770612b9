/**
 * `npm run schemas`: writes the JSON Schemas generated from the zod schemas of the files the platform
 * publishes (`schemas/plan.schema.json`: plan.json) and of the files people write, for editors (a stack
 * file, a shard's stack file, a tenant file); `--check` only says whether the committed files are what
 * the schemas generate (what CI and the tests ask).
 */
import {
    SHARD_STACK_FILE_SCHEMA,
    STACK_FILE_SCHEMA,
    shardStackFileJsonSchema,
    stackFileJsonSchema,
    TENANT_FILE_SCHEMA,
    tenantFileJsonSchema,
} from "../core/config/fileSchemas";
import { PLAN_SCHEMA_FILE, planJsonSchema } from "../core/report/planSchema";
import { runGeneratedFilesCli } from "./generatedFiles";
import { runScript, type ScriptContext } from "./runScript";

const json = (schema: unknown) => `${JSON.stringify(schema, null, 2)}\n`;

/** Every published JSON Schema, by repository-relative file, as the script writes it. */
export function generatedSchemas(): ReadonlyMap<string, string> {
    return new Map([
        [PLAN_SCHEMA_FILE, json(planJsonSchema())],
        [STACK_FILE_SCHEMA, json(stackFileJsonSchema())],
        [SHARD_STACK_FILE_SCHEMA, json(shardStackFileJsonSchema())],
        [TENANT_FILE_SCHEMA, json(tenantFileJsonSchema())],
    ]);
}

/** Runs the script with `argv` (the arguments after its name); returns its exit code. */
export function runSchemasCli(argv: readonly string[], context: ScriptContext): number {
    return runGeneratedFilesCli(
        {
            script: "schemas",
            description: "Writes the JSON Schemas generated from the zod schemas",
            upToDate: "Every JSON Schema is up to date",
            files: generatedSchemas,
        },
        argv,
        context,
    );
}

if (require.main === module) {
    runScript(runSchemasCli);
}
