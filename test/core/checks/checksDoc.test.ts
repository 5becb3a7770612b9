import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { REGISTRY } from "../../../core/checks";
import { CHECKS_DOC, checksDocument, runChecksDocCli } from "../../../scripts/checksDoc";
import { ROOT } from "../../helpers";
import { renderMarkdown } from "../../support/markdown";
import { tempDir } from "../../support/temp";

/** Runs the script over `root`, capturing both streams. */
function checksDoc(argv: string[], root = ROOT): { code: number; stdout: string; stderr: string } {
    let stdout = "";
    let stderr = "";
    const code = runChecksDocCli(argv, { root, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    return { code, stdout, stderr };
}

describe("npm run checks-doc: docs/checks.md, generated from the registry of checks", () => {
    it("GIVEN the repository THEN docs/checks.md is what the registry generates today", () => {
        assert.equal(fs.readFileSync(path.join(ROOT, CHECKS_DOC), "utf8"), checksDocument(), "run npm run checks-doc");
        assert.equal(checksDoc(["--check"]).code, 0);
    });

    it("GIVEN a stale docs/checks.md THEN --check names it and exits 1 writing nothing, and --write brings it up to date", () => {
        const root = tempDir("checks-doc-");
        try {
            fs.mkdirSync(path.join(root, "docs"));
            fs.writeFileSync(path.join(root, CHECKS_DOC), "# Checks\n");
            const stale = checksDoc(["--check"], root);
            assert.equal(stale.code, 1);
            assert.equal(stale.stderr, "docs/checks.md is out of date: run npm run checks-doc -- --write\n");
            assert.equal(fs.readFileSync(path.join(root, CHECKS_DOC), "utf8"), "# Checks\n");
            assert.equal(checksDoc(["--write"], root).stdout, "Wrote docs/checks.md\n");
            assert.deepEqual(checksDoc(["--check"], root), { code: 0, stdout: "docs/checks.md is up to date\n", stderr: "" });
        } finally {
            fs.rmSync(root, { recursive: true, force: true });
        }
    });

    it("documents --check in --help, and refuses an unknown option with exit 2", () => {
        const help = checksDoc(["--help"]);
        assert.equal(help.code, 0);
        assert.match(help.stdout, /--check/);
        assert.equal(checksDoc(["--chek"]).code, 2);
    });

    it("GIVEN docs/checks.md as GitHub shows it THEN each check and rule has a row with its id, what it checks as written, and its existing file", () => {
        const rows = [...renderMarkdown(checksDocument()).querySelectorAll("tr")];
        assert.ok(REGISTRY.length > 50, `only ${REGISTRY.length} entries`);
        for (const entry of REGISTRY) {
            const row = rows.filter((r) => r.querySelector("td code")?.textContent === entry.id);
            assert.equal(row.length, 1, `one row for ${entry.id}`);
            const cells = [...(row[0] as HTMLTableRowElement).cells].map((c) => c.textContent ?? "");
            // Code spans (`latest`) show as code; nothing else of the text is taken for Markdown or HTML.
            const shown = entry.checks.replace(/`/g, "");
            assert.ok(cells.includes(shown), `${entry.id}: "${shown}" in ${JSON.stringify(cells)}`);
            const source = row[0]?.querySelector("a")?.getAttribute("href") ?? "";
            assert.match(source, /^\.\.\/core\/(checks|governance)\/[A-Za-z]+\.ts$/, entry.id);
            assert.ok(fs.existsSync(path.join(ROOT, "docs", source)), `${entry.id}: ${source}`);
        }
    });
});
