import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { runDeployScript } from "../../scripts/deploy";
import { tempDir } from "../support/temp";

describe("npm run deploy (scripts/deploy.ts)", () => {
    it("GIVEN a repository other than this one THEN its stack files are the environments offered, and a bad one starts no Pulumi CLI", async () => {
        const root = tempDir("deploy-");
        fs.writeFileSync(path.join(root, "Pulumi.qa.yaml"), "config:\n  helm-platform:location: westeurope\n");
        let stdout = "";
        let stderr = "";
        const code = await runDeployScript(["--stack", "dev"], { root, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
        assert.equal(code, 2);
        assert.equal(stderr, "error: option '-s, --stack <env>' argument 'dev' is invalid. Allowed choices are qa.\n");
        assert.equal(stdout, "");
    });
});
