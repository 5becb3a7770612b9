import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { runDocsCli } from "../../scripts/docs";
import { referenceDocs } from "../../scripts/referenceDocs";
import { ROOT } from "../helpers";
import { tempDir } from "../support/temp";

/** Runs the script over `root`, capturing both streams. */
function docs(argv: string[], root = ROOT): { code: number; stdout: string; stderr: string } {
    let stdout = "";
    let stderr = "";
    const code = runDocsCli(argv, { root, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    return { code, stdout, stderr };
}

const PAGES = ["docs/reference/stack-settings.md", "docs/reference/tenant-file.md"];

describe("npm run docs: the configuration reference generated from the zod schemas", () => {
    it("GIVEN the repository THEN every committed reference page is what the schemas generate today", () => {
        const { code, stderr, stdout } = docs(["--check"]);
        assert.equal(code, 0, stderr);
        assert.equal(stdout, "Every reference page is up to date\n");
        assert.deepEqual([...referenceDocs().keys()], PAGES);
    });

    it("GIVEN a stale page THEN --check names it and exits 1, and --write brings it up to date", () => {
        const root = tempDir("docs-");
        fs.mkdirSync(path.join(root, "docs", "reference"), { recursive: true });
        fs.writeFileSync(path.join(root, "docs/reference/tenant-file.md"), [...referenceDocs().values()][1] as string);
        fs.writeFileSync(path.join(root, "docs/reference/stack-settings.md"), "# Stack settings\n\nhand-edited\n");
        const stale = docs(["--check"], root);
        assert.equal(stale.code, 1);
        assert.equal(stale.stderr, "docs/reference/stack-settings.md is out of date: run npm run docs -- --write\n");
        assert.equal(fs.readFileSync(path.join(root, "docs/reference/stack-settings.md"), "utf8"), "# Stack settings\n\nhand-edited\n");
        assert.equal(docs(["--write"], root).stdout, "Wrote docs/reference/stack-settings.md\n");
        assert.equal(docs(["--check"], root).code, 0);
    });

    it("documents its options in --help, and refuses an unknown option or both modes with exit 2", () => {
        const help = docs(["--help"]);
        assert.equal(help.code, 0);
        assert.match(help.stdout, /--write[\s\S]*--check/);
        assert.equal(docs(["--chek"]).code, 2);
        assert.equal(docs(["--write", "--check"]).stderr, "--write and --check exclude each other\n");
    });
});
