import * as assert from "node:assert/strict";
import type { SourceTree } from "../../core/base/sourceTree";
import { type DeployOrder, runStacksCli } from "../../plan/stacksCli";
import { program } from "../../program/stack";
import { changedTree, ROOT, sampleTree } from "../helpers";

async function stacks(argv: string[], tree: SourceTree = sampleTree()) {
    let stdout = "";
    let stderr = "";
    const code = await runStacksCli(argv, { root: ROOT, tree, program, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    return { code, stdout, stderr };
}

describe("npm run stacks: each environment's stacks in deploy order", () => {
    it("answers --help and refuses an unknown option or environment with exit 2", async () => {
        assert.equal((await stacks(["--help"])).code, 0);
        assert.equal((await stacks(["--bogus"])).code, 2);
        assert.equal((await stacks(["--env", "staging"])).code, 2);
    });

    it("GIVEN the sample THEN the environments come in promotion order, prod's foundation before its shards, with their teams", async () => {
        const { code, stdout } = await stacks(["--json"]);
        assert.equal(code, 0);
        const orders = JSON.parse(stdout) as DeployOrder[];
        assert.deepEqual(
            orders.map((o) => [o.environment, o.layout, o.first, o.shards.map((s) => s.stack)]),
            [
                ["dev", "single", "dev", []],
                ["uat", "single", "uat", []],
                ["prod", "sharded", "prod", ["prod.payments", "prod.commerce"]],
            ],
        );
        assert.deepEqual(
            orders[2]?.shards.map((s) => s.teams),
            [["fintech"], ["retail", "data"]],
        );
    });

    it("GIVEN a shard added to the stack file THEN the workflow's lines list it, and --env keeps to one environment", async () => {
        const file = sampleTree().read("Pulumi.prod.yaml") as string;
        const tree = changedTree({ "Pulumi.prod.yaml": file.replace(/(\n {4}commerce: \[retail, data\])/, "$1\n    analytics: [data2]") });
        const { code, stdout } = await stacks(["--env", "prod", "--github-output"], tree);
        assert.equal(code, 0);
        assert.equal(stdout, 'prod-first=prod\nprod-shards=["prod.payments","prod.commerce","prod.analytics"]\n');
    });

    it("GIVEN a shard whose name is not one (a space, a slash, a newline) THEN nothing reaches the workflow's lines, exit 1", async () => {
        const file = sampleTree().read("Pulumi.prod.yaml") as string;
        const names = ['"pay ments"', '"x/helm-platform/dev"', '"a\\nprod-first=dev"', "Payments", `${"a".repeat(21)}`];
        for (const name of names) {
            const tree = changedTree({
                "Pulumi.prod.yaml": file.replace(/(\n {4}commerce: \[retail, data\])/, `$1\n    ${name}: [data2]`),
            });
            const { code, stdout, stderr } = await stacks(["--env", "prod", "--github-output"], tree);
            assert.equal(code, 1, name);
            assert.equal(stdout, "", name);
            assert.match(stderr, /^"prod\..*": a shard's name is lowercase letters/, name);
        }
    });

    it("GIVEN --release with one --env THEN it prints the stack that deploys it: its team's shard, or the environment's own", async () => {
        assert.deepEqual(await stacks(["--env", "prod", "--release", "fintech-payments-api"]), {
            code: 0,
            stdout: "prod.payments\n",
            stderr: "",
        });
        assert.equal((await stacks(["--env", "dev", "--release", "fintech-payments-api"])).stdout, "dev\n");
        const unknown = await stacks(["--env", "prod", "--release", "nobody-app"]);
        assert.deepEqual([unknown.code, unknown.stdout], [1, ""]);
        assert.equal((await stacks(["--release", "fintech-payments-api"])).code, 2, "one environment");
    });
});
