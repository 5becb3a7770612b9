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

/** `base` with some files replaced (a string) or removed (`null`); new files may open new folders. */
export function overlayTree(base: SourceTree, changes: Readonly<Record<string, string | null>>): SourceTree {
    const added = Object.entries(changes)
        .filter(([, content]) => content !== null)
        .map(([file]) => file);
    const removed = new Set(
        Object.entries(changes)
            .filter(([, content]) => content === null)
            .map(([file]) => file),
    );
    const prefix = (dir: string) => (dir ? `${dir}/` : "");
    return {
        list(dir) {
            const names = new Set(base.list(dir).filter((name) => !removed.has(`${prefix(dir)}${name}`)));
            for (const file of added.filter((f) => f.startsWith(prefix(dir)))) {
                names.add(file.slice(prefix(dir).length).split("/")[0]);
            }
            return [...names].sort();
        },
        isDirectory: (entry) => !(entry in changes) && (base.isDirectory(entry) || added.some((f) => f.startsWith(`${entry}/`))),
        read: (file) => (file in changes ? (changes[file] ?? undefined) : base.read(file)),
    };
}
