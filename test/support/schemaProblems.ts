import type { z } from "zod";
import { validateWith } from "../../core/config/zodProblems";

/** A file that knows no lines: what a schema test validates against. */
export const NO_LINES = { file: "file.yaml", lineOf: () => undefined };

/** The problems of `data` against `schema`, each as `<key path>: <message> Fix: <hint>`. */
export function schemaProblems(schema: z.ZodType, data: unknown): string[] {
    return validateWith(schema, data, NO_LINES).problems.map((p) => `${p.path}: ${p.message} Fix: ${p.hint}`);
}

/** The value `schema` makes of `data`; fails the test with its problems when there are some. */
export function schemaValue<S extends z.ZodType>(schema: S, data: unknown): z.output<S> {
    const { value, problems } = validateWith(schema, data, NO_LINES);
    if (problems.length > 0 || value === undefined) {
        throw new Error(`expected no problems, got:\n${problems.map((p) => `${p.path}: ${p.message}`).join("\n")}`);
    }
    return value;
}
