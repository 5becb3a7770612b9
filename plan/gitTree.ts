import { execFileSync } from "node:child_process";
import { REFUSAL, RefusalLog, type SourceTree } from "../core/base/sourceTree";

/** Git's mode of a symbolic link, and of a submodule (a commit of another repository). */
const LINK_MODE = "120000";
const SUBMODULE_MODE = "160000";

/**
 * The repository's files as they are at a git ref (a branch, tag or commit), read with git itself:
 * the offline plan of the base branch's configuration, without a second checkout. Symbolic links and
 * submodules are refused as the disk tree refuses links.
 */
export function gitTree(root: string, ref: string): SourceTree {
    const git = (...args: string[]) =>
        execFileSync("git", args, { cwd: root, encoding: "utf8", maxBuffer: 256 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] });
    git("rev-parse", "--verify", `${ref}^{commit}`);
    const log = new RefusalLog();
    const files: string[] = [];
    const links: string[] = [];
    for (const line of git("ls-tree", "-r", "-z", "--full-tree", ref).split("\0").filter(Boolean)) {
        const [meta, file] = line.split("\t", 2);
        const mode = meta.split(" ")[0];
        (mode === LINK_MODE || mode === SUBMODULE_MODE ? links : files).push(file);
    }
    const parents = (f: string) =>
        f
            .split("/")
            .slice(0, -1)
            .map((_, i, parts) => parts.slice(0, i + 1).join("/"));
    const dirs = new Set(files.flatMap(parents));
    const known = new Set(files);
    const refusedLinks = new Set(links);
    const prefix = (dir: string) => (dir ? `${dir}/` : "");
    const refuseIfLink = (entry: string) => {
        if (refusedLinks.has(entry)) {
            log.add(entry, REFUSAL.symlink);
            return true;
        }
        return false;
    };
    return {
        list: (dir) => {
            const names = (list: readonly string[]) =>
                list.filter((f) => f.startsWith(prefix(dir))).map((f) => f.slice(prefix(dir).length).split("/")[0]);
            for (const name of names(links)) {
                refuseIfLink(`${prefix(dir)}${name}`);
            }
            return [...new Set(names(files))].sort();
        },
        isDirectory: (entry) => dirs.has(entry),
        read: (file) => {
            if (refuseIfLink(file)) {
                return undefined;
            }
            return known.has(file) ? git("show", `${ref}:${file}`) : undefined;
        },
        refused: () => log.all(),
    };
}
