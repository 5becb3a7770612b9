import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { planInWorkers } from "../../plan/planStacks";
import { tempDir } from "../support/temp";

/**
 * A stand-in worker: for each stack it is given (after `--stack`), says something of it, then writes
 * its result line, as plan/cli.ts's workers do; the first queue's worker is slow, so the second
 * queue's stacks finish first.
 */
const WORKER = `
const stacks = process.argv.slice(process.argv.indexOf("--stack") + 1);
const slow = stacks[0] === "dev";
const line = (value) => process.stdout.write(JSON.stringify(value) + "\\n");
(async () => {
    for (const stack of stacks) {
        await new Promise((resolve) => setTimeout(resolve, slow ? 300 : 10));
        line({ human: "summary of " + stack + "\\n" });
        line({ stack, report: { stack, problems: [] }, outcome: { stack, ok: true, planned: true, problems: [], placeholders: 0, destructive: [] } });
    }
})();
`;

describe("stacks planned in worker processes", () => {
    it("GIVEN workers that finish out of order THEN each stack's summary is said in the order asked, and progress as each is done", async () => {
        const dir = tempDir("workers-");
        const script = path.join(dir, "worker.js");
        fs.writeFileSync(script, WORKER);
        const stacks = ["dev", "uat", "prod", "prod.payments", "prod.commerce"];
        let said = "";
        const progress: string[] = [];
        const planned = await planInWorkers(
            stacks,
            2,
            { command: process.execPath, args: [script], cwd: dir },
            (text) => (said += text),
            (text) => progress.push(text),
        );
        assert.ok(!("wrong" in planned));
        assert.deepEqual(
            planned.reports.map((r) => r.stack),
            stacks,
        );
        assert.equal(said, stacks.map((s) => `summary of ${s}\n`).join(""), "summaries in the order asked");
        assert.equal(progress.length, stacks.length);
        assert.match(progress[0] ?? "", /^planned (uat|prod\.payments) \(1\/5\)\n$/, "progress as the fast worker's stacks are done");
    });
});
