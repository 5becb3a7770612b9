import { execFileSync } from "node:child_process";
import { LAYOUT } from "../core/base/layout";
import type { SourceTree } from "../core/base/sourceTree";
import type { PlanRelease } from "../core/report/planTypes";
import {
    describeSharedChange,
    isOwnValuesFile,
    LOCK_FILE,
    lockEntry,
    lockEntryPath,
    pinnedVersion,
    sharedChange,
    withLockEntryOf,
    withVersionOf,
} from "../core/report/rollback";
import { gitTree } from "./gitTree";

/** The release a rollback is about: whose it is, in which environment and stack, of which chart. */
export interface RollbackSubject {
    readonly release: string;
    readonly team: string;
    readonly app: string;
    readonly environment: string;
    readonly chart: string;
}

/** A release's own inputs in one environment, as one tree has them. */
interface Inputs {
    readonly version?: string;
    readonly files: ReadonlyMap<string, string>;
    readonly lock: unknown;
}

const tenantFile = (s: RollbackSubject) => `${LAYOUT.tenantsDir}/${s.team}.yaml`;

/** The files a rollback may edit: the tenant file, the app's folder (its own values files only), the lock. */
export const inputPaths = (s: RollbackSubject): string[] => [tenantFile(s), LAYOUT.appDir(s.team, s.app), LOCK_FILE];

function inputsOf(tree: SourceTree, s: RollbackSubject): Inputs {
    const dir = LAYOUT.appDir(s.team, s.app);
    const files = new Map(
        tree
            .list(dir)
            .filter((name) => isOwnValuesFile(name, s.environment))
            .map((name) => [`${dir}/${name}`, tree.read(`${dir}/${name}`) ?? ""]),
    );
    return {
        version: pinnedVersion(tree.read(tenantFile(s)), s.app, s.environment),
        files,
        lock: lockEntry(tree.read(LOCK_FILE), lockEntryPath(s.environment, s.chart)),
    };
}

const sameInputs = (a: Inputs, b: Inputs) =>
    a.version === b.version &&
    JSON.stringify(a.lock) === JSON.stringify(b.lock) &&
    a.files.size === b.files.size &&
    [...a.files].every(([file, text]) => b.files.get(file) === text);

const git = (root: string, ...args: string[]) =>
    execFileSync("git", args, { cwd: root, encoding: "utf8", maxBuffer: 256 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] });

/** The commit a ref names, or why there is none. */
export function commitOf(root: string, ref: string): { commit: string } | { error: string } {
    try {
        return { commit: git(root, "rev-parse", "--verify", "--end-of-options", `${ref}^{commit}`).trim() };
    } catch {
        return { error: `"${ref}" is not a commit of this repository (a branch, tag or commit, as git rev-parse reads it)` };
    }
}

/**
 * `--previous`: the commit before the last commit (on the first-parent line of HEAD, as main's history
 * reads) that changed the release's own inputs. Commits that touch the same files but not these inputs
 * (another app's version in the tenant file, another environment's values file) do not count.
 */
export function previousCommit(root: string, s: RollbackSubject): { commit: string } | { error: string } {
    const commits = git(root, "log", "--first-parent", "--format=%H %P", "HEAD", "--", ...inputPaths(s))
        .split("\n")
        .filter(Boolean);
    for (const line of commits) {
        const [commit, parent] = line.split(" ") as [string, string | undefined];
        if (!parent) {
            return {
                error: `${s.release} has no inputs in ${s.environment} before ${commit.slice(0, 12)}, the first commit that has them`,
            };
        }
        if (!sameInputs(inputsOf(gitTree(root, commit), s), inputsOf(gitTree(root, parent), s))) {
            return { commit: parent };
        }
    }
    return { error: `no commit changed the inputs of ${s.release} in ${s.environment}: there is nothing to go back to` };
}

