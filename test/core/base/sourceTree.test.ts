import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { diskTree, overlayTree, REFUSAL } from "../../../core/base/sourceTree";
import { tempDir } from "../../support/temp";

/** A repository folder with a secret outside it, as a runner's home holds a token cache beside the checkout. */
function workspace(): { root: string; secret: string } {
    const home = tempDir("tree-");
    const secret = path.join(home, "msal_token_cache.json");
    fs.writeFileSync(secret, '{"AccessToken": "eyJ-secret"}');
    const root = path.join(home, "repo");
    fs.mkdirSync(path.join(root, "tenants", "fintech", "api"), { recursive: true });
    fs.writeFileSync(path.join(root, "tenants", "fintech", "api", "values.yaml"), "replicaCount: 2\n");
    return { root, secret };
}

describe("the source tree", () => {
    it("reads a regular file and lists its folder", () => {
        const { root } = workspace();
        const tree = diskTree(root);
        assert.deepEqual(tree.list("tenants/fintech/api"), ["values.yaml"]);
        assert.equal(tree.read("tenants/fintech/api/values.yaml"), "replicaCount: 2\n");
        assert.deepEqual(tree.refused(), []);
    });

    it("refuses a values file that links to a token cache outside the repository, and never reads it", () => {
        const { root, secret } = workspace();
        const link = path.join(root, "tenants", "fintech", "api", "values.prod.weu.yaml");
        fs.symlinkSync(path.relative(path.dirname(link), secret), link);
        const tree = diskTree(root);
        assert.deepEqual(tree.list("tenants/fintech/api"), ["values.yaml"]);
        assert.equal(tree.read("tenants/fintech/api/values.prod.weu.yaml"), undefined);
        assert.deepEqual(tree.refused(), [{ path: "tenants/fintech/api/values.prod.weu.yaml", why: REFUSAL.symlink }]);
    });

    it("refuses a dangling link instead of skipping it silently", () => {
        const { root } = workspace();
        fs.symlinkSync("../../../../nowhere.yaml", path.join(root, "tenants", "fintech", "api", "values.prod.yaml"));
        const tree = diskTree(root);
        tree.list("tenants/fintech/api");
        assert.deepEqual(
            tree.refused().map((r) => r.path),
            ["tenants/fintech/api/values.prod.yaml"],
        );
    });

    it("refuses everything under a linked folder, even when read by its path", () => {
        const { root } = workspace();
        fs.symlinkSync(path.join(root, "tenants", "fintech"), path.join(root, "tenants", "evil"));
        const tree = diskTree(root);
        assert.equal(tree.read("tenants/evil/api/values.yaml"), undefined);
        assert.match(tree.refused()[0].why, /is under tenants\/evil, which is a symbolic link/);
    });

    it("leaves links at the root unreported until one is read: node_modules and .tools are no configuration", () => {
        const { root, secret } = workspace();
        fs.symlinkSync(secret, path.join(root, "node_modules"));
        fs.symlinkSync(secret, path.join(root, "Pulumi.dev.yaml"));
        const tree = diskTree(root);
        assert.deepEqual(tree.list(""), ["tenants"]);
        assert.deepEqual(tree.refused(), []);
        assert.equal(tree.read("Pulumi.dev.yaml"), undefined);
        assert.deepEqual(tree.refused(), [{ path: "Pulumi.dev.yaml", why: REFUSAL.symlink }]);
    });

    it("refuses a path that climbs out of the repository", () => {
        const { root } = workspace();
        const tree = diskTree(root);
        assert.equal(tree.read("../msal_token_cache.json"), undefined);
        assert.deepEqual(tree.refused(), [{ path: "../msal_token_cache.json", why: REFUSAL.outside }]);
    });

    it("reads the repository through a linked checkout folder, since only what is inside is checked", () => {
        const { root } = workspace();
        const alias = `${root}-alias`;
        fs.symlinkSync(root, alias);
        assert.equal(diskTree(alias).read("tenants/fintech/api/values.yaml"), "replicaCount: 2\n");
    });

    it("keeps an overlay's refusals except for the files it replaces", () => {
        const { root, secret } = workspace();
        fs.symlinkSync(secret, path.join(root, "tenants", "fintech", "api", "values.dev.yaml"));
        const base = diskTree(root);
        base.list("tenants/fintech/api");
        assert.equal(overlayTree(base, {}).refused().length, 1);
        assert.equal(overlayTree(base, { "tenants/fintech/api/values.dev.yaml": "a: 1\n" }).refused().length, 0);
    });
});
