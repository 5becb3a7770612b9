import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { SourceTree } from "../../core/base/sourceTree";
import { CODEOWNERS_FILE, codeownersOf } from "../../guards/codeowners";
import { GUARDS_STACK } from "../../guards/settings";
import { runCodeownersCli } from "../../scripts/codeowners";
import { changedTree, sampleTree } from "../helpers";
import { tempDir } from "../support/temp";

/** Runs the script on the tenant files of `tree`, writing under `root`, capturing both streams. */
function run(argv: string[], root: string, tree: SourceTree = sampleTree()) {
    let stdout = "";
    let stderr = "";
    const code = runCodeownersCli(argv, { root, tree, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    return { code, stdout, stderr };
}

const scratch = () => tempDir("codeowners-");
let generated: string | undefined;
/** What the sample's tenant files make. */
const wanted = () => {
    generated ??= codeownersOf(sampleTree(), GUARDS_STACK);
    return generated;
};

describe("npm run codeowners (scripts/codeowners.ts)", () => {
    it("answers --help, refuses an unknown option with 2", () => {
        const help = run(["--help"], scratch());
        assert.equal(help.code, 0);
        assert.match(help.stdout, /--check/);
        assert.equal(run(["--write-everything"], scratch()).code, 2);
    });

    it("GIVEN a stale file THEN --check exits 1 and writes nothing; without --check it writes the file", () => {
        const root = scratch();
        const file = path.join(root, CODEOWNERS_FILE);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, "* @someone\n");
        const check = run(["--check"], root);
        assert.equal(check.code, 1);
        assert.equal(check.stderr, ".github/CODEOWNERS is out of date: run npm run codeowners\n");
        assert.equal(fs.readFileSync(file, "utf8"), "* @someone\n");
        assert.deepEqual(run([], root), { code: 0, stdout: "Wrote .github/CODEOWNERS\n", stderr: "" });
        assert.equal(fs.readFileSync(file, "utf8"), wanted());
        assert.deepEqual(run(["--check"], root), { code: 0, stdout: ".github/CODEOWNERS is up to date\n", stderr: "" });
    });

    it("GIVEN no file yet THEN --check says it is out of date; writing makes its folder; writing again changes nothing", () => {
        const root = scratch();
        assert.equal(run(["--check"], root).code, 1);
        assert.equal(fs.existsSync(path.join(root, ".github")), false, "--check writes nothing");
        assert.equal(run([], root).stdout, "Wrote .github/CODEOWNERS\n");
        assert.equal(fs.readFileSync(path.join(root, CODEOWNERS_FILE), "utf8"), wanted());
        assert.deepEqual(run([], root), { code: 0, stdout: "Unchanged .github/CODEOWNERS\n", stderr: "" });
    });

    it("GIVEN a tenant file the guards refuse THEN exit 1 with the problem's file and line, and nothing written", () => {
        const root = scratch();
        const fintech = sampleTree().read("tenants/fintech.yaml") as string;
        const tree = changedTree({ "tenants/fintech.yaml": `${fintech}githubTeam: platform\n` });
        const result = run([], root, tree);
        assert.equal(result.code, 1);
        assert.match(result.stderr, /tenants\/fintech\.yaml:\d+: githubTeam: GitHub team "platform" is the platform's/);
        assert.equal(fs.existsSync(path.join(root, CODEOWNERS_FILE)), false);
    });

    it("GIVEN a guards' stack that has no stack file THEN exit 1 naming the file it looked for", () => {
        const result = run(["--stack", "elsewhere"], scratch());
        assert.equal(result.code, 1);
        assert.match(result.stderr, /guards\/Pulumi\.elsewhere\.yaml/);
        assert.match(result.stderr, /does not exist/);
    });
});
