import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { formatProblem } from "../../../core/base/problems";
import { diskTree } from "../../../core/base/sourceTree";
import { planStack } from "../../../plan/runPlan";
import { program } from "../../../program/stack";
import { problemsOf, stackOfTeam } from "../../helpers";
import { copySample } from "../../support/sampleCopy";

/** The sample in a temporary folder, beside a file standing for the runner's Azure token cache. */
function sampleWithSecretBeside(): { root: string; secret: string } {
    const root = copySample();
    const secret = path.join(path.dirname(root), `${path.basename(root)}-msal_token_cache.json`);
    fs.writeFileSync(secret, "AccessToken: eyJ-the-deploy-identity\n");
    return { root, secret };
}

const link = (root: string, entry: string, target: string) => {
    const at = path.join(root, entry);
    fs.rmSync(at, { force: true });
    fs.symlinkSync(path.relative(path.dirname(at), target), at);
};

describe("loading a repository with links in it", () => {
    it("refuses a team's values file linked to the token cache, names it, and plans nothing", async () => {
        const { root, secret } = sampleWithSecretBeside();
        link(root, "tenants/fintech/payments-api/values.prod.weu.yaml", secret);
        // The stack that reads fintech's values: its prod shard.
        const run = await planStack(program, diskTree(root), stackOfTeam("prod", "fintech"));
        assert.equal(run.exitCode, 1);
        assert.equal(run.registered, 0);
        const lines = run.problems.map(formatProblem);
        assert.ok(
            lines.some((l) =>
                /^tenants\/fintech\/payments-api\/values\.prod\.weu\.yaml: is a symbolic link; .* Fix: commit the file itself/.test(l),
            ),
            lines.join("\n"),
        );
        assert.ok(!JSON.stringify(run).includes("eyJ-the-deploy-identity"));
    });

    it("refuses a dangling link, which would otherwise make the diff say nothing changed", () => {
        const { root } = sampleWithSecretBeside();
        link(root, "tenants/retail/storefront/values.prod.yaml", path.join(root, "nowhere.yaml"));
        const problems = problemsOf(stackOfTeam("prod", "retail"), diskTree(root));
        assert.deepEqual(
            problems.map((p) => p.file),
            ["tenants/retail/storefront/values.prod.yaml"],
        );
    });

    it("refuses a chart template linked out of the repository before Helm could render it", () => {
        const { root, secret } = sampleWithSecretBeside();
        link(root, "charts/fintech/payments-api/1.4.2/templates/configmap.yaml", secret);
        const problems = problemsOf("dev", diskTree(root));
        assert.deepEqual(
            problems.map((p) => p.file),
            ["charts/fintech/payments-api/1.4.2/templates/configmap.yaml"],
        );
    });

    it("refuses a linked tenant file without also reporting the team as unknown where others name it", () => {
        const { root } = sampleWithSecretBeside();
        const real = path.join(path.dirname(root), `${path.basename(root)}-retail.yaml`);
        fs.copyFileSync(path.join(root, "tenants", "retail.yaml"), real);
        link(root, "tenants/retail.yaml", real);
        const problems = problemsOf("prod", diskTree(root));
        assert.deepEqual(
            problems.map((p) => `${p.file} ${p.message}`),
            [`tenants/retail.yaml ${"is a symbolic link; the repository's files are read as they are, never through a link"}`],
        );
    });

    it("refuses a keyring that is a link instead of saying it is missing", () => {
        const { root, secret } = sampleWithSecretBeside();
        link(root, "keys/charts.pubring.gpg", secret);
        const problems = problemsOf("prod", diskTree(root));
        assert.deepEqual(
            problems.map((p) => p.file),
            ["keys/charts.pubring.gpg"],
        );
    });
});
