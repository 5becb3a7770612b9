import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { type GeneratedFiles, runGeneratedFilesCli } from "../../scripts/generatedFiles";
import { tempDir } from "../support/temp";

/** Two generated files, one in a folder of its own. */
const GENERATED: GeneratedFiles = {
    script: "things",
    description: "Writes the things",
    upToDate: "Every thing is up to date",
    files: () =>
        new Map([
            ["docs/a.md", "# A\n"],
            ["docs/deep/b.json", "{}\n"],
        ]),
};

/** Runs the generator over `root`, capturing both streams. */
function generate(argv: string[], root: string) {
    let stdout = "";
    let stderr = "";
    const code = runGeneratedFilesCli(GENERATED, argv, { root, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    return { code, stdout, stderr };
}

/** A folder holding `files` (repository-relative path → text). */
function repository(files: Record<string, string> = {}): string {
    const root = tempDir("generated-files-");
    for (const [file, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        fs.writeFileSync(path.join(root, file), text);
    }
    return root;
}

const read = (root: string, file: string) => fs.readFileSync(path.join(root, file), "utf8");

describe("generated files' scripts (scripts/generatedFiles.ts)", () => {
    it("GIVEN --help THEN it names the files it writes, both modes and its exit codes", () => {
        const help = generate(["--help"], repository());
        assert.equal(help.code, 0);
        assert.match(help.stdout, /^Usage: things \[options\]\n\nWrites the things: docs\/a\.md, docs\/deep\/b\.json\.\n/);
        assert.match(
            help.stdout,
            /--write[\s\S]*--check[\s\S]*Exit codes: 0 written or up to date; 1 out of date \(--check\); 2 bad arguments\./,
        );
    });

    it("GIVEN bad arguments THEN exit 2: an unknown option, an operand, or both modes at once", () => {
        const root = repository();
        assert.equal(generate(["--chek"], root).code, 2);
        assert.equal(generate(["docs/a.md"], root).code, 2);
        assert.deepEqual(generate(["--write", "--check"], root), {
            code: 2,
            stdout: "",
            stderr: "--write and --check exclude each other\n",
        });
        assert.deepEqual(fs.readdirSync(root), [], "nothing written");
    });

    it("GIVEN no file yet THEN it writes each, making its folders, and says so per file", () => {
        const root = repository();
        assert.deepEqual(generate([], root), { code: 0, stdout: "Wrote docs/a.md\nWrote docs/deep/b.json\n", stderr: "" });
        assert.deepEqual([read(root, "docs/a.md"), read(root, "docs/deep/b.json")], ["# A\n", "{}\n"]);
    });

    it("GIVEN one file stale and one missing THEN --check names both, exits 1 and writes nothing", () => {
        const root = repository({ "docs/a.md": "# A, edited by hand\n" });
        assert.deepEqual(generate(["--check"], root), {
            code: 1,
            stdout: "",
            stderr: "docs/a.md is out of date: run npm run things -- --write\ndocs/deep/b.json is out of date: run npm run things -- --write\n",
        });
        assert.equal(read(root, "docs/a.md"), "# A, edited by hand\n");
        assert.equal(fs.existsSync(path.join(root, "docs/deep")), false);
    });

    it("GIVEN one file up to date THEN --write rewrites only the other", () => {
        const root = repository({ "docs/a.md": "# A\n", "docs/deep/b.json": "[]\n" });
        assert.deepEqual(generate(["--write"], root), { code: 0, stdout: "Wrote docs/deep/b.json\n", stderr: "" });
        assert.equal(read(root, "docs/deep/b.json"), "{}\n");
    });

    it("GIVEN every file up to date THEN either mode says so in the script's words and exits 0", () => {
        const root = repository({ "docs/a.md": "# A\n", "docs/deep/b.json": "{}\n" });
        for (const argv of [[], ["--check"]]) {
            assert.deepEqual(generate(argv, root), { code: 0, stdout: "Every thing is up to date\n", stderr: "" }, argv.join(" "));
        }
    });
});
