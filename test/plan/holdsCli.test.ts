import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { runHoldsCli } from "../../plan/holdsCli";
import { program } from "../../program/stack";
import { ROOT, sampleTree, stackOfTeam } from "../helpers";
import { tempDir } from "../support/temp";

async function holds(argv: string[]) {
    let stdout = "";
    let stderr = "";
    const context = { root: ROOT, tree: sampleTree(), program, stdout: (t: string) => (stdout += t), stderr: (t: string) => (stderr += t) };
    return { code: await runHoldsCli(argv, context), stdout, stderr };
}

describe("npm run holds: what a deploy of one stack may target", () => {
    const pulls = path.join(tempDir("holds-"), "pulls.json");
    fs.writeFileSync(pulls, "[]");
    const fintech = stackOfTeam("prod", "fintech");
    const retail = stackOfTeam("prod", "retail");
    const team = (stack: string, name: string) =>
        `urn:pulumi:${stack}::helm-platform::helm-platform:index:Platform$helm-platform:tenant:Team::${name}`;

    it("GIVEN no break-glass pull request THEN the stack's own targets pass as they are", async () => {
        const own = team(fintech, "prod-weu-fintech");
        const { code, stdout } = await holds(["--stack", fintech, "--pulls", pulls, "--targets", own]);
        assert.equal(code, 0);
        assert.deepEqual(JSON.parse(stdout), { held: [], targets: [own], exclude: [], dropped: [] });
    });

    it("GIVEN a target of another shard's stack THEN the deploy is refused (exit 1), naming it", async () => {
        assert.notEqual(fintech, retail);
        const other = team(retail, "prod-weu-retail");
        const { code, stdout, stderr } = await holds([
            "--stack",
            fintech,
            "--pulls",
            pulls,
            "--targets",
            `${team(fintech, "prod-weu-fintech")} ${other}`,
        ]);
        assert.equal(code, 1);
        assert.equal(stdout, "");
        assert.equal(stderr, `${fintech} is deployed, but these targets are another stack's: ${other}\n`);
    });

    it("GIVEN a stack prefix that only starts alike THEN it is still another stack's", async () => {
        const lookalike = team(`${fintech}x`, "prod-weu-fintech");
        assert.equal((await holds(["--stack", fintech, "--pulls", pulls, "--targets", lookalike])).code, 1);
    });
});
