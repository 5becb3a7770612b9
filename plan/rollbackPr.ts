import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Runner } from "./liveClusters";
import type { RollbackSubject } from "./rollback";

/** The branch a rollback's pull request comes from: one per release, stack and target commit. */
export const rollbackBranch = (stack: string, release: string, commit: string) => `rollback/${stack}/${release}/${commit.slice(0, 12)}`;

/**
 * Commits the rollback's files on a new branch (from HEAD), pushes it to `origin` and opens the pull
 * request into main with `gh`; the report is its description. Returns its URL.
 */
export function openRollbackPullRequest(
    root: string,
    change: {
        readonly subject: RollbackSubject;
        readonly stack: string;
        readonly commit: string;
        readonly files: readonly string[];
        readonly body: string;
    },
    exec: Runner,
): { url: string } | { error: string } {
    const { subject, stack, commit, files } = change;
    const branch = rollbackBranch(stack, subject.release, commit);
    const title = `Roll back ${subject.release} in ${stack} to ${commit.slice(0, 12)}`;
    const git = (...args: string[]) => execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    try {
        git("switch", "--create", branch);
        git("add", "--all", "--", ...files);
        git(
            "commit",
            "--message",
            title,
            "--message",
            `Restores the inputs of ${subject.release} in ${subject.environment} as of ${commit}.`,
        );
        git("push", "--set-upstream", "origin", branch);
    } catch (error) {
        const lines = ((error as { stderr?: string }).stderr ?? String(error)).trim().split("\n");
        // Git may end with advice ("Please make sure you have the correct access rights"): its fatal line says what failed.
        return { error: `git: ${lines.find((l) => /^(fatal|error): /.test(l)) ?? lines.pop()}` };
    }
    const bodyFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "rollback-pr-")), "body.md");
    fs.writeFileSync(bodyFile, change.body);
    const created = exec("gh", ["pr", "create", "--base", "main", "--head", branch, "--title", title, "--body-file", bodyFile]);
    fs.rmSync(path.dirname(bodyFile), { recursive: true, force: true });
    return created.status === 0
        ? { url: created.stdout.trim().split("\n").pop() ?? "" }
        : { error: `gh pr create: ${created.stderr.trim()}` };
}
