import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { generatedSchemas, runSchemasCli } from "../../scripts/schemas";
import { ROOT } from "../helpers";
import { tempDir } from "../support/temp";

/** Runs the script over `root`, capturing both streams. */
function schemas(argv: string[], root = ROOT): { code: number; stdout: string; stderr: string } {
    let stdout = "";
    let stderr = "";
    const code = runSchemasCli(argv, { root, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    return { code, stdout, stderr };
}

describe("npm run schemas: the JSON Schemas generated from the zod schemas", () => {
    it("GIVEN the repository THEN every published schema is what the zod schemas generate today", () => {
        const { code, stderr } = schemas(["--check"]);
        assert.equal(code, 0, stderr);
        assert.deepEqual(
            [...generatedSchemas().keys()],
            [
                "schemas/plan.schema.json",
                "schemas/stack-file.schema.json",
                "schemas/shard-stack-file.schema.json",
                "schemas/tenant-file.schema.json",
            ],
        );
    });

    it("GIVEN a stale schema THEN --check names it and exits 1, and --write brings it up to date", () => {
        const root = tempDir("schemas-");
        fs.mkdirSync(path.join(root, "schemas"));
        for (const [file, text] of generatedSchemas()) {
            fs.writeFileSync(path.join(root, file), text);
        }
        fs.writeFileSync(path.join(root, "schemas", "plan.schema.json"), "{}\n");
        const stale = schemas(["--check"], root);
        assert.equal(stale.code, 1);
        assert.equal(stale.stderr, "schemas/plan.schema.json is out of date: run npm run schemas -- --write\n");
        assert.equal(schemas(["--write"], root).stdout, "Wrote schemas/plan.schema.json\n");
        assert.equal(schemas(["--check"], root).code, 0);
    });

    it("documents its options in --help, and refuses an unknown option or both modes with exit 2", () => {
        const help = schemas(["--help"]);
        assert.equal(help.code, 0);
        assert.match(help.stdout, /--write[\s\S]*--check/);
        assert.equal(schemas(["--chek"]).code, 2);
        assert.equal(schemas(["--write", "--check"]).stderr, "--write and --check exclude each other\n");
    });
});
