import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REFUSAL } from "../../core/base/sourceTree";
import { gitTree } from "../../plan/gitTree";

/**
 * A repository with two commits, a secret outside it (as a runner's home holds a token cache beside the
 * checkout): `first` has a tenant's values and a link to the secret; HEAD changed the values, added a
 * team and a submodule; the work tree then changed the values again, uncommitted.
 */
function repository(): { root: string; first: string } {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "git-tree-"));
    const secret = path.join(home, "msal_token_cache.json");
    fs.writeFileSync(secret, '{"AccessToken": "eyJ-secret"}');
    const root = path.join(home, "repo");
    const api = path.join(root, "tenants", "fintech", "api");
    fs.mkdirSync(api, { recursive: true });
    const git = (...args: string[]) => execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: "pipe" }).trim();
    const commit = (message: string) => git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", message);
    fs.writeFileSync(path.join(api, "values.yaml"), "replicaCount: 2\n");
    fs.symlinkSync(path.relative(api, secret), path.join(api, "values.prod.yaml"));
    git("init", "-q");
    git("add", ".");
    commit("first");
    const first = git("rev-parse", "HEAD");
    fs.writeFileSync(path.join(api, "values.yaml"), "replicaCount: 3\n");
    fs.writeFileSync(path.join(root, "tenants", "retail.yaml"), "team: retail\n");
    git("add", ".");
    git("update-index", "--add", "--cacheinfo", `160000,${first},tenants/vendored`);
    commit("second");
    fs.writeFileSync(path.join(api, "values.yaml"), "replicaCount: 9\n");
    return { root, first };
}

describe("the repository's files at a git ref (plan/gitTree.ts)", () => {
    let repo: { root: string; first: string };
    before(() => {
        repo = repository();
    });
    after(() => fs.rmSync(path.dirname(repo.root), { recursive: true, force: true }));

    it("GIVEN a file changed since a commit and again in the work tree THEN each ref reads its own version, never the work tree's", () => {
        assert.equal(gitTree(repo.root, repo.first).read("tenants/fintech/api/values.yaml"), "replicaCount: 2\n");
        assert.equal(gitTree(repo.root, "HEAD").read("tenants/fintech/api/values.yaml"), "replicaCount: 3\n");
    });

    it("GIVEN a folder THEN its entries are listed once each, sorted, files and folders alike", () => {
        const tree = gitTree(repo.root, "HEAD");
        assert.deepEqual(tree.list(""), ["tenants"]);
        assert.deepEqual(tree.list("tenants"), ["fintech", "retail.yaml"]);
        assert.deepEqual(gitTree(repo.root, repo.first).list("tenants"), ["fintech"], "the team added later is not in the first commit");
    });

    it("GIVEN paths THEN only folders that hold files are folders", () => {
        const tree = gitTree(repo.root, "HEAD");
        const table: readonly [string, boolean][] = [
            ["tenants", true],
            ["tenants/fintech/api", true],
            ["tenants/retail.yaml", false],
            ["tenants/vendored", false],
            ["tenants/fin", false],
        ];
        for (const [entry, folder] of table) {
            assert.equal(tree.isDirectory(entry), folder, entry);
        }
    });

    it("GIVEN a file the ref does not have THEN it reads nothing and refuses nothing", () => {
        const tree = gitTree(repo.root, repo.first);
        assert.equal(tree.read("tenants/retail.yaml"), undefined);
        assert.deepEqual(tree.refused(), []);
    });

    it("GIVEN a link committed to git THEN it is refused, in a listing and on reading, and never read", () => {
        const tree = gitTree(repo.root, repo.first);
        assert.deepEqual(tree.list("tenants/fintech/api"), ["values.yaml"]);
        assert.deepEqual(tree.refused(), [{ path: "tenants/fintech/api/values.prod.yaml", why: REFUSAL.symlink }]);
        assert.equal(tree.read("tenants/fintech/api/values.prod.yaml"), undefined);
    });

    it("GIVEN a submodule THEN it is refused as a link is, and is neither listed nor a folder", () => {
        const tree = gitTree(repo.root, "HEAD");
        assert.equal(tree.read("tenants/vendored"), undefined);
        assert.deepEqual(tree.refused(), [{ path: "tenants/vendored", why: REFUSAL.symlink }]);
        assert.ok(!tree.list("tenants").includes("vendored"));
    });

    it("GIVEN a ref that names no commit THEN it fails at once, with git's message", () => {
        assert.throws(() => gitTree(repo.root, "no-such-branch"), /rev-parse --verify no-such-branch\^\{commit\}/);
    });
});
