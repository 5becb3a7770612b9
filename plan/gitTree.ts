import { execFileSync } from "node:child_process";
import type { SourceTree } from "../core/base/sourceTree";

/**
 * The repository's files as they are at a git ref (a branch, tag or commit), read with git itself:
 * the offline plan of the base branch's configuration, without a second checkout.
 */
export function gitTree(root: string, ref: string): SourceTree {
    const git = (...args: string[]) =>
        execFileSync("git", args, { cwd: root, encoding: "utf8", maxBuffer: 256 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] });
    git("rev-parse", "--verify", `${ref}^{commit}`);
    const files = git("ls-tree", "-r", "--name-only", ref).split("\n").filter(Boolean);
    const dirs = new Set(
        files.flatMap((f) =>
            f
                .split("/")
                .slice(0, -1)
                .map((_, i, parts) => parts.slice(0, i + 1).join("/")),
        ),
    );
    const prefix = (dir: string) => (dir ? `${dir}/` : "");
    return {
        list: (dir) =>
            [...new Set(files.filter((f) => f.startsWith(prefix(dir))).map((f) => f.slice(prefix(dir).length).split("/")[0]))].sort(),
        isDirectory: (entry) => dirs.has(entry),
        read: (file) => (files.includes(file) ? git("show", `${ref}:${file}`) : undefined),
    };
}
