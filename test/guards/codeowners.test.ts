import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { CODEOWNERS_FILE, codeownersOf, PLATFORM_OWNED } from "../../guards/codeowners";
import { GUARDS_STACK } from "../../guards/settings";
import { changedTree, ROOT, sampleTree } from "../helpers";

/**
 * Who owns `file` under a CODEOWNERS text, as GitHub decides: the last line whose pattern matches.
 * Patterns as this generator writes them: `*`, `/<dir>/` (everything under it), `/<path>` with `*`
 * inside one segment.
 */
function ownerOf(codeowners: string, file: string): string | undefined {
    let owner: string | undefined;
    for (const line of codeowners.split("\n").map((l) => l.replace(/\s+#.*$/, "").trim())) {
        if (!line || line.startsWith("#")) {
            continue;
        }
        const [pattern, who] = line.split(/\s+/) as [string, string];
        const glob = (p: string) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*");
        const matches =
            pattern === "*" || (pattern.endsWith("/") ? `/${file}`.startsWith(pattern) : new RegExp(`^${glob(pattern)}$`).test(`/${file}`));
        owner = matches ? who : owner;
    }
    return owner;
}

const committed = () => fs.readFileSync(path.join(ROOT, CODEOWNERS_FILE), "utf8");

describe("CODEOWNERS (guards/codeowners.ts)", () => {
    it("is what the tenant files make: run npm run codeowners after changing one", () => {
        assert.equal(committed(), codeownersOf(sampleTree(), GUARDS_STACK));
    });

    it("gives each team its values folder and the platform everything else: tenant files, stack files, workflows, code", () => {
        const text = committed();
        for (const [file, owner] of [
            ["tenants/fintech/payments-api/values.prod.yaml", "@contoso/fintech"],
            ["tenants/retail/storefront/values.yaml", "@contoso/retail"],
            ["tenants/fintech.yaml", "@contoso/platform"],
            ["Pulumi.prod.yaml", "@contoso/platform"],
            ["Pulumi.yaml", "@contoso/platform"],
            [".github/workflows/deploy.yml", "@contoso/platform"],
            [".github/CODEOWNERS", "@contoso/platform"],
            ["guards/Pulumi.repository.yaml", "@contoso/platform"],
            ["allowances/fintech.yaml", "@contoso/platform"],
            ["values/prod.yaml", "@contoso/platform"],
            ["core/config/tenant.ts", "@contoso/platform"],
            ["charts/payments-api/1.4.2/Chart.yaml", "@contoso/platform"],
        ]) {
            assert.equal(ownerOf(text, file), owner, file);
        }
    });

    it("writes the platform's own lines after the teams' folders, so that they win wherever both match", () => {
        const text = committed();
        const lines = text.split("\n");
        const lastTeamLine = Math.max(...lines.map((l, i) => (l.startsWith("/tenants/") && !l.includes("*") ? i : -1)));
        for (const { pattern } of PLATFORM_OWNED) {
            assert.ok(lines.findIndex((l) => l.startsWith(`${pattern} `)) > lastTeamLine, pattern);
        }
    });

    it("GIVEN a new tenant with a GitHub team of its own, and two tenants sharing one THEN each folder names its team", () => {
        const tenant = (team: string, githubTeam: string) =>
            `team: ${team}\ngithubTeam: ${githubTeam}\ngroups:\n  owners: [0b4a1f6e-2c3d-4e5f-8a9b-0c1d2e3f4a51]\nenvironments: [dev]\n`;
        const tree = changedTree({
            "tenants/payments.yaml": tenant("payments", "payments-engineers"),
            "tenants/ledger.yaml": tenant("ledger", "payments-engineers"),
        });
        const text = codeownersOf(tree, GUARDS_STACK);
        assert.equal(ownerOf(text, "tenants/payments/api/values.yaml"), "@contoso/payments-engineers");
        assert.equal(ownerOf(text, "tenants/ledger/api/values.yaml"), "@contoso/payments-engineers");
        assert.equal(ownerOf(text, "tenants/payments.yaml"), "@contoso/platform");
        assert.notEqual(text, committed(), "so the test above fails until the file is regenerated");
    });
});
