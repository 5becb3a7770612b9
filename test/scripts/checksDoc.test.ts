import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { type Check, REGISTRY, type Registered } from "../../core/checks";
import { secretsEncrypted } from "../../core/checks/secrets";
import { RULES } from "../../core/governance/rules";
import { CHECKS_DOC, checksDocument, runChecksDocCli, sourcesOf } from "../../scripts/checksDoc";
import { ROOT } from "../helpers";
import { renderMarkdown } from "../support/markdown";
import { tempDir } from "../support/temp";

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

    describe("the document of a registry", () => {
        const rule = RULES[0] as (typeof RULES)[number];
        const governance: Registered = { id: rule.id, stage: "governance", checks: rule.description, rule };

        it("GIVEN one check THEN only its stage has a section, its row linking to the file that exports it", () => {
            const doc = checksDocument([secretsEncrypted]);
            assert.deepEqual(
                doc.split("\n").filter((l) => l.startsWith("## ")),
                [
                    `## Stage \`stack-file\`: each stack file's own content (the environment's, and a shard's)`,
                    "## Governance rules, on the validated model",
                ],
            );
            assert.ok(
                doc.includes(
                    `\n| \`${secretsEncrypted.id}\` | ${secretsEncrypted.checks} | [core/checks/secrets.ts](../core/checks/secrets.ts) |\n`,
                ),
                doc,
            );
            assert.match(doc, /\| --- \| --- \| --- \| --- \|\n$/, "a governance table without rows");
        });

        it("GIVEN a governance rule THEN its row names what it judges, and the rules' file", () => {
            const doc = checksDocument([governance]);
            assert.ok(doc.includes(`\n| \`${rule.id}\` | ${rule.scope} | `), doc);
            assert.ok(doc.includes("| [core/governance/rules.ts](../core/governance/rules.ts) |\n"));
            assert.doesNotMatch(doc, /^## Stage/m);
        });

        it("GIVEN a check or a rule no file exports THEN it throws naming it, rather than guess a file", () => {
            const stray: Check = { ...secretsEncrypted, id: "stray-check" };
            assert.throws(() => sourcesOf([stray]), { message: "no file of core/checks/ exports check stray-check" });
            const strayRule: Registered = { ...governance, id: "stray-rule", rule: { ...rule } };
            assert.throws(() => checksDocument([strayRule]), { message: "no file of core/checks/ exports check stray-rule" });
        });

        it("GIVEN the registry THEN each check's file is the one of core/checks/ that exports it", () => {
            const sources = sourcesOf([secretsEncrypted, governance]);
            assert.deepEqual(
                [...sources],
                [
                    [secretsEncrypted.id, "core/checks/secrets.ts"],
                    [rule.id, "core/governance/rules.ts"],
                ],
            );
        });
    });
});
