import * as assert from "node:assert/strict";
import { exactVersionSchema } from "../../../core/config/versions";

/** The hint the schema gives for `value`, or undefined when it accepts it. */
function hintFor(value: unknown): string | undefined {
    const result = exactVersionSchema.safeParse(value);
    return result.success ? undefined : (result.error.issues[0] as { params?: { hint?: string } }).params?.hint;
}

describe("exactVersionSchema: a chart version YAML read as a number", () => {
    it("GIVEN 1.10 unquoted (YAML reads 1.1) THEN the fix warns that the digits may have lost a zero", () => {
        assert.equal(hintFor(1.1), 'write the exact version in quotes, such as "1.1.0" (YAML reads 1.10 as 1.1 too: check the digits)');
    });

    it("GIVEN a whole number THEN the fix quotes the exact version it most likely means, with no note on zeros", () => {
        assert.equal(hintFor(2), 'write the exact version in quotes, such as "2.0.0"');
    });

    it("GIVEN a quoted exact version THEN it is accepted as written", () => {
        assert.equal(exactVersionSchema.parse("1.10.0"), "1.10.0");
    });
});
