import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Read-only view of the repository's configuration files, addressed by repo-relative paths with `/`.
 * The loader reads only through this, so tests can change one file in memory and keep the rest.
 */
export interface SourceTree {
    /** Names (not paths) of the entries directly inside `dir`, sorted; empty when `dir` does not exist. */
    list(dir: string): string[];
    /** Whether `entry` is a directory. */
    isDirectory(entry: string): boolean;
    /** File contents, or undefined when the file does not exist. */
    read(file: string): string | undefined;
}

/** The files on disk under `root`. */
export function diskTree(root: string): SourceTree {
    const abs = (p: string) => path.join(root, ...p.split("/"));
    return {
        list: (dir) => (fs.existsSync(abs(dir)) ? fs.readdirSync(abs(dir)).sort() : []),
        isDirectory: (entry) => fs.existsSync(abs(entry)) && fs.statSync(abs(entry)).isDirectory(),
        read: (file) => (fs.existsSync(abs(file)) && fs.statSync(abs(file)).isFile() ? fs.readFileSync(abs(file), "utf8") : undefined),
    };
}

/** `base` with some files replaced (a string) or removed (`null`). */
export function overlayTree(base: SourceTree, changes: Readonly<Record<string, string | null>>): SourceTree {
    const parentOf = (p: string) => p.split("/").slice(0, -1).join("/");
    const nameOf = (p: string) => p.split("/").pop() as string;
    return {
        list(dir) {
            const names = new Set(base.list(dir));
            for (const [file, content] of Object.entries(changes)) {
                if (parentOf(file) === dir) {
                    if (content === null) {
                        names.delete(nameOf(file));
                    } else {
                        names.add(nameOf(file));
                    }
                }
            }
            return [...names].sort();
        },
        isDirectory: (entry) => !(entry in changes) && base.isDirectory(entry),
        read: (file) => (file in changes ? (changes[file] ?? undefined) : base.read(file)),
    };
}
