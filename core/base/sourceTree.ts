import * as fs from "node:fs";
import * as path from "node:path";

/** An entry of the repository that a tree would not read, and why. */
export interface RefusedEntry {
    /** Repo-relative path with `/`. */
    readonly path: string;
    readonly why: string;
}

/**
 * Read-only view of the repository's configuration files, addressed by repo-relative paths with `/`.
 * The loader reads only through this, so tests can change one file in memory and keep the rest.
 *
 * Every file is read as it is, never through a link: a symbolic link (in a checkout or in git) or an
 * entry whose real path lies outside the repository is left out of listings and reads, and recorded,
 * so that the loader reports it as a configuration error instead of reading, say, a token cache the
 * link points at, or skipping a dangling link without a word.
 */
export interface SourceTree {
    /** Names (not paths) of the readable entries directly inside `dir`, sorted; empty when `dir` does not exist. */
    list(dir: string): string[];
    /** Whether `entry` is a readable directory. */
    isDirectory(entry: string): boolean;
    /** File contents, or undefined when the file does not exist or was refused. */
    read(file: string): string | undefined;
    /** Every entry refused so far by `list` or `read`, in the order met. */
    refused(): readonly RefusedEntry[];
}

/** The reasons a tree gives, one wording for disk and git. */
export const REFUSAL = {
    symlink: "is a symbolic link; the repository's files are read as they are, never through a link",
    outside: "leads outside the repository (a path is read inside the repository root only)",
    vanished: "was listed but could not be read (it disappeared or is unreadable)",
    special: "is neither a file nor a folder",
} as const;

/** Keeps each refused entry once. */
export class RefusalLog {
    private readonly entries = new Map<string, RefusedEntry>();
    add(entryPath: string, why: string): void {
        if (!this.entries.has(entryPath)) {
            this.entries.set(entryPath, { path: entryPath, why });
        }
    }
    has(entryPath: string): boolean {
        return this.entries.has(entryPath);
    }
    all(): readonly RefusedEntry[] {
        return [...this.entries.values()];
    }
}

/** The files on disk under `root`, each path checked component by component so that no link leads anywhere. */
export function diskTree(root: string): SourceTree {
    const realRoot = fs.realpathSync(root);
    const log = new RefusalLog();
    const listed = new Set<string>();
    const abs = (p: string) => path.join(realRoot, ...p.split("/").filter(Boolean));
    const join = (dir: string, name: string) => (dir ? `${dir}/${name}` : name);
    /**
     * The entry's stats when it may be read; undefined when it is absent, or refused (and recorded): every
     * component of its path is checked, so a linked folder refuses what lies under it too.
     */
    const inspect = (entry: string): fs.Stats | undefined => {
        const parts = entry.split("/").filter(Boolean);
        if (parts.some((part) => part === ".." || part === ".")) {
            log.add(entry, REFUSAL.outside);
            return undefined;
        }
        let stats: fs.Stats | undefined;
        for (let i = 1; i <= parts.length; i++) {
            try {
                stats = fs.lstatSync(path.join(realRoot, ...parts.slice(0, i)));
            } catch {
                return undefined;
            }
            if (stats.isSymbolicLink()) {
                log.add(entry, i === parts.length ? REFUSAL.symlink : `is under ${parts.slice(0, i).join("/")}, which ${REFUSAL.symlink}`);
                return undefined;
            }
        }
        return stats;
    };
    return {
        list: (dir) => {
            const stats = dir ? inspect(dir) : fs.statSync(realRoot);
            if (!stats?.isDirectory()) {
                return [];
            }
            // The root also holds what is not configuration (node_modules, .tools, out): only the entries the
            // loader then reads from it are checked, by reading them.
            const check = dir
                ? inspect
                : (entry: string) => (fs.lstatSync(abs(entry)).isSymbolicLink() ? undefined : fs.lstatSync(abs(entry)));
            return fs
                .readdirSync(abs(dir))
                .filter((name) => {
                    const entry = join(dir, name);
                    const found = check(entry);
                    if (found && !found.isFile() && !found.isDirectory()) {
                        if (dir) {
                            log.add(entry, REFUSAL.special);
                        }
                        return false;
                    }
                    listed.add(entry);
                    return found !== undefined;
                })
                .sort();
        },
        isDirectory: (entry) => inspect(entry)?.isDirectory() ?? false,
        read: (file) => {
            const found = inspect(file);
            if (!found?.isFile()) {
                if (!found && listed.has(file) && !log.has(file)) {
                    log.add(file, REFUSAL.vanished);
                }
                return undefined;
            }
            try {
                return fs.readFileSync(abs(file), "utf8");
            } catch {
                log.add(file, REFUSAL.vanished);
                return undefined;
            }
        },
        refused: () => log.all(),
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
        refused: () => base.refused().filter((r) => !(r.path in changes)),
    };
}
