import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Runner } from "../../plan/liveClusters";
import type { RollbackSubject } from "../../plan/rollback";
import { openRollbackPullRequest, rollbackBranch } from "../../plan/rollbackPr";

const COMMIT = "0123456789abcdef0123456789abcdef01234567";
const SUBJECT: RollbackSubject = {
    release: "fintech-payments-api",
    team: "fintech",
    app: "payments-api",
    environment: "prod",
    chart: "payments-api",
};
const VALUES = "tenants/fintech/payments-api/values.prod.yaml";

/** A repository of one commit on main, cloned from an empty bare `origin`. */
function repository(): { root: string; origin: string } {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "rollback-pr-"));
    const [root, origin] = [path.join(home, "repo"), path.join(home, "origin.git")];
    const git = (...args: string[]) =>
        execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "init.defaultBranch=main", ...args], {
            cwd: home,
            stdio: "ignore",
        });
    git("init", "--quiet", "--bare", origin);
    git("clone", "--quiet", origin, root);
    fs.mkdirSync(path.join(root, path.dirname(VALUES)), { recursive: true });
    fs.writeFileSync(path.join(root, VALUES), "replicaCount: 4\n");
    fs.writeFileSync(path.join(root, "notes.md"), "notes\n");
    git("-C", root, "add", "--all");
    git("-C", root, "commit", "--quiet", "--message", "base");
    return { root, origin };
}

/** Plays `gh pr create`: answers with `answer`, and keeps its arguments and the body it was given. */
function gh(answer: { status: number; stdout: string; stderr: string }) {
    const seen: { args: string[]; body?: string; bodyFile?: string }[] = [];
    const exec: Runner = (command, args) => {
        const bodyFile = args[args.indexOf("--body-file") + 1] as string;
        seen.push({ args: [command, ...args], body: fs.readFileSync(bodyFile, "utf8"), bodyFile });
        return answer;
    };
    return { seen, exec };
}

const BODY = "# helm-platform plan\n\nRolls it back.\n";
/** A rollback to `commit`: each test rolls back to its own, so that each has its own branch. */
const changeTo = (commit: string) => ({ subject: SUBJECT, stack: "prod.payments", commit, files: [VALUES], body: BODY });
const BRANCH = "rollback/prod.payments/fintech-payments-api/0123456789ab";

describe("a rollback's pull request (plan/rollbackPr.ts)", () => {
    let root: string;
    let origin: string;
    const git = (...args: string[]) =>
        execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], {
            cwd: root,
            encoding: "utf8",
            stdio: "pipe",
        }).trim();
    const pushed = (...args: string[]) => execFileSync("git", args, { cwd: origin, encoding: "utf8" }).trim();
    before(() => {
        ({ root, origin } = repository());
    });
    after(() => fs.rmSync(path.dirname(root), { recursive: true, force: true }));
    // The rollback's edit, and someone's own, on main.
    beforeEach(() => {
        git("switch", "--quiet", "main");
        fs.writeFileSync(path.join(root, VALUES), "replicaCount: 3\n");
        fs.writeFileSync(path.join(root, "notes.md"), "my own notes\n");
    });

    it("GIVEN a stack, release and commit THEN the branch names all three, the commit by its first 12 digits", () => {
        assert.equal(rollbackBranch("prod.payments", "fintech-payments-api", COMMIT), BRANCH);
    });

    it("GIVEN the rollback's files THEN exactly they are committed on a new branch, pushed, and the pull request opened into main", () => {
        const { seen, exec } = gh({
            status: 0,
            stdout: "Creating pull request\nhttps://github.com/contoso/helm-platform/pull/7\n",
            stderr: "",
        });
        assert.deepEqual(openRollbackPullRequest(root, changeTo(COMMIT), exec), { url: "https://github.com/contoso/helm-platform/pull/7" });
        // What origin got: the branch's commit, with its title and body, changing the rollback's files only.
        assert.equal(
            pushed("show", "--format=%B(files)", "--name-only", BRANCH),
            `Roll back fintech-payments-api in prod.payments to 0123456789ab\n\nRestores the inputs of fintech-payments-api in prod as of ${COMMIT}.\n(files)\n\n${VALUES}`,
        );
        assert.equal(
            git("status", "--porcelain", "--branch"),
            `## ${BRANCH}...origin/${BRANCH}\n M notes.md`,
            "the branch tracks origin's, and other edits stay in the working tree",
        );
        const [call] = seen;
        const title = "Roll back fintech-payments-api in prod.payments to 0123456789ab";
        assert.deepEqual(call?.args.slice(0, 9), ["gh", "pr", "create", "--base", "main", "--head", BRANCH, "--title", title]);
        assert.equal(call?.body, BODY);
        assert.equal(fs.existsSync(call?.bodyFile as string), false, "the body's file is removed");
    });

    it("GIVEN gh refuses THEN its message is the error, the branch pushed all the same", () => {
        const refused = gh({ status: 1, stdout: "", stderr: "GraphQL: Resource not accessible by integration (createPullRequest)\n" });
        assert.deepEqual(openRollbackPullRequest(root, changeTo("1111111111112222"), refused.exec), {
            error: "gh pr create: GraphQL: Resource not accessible by integration (createPullRequest)",
        });
        assert.equal(
            pushed("branch", "--list", "rollback/prod.payments/fintech-payments-api/111111111111"),
            "rollback/prod.payments/fintech-payments-api/111111111111",
        );
    });

    it("GIVEN the branch exists already THEN it says so, and commits nothing", () => {
        git("branch", "rollback/prod.payments/fintech-payments-api/222222222222");
        const opened = openRollbackPullRequest(root, changeTo("2222222222223333"), gh({ status: 0, stdout: "", stderr: "" }).exec);
        assert.deepEqual(opened, {
            error: "git: fatal: a branch named 'rollback/prod.payments/fintech-payments-api/222222222222' already exists",
        });
        assert.equal(git("rev-list", "--count", "main"), "1");
    });

    it("GIVEN git cannot push THEN what git said failed is the error, and no pull request is opened", () => {
        const gone = path.join(path.dirname(root), "gone.git");
        git("remote", "set-url", "origin", gone);
        try {
            const { seen, exec } = gh({ status: 0, stdout: "", stderr: "" });
            assert.deepEqual(openRollbackPullRequest(root, changeTo("3333333333334444"), exec), {
                error: `git: fatal: '${gone}' does not appear to be a git repository`,
            });
            assert.deepEqual(seen, []);
        } finally {
            git("remote", "set-url", "origin", origin);
        }
    });
});
