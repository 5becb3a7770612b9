/**
 * plan.json on disk: written only when the published JSON Schema (`schemas/plan.schema.json`) accepts
 * it, so that what other tools validate against is what the plan writes; read through the zod schema,
 * an unversioned plan migrated and a newer major refused (core/report/planVersions.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020";
import { PLAN_SCHEMA_FILE } from "../core/report/planSchema";
import type { Plan } from "../core/report/planTypes";
import { type PlanRead, readPlan } from "../core/report/planVersions";

const ROOT = path.resolve(__dirname, "..");

let validate: ValidateFunction | undefined;

/** What the published JSON Schema finds wrong with a plan.json's content (nothing: it is valid). */
export function planFileProblems(content: unknown): string[] {
    validate ??= new Ajv2020({ allErrors: true, strict: true }).compile(
        JSON.parse(fs.readFileSync(path.join(ROOT, PLAN_SCHEMA_FILE), "utf8")),
    );
    return validate(content)
        ? []
        : (validate.errors ?? []).map((e) => {
              const field = e.params["additionalProperty"];
              return `${e.instancePath || "(the plan)"}: ${e.message}${field === undefined ? "" : ` (${field})`}`;
          });
}

/** plan.json's text; throws when the published schema would refuse it (a field written that the schema lacks). */
export function planFileText(plan: Plan): string {
    const text = `${JSON.stringify(plan, null, 2)}\n`;
    const problems = planFileProblems(JSON.parse(text));
    if (problems.length > 0) {
        throw new Error(`the plan of ${plan.stack} does not match ${PLAN_SCHEMA_FILE}: ${problems.slice(0, 5).join("; ")}`);
    }
    return text;
}

/** A plan.json file, read through its schema. */
export function readPlanFile(file: string): PlanRead {
    let content: unknown;
    try {
        content = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
        return { error: `${file} is not a plan.json: ${e instanceof Error ? e.message : String(e)}` };
    }
    return readPlan(content, file);
}
