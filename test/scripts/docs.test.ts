import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { stackSettingsSchema } from "../../core/config/stackSettings";
import { tenantSchema } from "../../core/config/tenant";
import { runDocsCli } from "../../scripts/docs";
import { cell, keyRows, referenceDocs, typeOf } from "../../scripts/referenceDocs";
import { ROOT } from "../helpers";
import { gfmCells, renderMarkdown } from "../support/markdown";
import { tempDir } from "../support/temp";

/** Runs the script over `root`, capturing both streams. */
function docs(argv: string[], root = ROOT): { code: number; stdout: string; stderr: string } {
    let stdout = "";
    let stderr = "";
    const code = runDocsCli(argv, { root, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    return { code, stdout, stderr };
}

/** The key column of a generated reference page's table, as written (`clusters[].name`). */
function documentedKeys(page: string): string[] {
    return [...page.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1] as string);
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

    it("GIVEN the stack settings schema THEN every setting has a row, with the description the schema carries", () => {
        const page = referenceDocs().get(PAGES[0] as string) as string;
        const keys = documentedKeys(page);
        const settings = Object.keys(stackSettingsSchema.shape);
        assert.ok(settings.length > 20);
        assert.deepEqual(
            settings.filter((k) => !keys.includes(k)),
            [],
        );
        for (const key of [
            "clusters[].network.podCidr",
            "registry.privateEndpoint.subnetId",
            "secrets.<owner>.<name>",
            "governance.rules.<rule>.reason",
        ]) {
            assert.ok(keys.includes(key), key);
        }
        const layout = stackSettingsSchema.shape.layout.description as string;
        assert.ok(layout.length > 20);
        assert.ok(page.includes(`| \`layout\` | \`single\` \\| \`sharded\` | \`"single"\` | ${cell(layout)} |`), "the layout row");
        assert.match(page, /^\| `cluster\.systemPool\.vmSize` \| `Standard_D2ds_v5` \| `Standard_D4ds_v5` \|$/m, "the profiles' table");
    });

    it("GIVEN the tenant schema THEN every key of a tenant file has a row, required keys say so", () => {
        const page = referenceDocs().get(PAGES[1] as string) as string;
        const keys = documentedKeys(page);
        assert.deepEqual(
            Object.keys(tenantSchema.shape).filter((k) => !keys.includes(k)),
            [],
        );
        assert.match(page, /^\| `apps\.<app>\.chart` \| string, at most 94, [^|]+ \| required \| The team's own chart/m);
        assert.match(page, /^\| `network\.egress\[\]\.ports\[\]\.protocol` \| `TCP` \\\| `UDP` \| `"TCP"` \|/m);
        assert.match(page, /^\| `deployer\.serviceAccount` \| refused \|/m);
    });

    it("GIVEN the generated pages THEN every table row has its cells as GitHub parses them, and no text reads as HTML", () => {
        for (const page of referenceDocs().values()) {
            const tables = page.split("\n\n").filter((block) => block.startsWith("| "));
            assert.ok(tables.length >= 1);
            for (const table of tables) {
                const [header, , ...rows] = table.trim().split("\n") as [string, string, ...string[]];
                const width = gfmCells(header).length;
                assert.ok(rows.length > 10, header);
                for (const row of rows) {
                    assert.equal(gfmCells(row).length, width, row);
                }
            }
            const doc = renderMarkdown(page);
            const tags = [...doc.querySelectorAll("td *")].map((e) => e.tagName.toLowerCase());
            assert.ok(tags.length > 100);
            assert.deepEqual([...new Set(tags)], ["code"]);
        }
    });
});

describe("the reference's cells", () => {
    it("GIVEN text with placeholders and pipes THEN a placeholder outside code is escaped, and every pipe", () => {
        assert.equal(cell("set <team> or `<team>` | `a|b`"), "set &lt;team> or `<team>` \\| `a\\|b`");
        assert.equal(cell("already \\| escaped"), "already \\| escaped");
    });

    it("GIVEN JSON Schema types THEN they read in words, with their bounds but not zod's unbounded integers", () => {
        const cases: [Record<string, unknown>, string][] = [
            [{ type: "string", maxLength: 30, pattern: "^[a-z]+$" }, "string, at most 30, `^[a-z]+$`"],
            [{ type: "integer", minimum: 0, maximum: Number.MAX_SAFE_INTEGER }, "integer, from 0"],
            [{ type: "array", minItems: 1, items: { type: "string" } }, "list of string, at least 1"],
            [{ enum: ["a", "b"] }, "`a` \\| `b`"],
            [{ anyOf: [{ type: "string" }, { type: "integer" }] }, "string or integer"],
            [{ type: "object", propertyNames: { title: "team" }, additionalProperties: { type: "string" } }, "map of `<team>` to string"],
            [{ deprecated: true }, "refused"],
        ];
        for (const [schema, words] of cases) {
            assert.equal(typeOf(schema), words);
        }
    });

    it("GIVEN nested objects, lists and maps THEN every key path is a row, in the schema's order", () => {
        const rows = keyRows({
            type: "object",
            required: ["a"],
            properties: {
                a: { type: "object", properties: { "b.c": { type: "string" } } },
                l: { type: "array", items: { type: "object", properties: { n: { type: "string" } } } },
                m: { type: "object", propertyNames: { title: "k" }, additionalProperties: { type: "object", properties: { v: {} } } },
            },
        });
        assert.deepEqual(
            rows.map((r) => [r.path, r.required]),
            [
                ["a", true],
                ['a["b.c"]', false],
                ["l", false],
                ["l[].n", false],
                ["m", false],
                ["m.<k>", false],
                ["m.<k>.v", false],
            ],
        );
    });
});
