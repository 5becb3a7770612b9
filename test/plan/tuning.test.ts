import * as assert from "node:assert/strict";
import { withoutStackTraces } from "../../plan/tuning";

describe("plan process tuning (plan/tuning.ts)", () => {
    it("GIVEN work THEN it runs with no stack traces, and the limit is as it was after", async () => {
        const before = Error.stackTraceLimit;
        const stack = await withoutStackTraces(async () => new Error("inside").stack);
        assert.equal(stack, "Error: inside");
        assert.equal(Error.stackTraceLimit, before);
        assert.match(new Error("after").stack ?? "", /\n\s+at /);
    });

    it("GIVEN work that fails THEN the failure passes through and the limit is restored", async () => {
        const before = Error.stackTraceLimit;
        await assert.rejects(
            withoutStackTraces(async () => {
                throw new Error("the program failed");
            }),
            /the program failed/,
        );
        assert.equal(Error.stackTraceLimit, before);
    });
});
