import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as components from "../../components";
import { API_DOCS_FILE, type ApiReference, apiReference, EXAMPLE_FILE, runApiDocsCli } from "../../scripts/apiDocs";
import { ROOT } from "../helpers";
import { tempDir } from "../support/temp";

/** Runs the script with docs/components.md under `root`, capturing both streams. */
function apiDocs(argv: string[], root = ROOT): { code: number; stdout: string; stderr: string } {
    let stdout = "";
    let stderr = "";
    const code = runApiDocsCli(argv, { root, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    return { code, stdout, stderr };
}

/** The component classes the package exports, found at run time, not from the sources the script reads. */
const exportedComponents = Object.entries(components)
    .filter(([, v]) => typeof v === "function" && v.prototype instanceof pulumi.ComponentResource)
    .map(([name]) => name)
    .sort();

/** The rows of every args table of the reference: `| arg | type | default | description |`. */
function argsRows(markdown: string): { table: string; arg: string; dflt: string; description: string }[] {
    const rows: { table: string; arg: string; dflt: string; description: string }[] = [];
    let table = "";
    for (const line of markdown.split("\n")) {
        table = line.startsWith("### ") ? line : table;
        const cells = line.split(/(?<!\\)\|/).map((c) => c.trim());
        if (cells.length === 6 && line.startsWith("| `")) {
            rows.push({ table, arg: cells[1] as string, dflt: cells[3] as string, description: cells[4] as string });
        }
    }
    return rows;
}

describe("npm run api-docs: the component reference generated from the TSDoc", function () {
    this.timeout(180_000);
    let reference: ApiReference;
    before(() => {
        reference = apiReference();
    });

    it("GIVEN the repository THEN docs/components.md is what the comments generate today", () => {
        const { code, stderr } = apiDocs(["--check"]);
        assert.equal(stderr, "");
        assert.equal(code, 0);
    });

    it("documents every component the package exports, with its args, and shows every optional arg's default", () => {
        assert.deepEqual(reference.problems, []);
        assert.ok(exportedComponents.length >= 9, exportedComponents.join(", "));
        for (const name of exportedComponents) {
            assert.ok(reference.markdown.includes(`\n## ${name}\n`), `${name} has no section`);
        }
        const rows = argsRows(reference.markdown);
        assert.ok(rows.length > 100, `${rows.length} args`);
        for (const row of rows) {
            assert.notEqual(row.description, "", `${row.table} ${row.arg} has no description`);
            assert.notEqual(row.dflt, "", `${row.table} ${row.arg} shows no default`);
        }
        const quota = rows.find((r) => r.table === "### Args: `TenantNamespaceArgs`" && r.arg === "`quota`");
        assert.equal(quota?.dflt, "[`TENANT_DEFAULTS.quota`](#tenant_defaults)");
        assert.ok(reference.markdown.includes(`"services.loadbalancers": "0"`), "the constant's value is shown");
    });

    it("shows the example as it is", () => {
        const example = fs.readFileSync(path.join(ROOT, EXAMPLE_FILE), "utf8");
        assert.ok(reference.markdown.includes(`\`\`\`ts\n${example}\`\`\``));
    });

    it("GIVEN an arg without a doc comment, an optional one without its default and a default naming nothing THEN each is a problem", () => {
        const sources = tempDir("api-docs-src-");
        for (const entry of ["components", "core", "examples", "tsconfig.json"]) {
            fs.cpSync(path.join(ROOT, entry), path.join(sources, entry), { recursive: true });
        }
        fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(sources, "node_modules"));
        const file = path.join(sources, "components/tenant/tenantNamespace.ts");
        const text = fs.readFileSync(file, "utf8");
        const changed = text
            .replace("    /** The namespace's name: a DNS-1123 label. */\n", "")
            .replace("@default TENANT_DEFAULTS.quota */", "*/")
            .replace("@default TENANT_DEFAULTS.limits", "@default TENANT_DEFAULTS.limitz");
        assert.notEqual(changed, text);
        fs.writeFileSync(file, changed);
        const { problems } = apiReference(sources);
        for (const expected of [
            "TenantNamespaceArgs.namespace has no doc comment",
            "TenantNamespaceArgs.quota is optional but says no @default",
            "@default TENANT_DEFAULTS.limitz names nothing in TENANT_DEFAULTS",
        ]) {
            assert.ok(problems.includes(expected), `${expected} is not among ${problems.join("; ")}`);
        }
    });

    it("GIVEN a stale reference THEN --check names it, exits 1 and writes nothing; without it the file is written", () => {
        const root = tempDir("api-docs-");
        fs.mkdirSync(path.join(root, "docs"));
        fs.writeFileSync(path.join(root, API_DOCS_FILE), "# Component reference\n");
        const stale = apiDocs(["--check"], root);
        assert.deepEqual([stale.code, stale.stderr], [1, "docs/components.md is out of date: run npm run api-docs\n"]);
        assert.equal(fs.readFileSync(path.join(root, API_DOCS_FILE), "utf8"), "# Component reference\n");
        assert.deepEqual([apiDocs([], root).stdout, apiDocs(["--check"], root).code], ["Wrote docs/components.md\n", 0]);
    });

    it("documents its options in --help, and refuses an unknown option with exit 2", () => {
        const help = apiDocs(["--help"]);
        assert.equal(help.code, 0);
        assert.match(help.stdout, /--check/);
        assert.equal(apiDocs(["--chek"]).code, 2);
        assert.equal(apiDocs(["stray"]).code, 2);
    });
});
