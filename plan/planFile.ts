/**
 * plan.json on disk: read through the zod schema, an unversioned plan migrated and a newer major
 * refused (core/report/planVersions.ts).
 */
import * as fs from "node:fs";
import { type PlanRead, readPlan } from "../core/report/planVersions";

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
