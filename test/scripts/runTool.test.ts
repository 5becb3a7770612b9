import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { SupplyChainContext } from "../../plan/supplyChainCli";
import { runTool } from "../../scripts/runTool";
import { ROOT } from "../helpers";
import { asProcess } from "../support/scriptProcess";

describe("how a supply-chain command runs (scripts/runTool.ts)", () => {
    it("GIVEN a command THEN it gets the arguments, the repository and its files, and the process's streams; its code is the exit code", async () => {
        let given: SupplyChainContext | undefined;
        let argvGiven: readonly string[] = [];
        const run = await asProcess(["--stack", "prod"], () =>
            runTool(async (argv, context) => {
                given = context;
                argvGiven = argv;
                context.stdout("locked\n");
                context.stderr("1 chart\n");
                return 4;
            }),
        );
        assert.deepEqual(argvGiven, ["--stack", "prod"]);
        assert.equal(given?.root, ROOT);
        assert.equal(given?.tree.read("package.json"), fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
        assert.deepEqual([run.code, run.stdout, run.stderr], [4, "locked\n", "1 chart\n"]);
    });

    it("GIVEN a command's output THEN the process exits once stdout is written out, as a pipe may take longer than the command", async () => {
        const run = await asProcess([], () =>
            runTool(async (_argv, context) => {
                context.stdout("sha256:0a1b...\n");
                return 0;
            }),
        );
        assert.deepEqual([run.code, run.stdout, run.unflushed], [0, "sha256:0a1b...\n", 0]);
    });

    it("GIVEN a command that fails THEN exit 1 with its message, not a stack trace", async () => {
        const run = await asProcess([], () => runTool(() => Promise.reject(new Error("the registry refused the push"))));
        assert.deepEqual([run.code, run.stdout, run.stderr], [1, "", "the registry refused the push\n"]);
    });
});