/** Files of the inputs with changes not committed yet: a rollback would mix its edits with them. */
export function uncommitted(root: string, s: RollbackSubject): string[] {
    return git(root, "status", "--porcelain", "--", ...inputPaths(s))
        .split("\n")
        .filter(Boolean)
        .map((l) => l.slice(3));
}

/**
 * The edits that give the working tree the ref's inputs of the release and nothing else: the version key
 * of its tenant file, its own values files (written, or removed where the ref had none), and its lock
 * entry when the repository has a lock. `null` removes a file.
 */
export function rollbackEdits(
    current: SourceTree,
    ref: SourceTree,
    s: RollbackSubject,
): { edits: Record<string, string | null> } | { error: string } {
    const before = inputsOf(ref, s);
    if (before.version === undefined) {
        return {
            error: `${s.release} did not run in ${s.environment} at that commit (no apps.${s.app}.versions.${s.environment}): rolling back would remove it; remove it with a change to ${tenantFile(s)} instead`,
        };
    }
    const now = inputsOf(current, s);
    const edits: Record<string, string | null> = {};
    if (now.version !== before.version) {
        try {
            edits[tenantFile(s)] = withVersionOf(current.read(tenantFile(s)) ?? "", ref.read(tenantFile(s)) ?? "", s.app, s.environment);
        } catch (error) {
            return { error: `${tenantFile(s)}: ${error instanceof Error ? error.message : error}; set the version by hand` };
        }
    }
    for (const file of new Set([...now.files.keys(), ...before.files.keys()])) {
        if (now.files.get(file) !== before.files.get(file)) {
            edits[file] = before.files.get(file) ?? null;
        }
    }
    const lock = current.read(LOCK_FILE);
    if (lock !== undefined && JSON.stringify(now.lock) !== JSON.stringify(before.lock)) {
        edits[LOCK_FILE] = withLockEntryOf(lock, ref.read(LOCK_FILE), lockEntryPath(s.environment, s.chart));
    }
    return { edits };
}

/** The commits between the ref and HEAD that changed `file`, newest first: what a notice about it names. */
export function changesSince(root: string, commit: string, file: string): string[] {
    return git(root, "log", "--format=%h %s", `${commit}..HEAD`, "--", file).split("\n").filter(Boolean);
}

/**
 * What a rollback leaves as it is although it changed since the ref, said in words: the platform-wide
 * values files and the app's values file of every environment (with the keys that changed, and whether
 * they reach the release), and the stack's settings.
 */
export function sharedNotices(
    root: string,
    current: SourceTree,
    ref: SourceTree,
    at: { readonly commit: string; readonly stack: string; readonly subject: RollbackSubject; readonly releases: readonly PlanRelease[] },
): string[] {
    const { subject: s, commit } = at;
    const short = commit.slice(0, 12);
    const shared: [string, string][] = [
        [`${LAYOUT.platformValuesDir}/common.yaml`, "every release of every environment"],
        [`${LAYOUT.platformValuesDir}/${s.environment}.yaml`, `every release in ${s.environment}`],
        [
            `${LAYOUT.appDir(s.team, s.app)}/values.yaml`,
            `${s.app} in every environment, so a rollback of one environment cannot take it back`,
        ],
    ];
    const notices = shared.flatMap(([file, feeds]) => {
        const before = ref.read(file);
        const after = current.read(file);
        if (before === after) {
            return [];
        }
        const change = sharedChange(file, before, after, at.releases);
        const commits = changesSince(root, commit, file);
        return [`${describeSharedChange(change, short, feeds)} Commits: ${commits.join("; ")}.`];
    });
    const stackFile = LAYOUT.stackFile(at.stack);
    if (ref.read(stackFile) !== current.read(stackFile)) {
        notices.push(
            `${stackFile} changed since ${short} and is not rolled back: the stack's settings (secrets, governance, tenancy) stay as they are.`,
        );
    }
    return notices;
}
