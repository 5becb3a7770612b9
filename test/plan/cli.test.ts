import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { SourceTree } from "../../core/base/sourceTree";
import { runPlanCli } from "../../plan/cli";
import { program } from "../../program/stack";
import { changedTree, ROOT, sampleTree } from "../helpers";
import { tempDir } from "../support/temp";

/** Runs the plan CLI in-process over `tree`, capturing both streams. */
async function cli(argv: string[], tree: SourceTree = sampleTree()): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = "";
    let stderr = "";
    const code = await runPlanCli(argv, { root: ROOT, tree, program, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    return { code, stdout, stderr };
}

const tmp = () => tempDir("plan-cli-");
const read = (file: string) => sampleTree().read(file) as string;

describe("npm run plan", () => {
    it("documents every option in --help and exits 0", async () => {
        const { code, stdout } = await cli(["--help"]);
        assert.equal(code, 0);
        for (const option of ["--stack", "--all", "--out", "--against", "--json", "--help"]) {
            assert.ok(stdout.includes(option), `--help does not mention ${option}`);
        }
        // The environments, then each shard's stack (help wraps its lines).
        assert.match(stdout.replace(/\s+/g, " "), /choices: "dev", "prod", "uat", "prod\.payments", "prod\.commerce"/);
    });

    it("GIVEN an unknown stack or option THEN it exits 2 naming the stacks that exist", async () => {
        const unknown = await cli(["--stack", "prd"]);
        assert.equal(unknown.code, 2);
        assert.match(unknown.stderr, /'prd' is invalid\. Allowed choices are dev, prod, uat, prod\.payments, prod\.commerce\./);
        assert.equal((await cli(["--stak", "prod"])).code, 2);
        assert.equal((await cli([])).code, 2);
    });

    it("GIVEN --stack prod THEN it plans prod's foundation and each shard into its own folder, and says in stacks.json what each holds and reads", async () => {
        const out = tmp();
        const { code, stdout } = await cli(["--stack", "prod", "--out", out]);
        assert.equal(code, 0, stdout);
        assert.deepEqual(fs.readdirSync(out).sort(), ["prod", "prod.commerce", "prod.payments", "report.md", "stacks.json"]);
        for (const stack of ["prod", "prod.payments", "prod.commerce"]) {
            assert.equal(JSON.parse(fs.readFileSync(path.join(out, stack, "plan.json"), "utf8")).stack, stack);
            assert.match(stdout, new RegExp(`^Stack ${stack.replace(".", "\\.")} \\(environment prod\\)`, "m"));
        }
        const stacks = JSON.parse(fs.readFileSync(path.join(out, "stacks.json"), "utf8")) as Record<string, unknown>[];
        assert.deepEqual(
            stacks.map(({ resources: _, ...s }) => s),
            [
                { name: "prod", environment: "prod", kind: "foundation", teams: [], references: [], deployOrder: 0 },
                { name: "prod.payments", environment: "prod", kind: "shard", teams: ["fintech"], references: ["prod"], deployOrder: 1 },
                {
                    name: "prod.commerce",
                    environment: "prod",
                    kind: "shard",
                    teams: ["data", "retail"],
                    references: ["prod"],
                    deployOrder: 1,
                },
            ],
        );
        assert.ok(stacks.every((s) => typeof s.resources === "number" && s.resources > 0));
    });

    it("GIVEN a broken prod THEN --all plans every stack, reports each of prod's as failed with its problems, leaves no stale plan.json, and exits 1", async () => {
        const out = tmp();
        const prodStacks = ["prod", "prod.payments", "prod.commerce"];
        for (const stack of prodStacks) {
            fs.mkdirSync(path.join(out, stack), { recursive: true });
            fs.writeFileSync(path.join(out, stack, "plan.json"), '{"stale": true}\n');
        }
        const broken = changedTree({ "Pulumi.prod.yaml": read("Pulumi.prod.yaml").replace("name: acrhelmplatformprod", "name: acr-prod") });
        const { code, stdout, stderr } = await cli(["--all", "--out", out, "--json"], broken);
        assert.equal(code, 1);
        // The problem is the environment's stack file's: said once for its three stacks.
        assert.equal(stderr.split("helm-platform:registry.name: must be 5-50").length - 1, 1, stderr);
        assert.match(
            stderr,
            /\nprod, prod\.payments, prod\.commerce: ✗ 1 configuration problem; nothing would be deployed:\n {2}- Pulumi\.prod\.yaml:\d+: /,
        );
        for (const stack of prodStacks) {
            assert.ok(!fs.existsSync(path.join(out, stack, "plan.json")), `the previous plan.json of ${stack} survived`);
        }
        assert.ok(fs.existsSync(path.join(out, "dev", "plan.json")) && fs.existsSync(path.join(out, "uat", "plan.json")));
        const report = fs.readFileSync(path.join(out, "report.md"), "utf8");
        assert.match(report, /\| dev \| ✓ \|/);
        assert.match(report, /\| uat \| ✓ \|/);
        for (const stack of prodStacks) {
            const name = stack.replace(".", "\\.");
            assert.match(report, new RegExp(`\\| ${name} \\| ✗ \\| 1 problem: nothing of this stack was planned`));
            // A shard reads the environment's settings: the problem is in Pulumi.prod.yaml for each.
            assert.match(report, new RegExp(`## ${name} ✗[\\s\\S]*Pulumi\\.prod\\.yaml:\\d+: helm-platform:registry\\.name: must be 5-50`));
        }
        const summary = JSON.parse(stdout) as { stacks: { stack: string; ok: boolean; problems: string[] }[] };
        assert.deepEqual(
            summary.stacks.map((s) => [s.stack, s.ok]),
            [
                ["dev", true],
                ["uat", true],
                ["prod", false],
                ["prod.payments", false],
                ["prod.commerce", false],
            ],
            "in promotion order, dev → uat → prod",
        );
        for (const s of summary.stacks.filter((x) => !x.ok)) {
            assert.match(s.problems[0] ?? "", /helm-platform:registry\.name/, s.stack);
        }
    });

    it("GIVEN --against a plan.json of a newer major version, alone or in a folder THEN it exits 2 before planning, saying why", async () => {
        const base = tmp();
        fs.mkdirSync(path.join(base, "dev"));
        const file = path.join(base, "dev", "plan.json");
        fs.writeFileSync(file, JSON.stringify({ schemaVersion: "2.0", stack: "dev" }));
        for (const against of [file, base]) {
            const out = tmp();
            const { code, stderr } = await cli(["--stack", "dev", "--against", against, "--out", out]);
            assert.equal(code, 2);
            assert.equal(
                stderr,
                `--against: ${file} is a plan.json of schema version 2.0; this code reads 1.x (it writes 1.0): plan the base again with this code, for example --against <git ref>\n`,
            );
            assert.deepEqual(fs.readdirSync(out), []);
        }
    });
});
