import * as assert from "node:assert/strict";
import type { Problem } from "../../../core/base/problems";
import { readTenantFiles } from "../../../core/config/tenantFiles";
import { SHOP_OWNERS, smallPlatform, treeOf } from "../../support/smallTree";

function read(changes: Record<string, string | null> = {}) {
    const problems: Problem[] = [];
    const files = readTenantFiles(smallPlatform(changes), problems);
    return { files, problems };
}

describe("readTenantFiles", () => {
    it("GIVEN a valid tenant file THEN it is read with its schema's defaults, and its team's values folder is no tenant file", () => {
        const { files, problems } = read();
        assert.deepEqual(problems, []);
        assert.deepEqual(
            files.map((f) => f.yaml.file),
            ["tenants/shop.yaml"],
        );
        assert.deepEqual(files[0]?.data, {
            team: "shop",
            groups: { owners: [SHOP_OWNERS], viewers: [] },
            environments: ["dev"],
            apps: { web: { chart: "web", versions: { dev: "1.0.0" }, needs: [] } },
        });
    });

    it("GIVEN a file not named <team>.yaml THEN it is reported, and the valid file is still read", () => {
        const { files, problems } = read({ "tenants/README.md": "# teams\n", "tenants/data.yml": "team: data\n" });
        assert.deepEqual(
            problems.map((p) => [p.file, p.path, p.message, p.hint]),
            [
                ["tenants/README.md", "", "is not a tenant file", "tenant files are named <team>.yaml"],
                ["tenants/data.yml", "", "is not a tenant file", "tenant files are named <team>.yaml"],
            ],
        );
        assert.equal(files.length, 1);
    });

    it("GIVEN a file that does not parse THEN its syntax error, with its line, is the problem and the file is left out", () => {
        const { files, problems } = read({ "tenants/data.yaml": "team: [\n" });
        assert.deepEqual(
            problems.map((p) => [p.file, p.line]),
            [["tenants/data.yaml", 2]],
        );
        assert.match(problems[0]?.message ?? "", /^YAML syntax error: /);
        assert.deepEqual(
            files.map((f) => f.data.team),
            ["shop"],
        );
    });

    it("GIVEN a file against the schema THEN each problem has its file, line and key, and half a file is never returned", () => {
        const { files, problems } = read({
            "tenants/data.yaml": "team: data\ngroups:\n  owners: [not-a-guid]\nenvironments: [dev]\napps: {}\n",
        });
        assert.deepEqual(
            problems.map((p) => [p.file, p.line, p.path, p.message]),
            [
                [
                    "tenants/data.yaml",
                    3,
                    "groups.owners[0]",
                    'must be an Entra ID object ID (a GUID such as 00000000-0000-0000-0000-000000000000) (got "not-a-guid")',
                ],
            ],
        );
        assert.deepEqual(
            files.map((f) => f.data.team),
            ["shop"],
        );
    });

    it("GIVEN no tenants folder THEN there is no tenant file and no problem", () => {
        const problems: Problem[] = [];
        assert.deepEqual(readTenantFiles(treeOf({ "Pulumi.dev.yaml": "config: {}\n" }), problems), []);
        assert.deepEqual(problems, []);
    });
});
