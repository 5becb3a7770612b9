/**
 * Configuration problems: collected everywhere, reported together, before any resource exists.
 */

import { formatKeyPath, type KeyPath } from "./keyPath";

/** A place in the configuration: a file, the line where the YAML parser knows it, and a key path. */
export interface Location {
    /** Repo-relative file, for example `tenants/fintech.yaml`. */
    readonly file: string;
    /** 1-based line, where the YAML parser knows it. */
    readonly line?: number;
    /** Key path inside the file, for example `apps.payments-api.versions.prod`; empty for the whole file. */
    readonly path: string;
}

/** A file that knows the line of each of its keys: a parsed YAML file. */
export interface LocatedSource {
    readonly file: string;
    lineOf(path: KeyPath): number | undefined;
}

/** The location of `path` in `source`. */
export function locate(source: LocatedSource, path: KeyPath): Location {
    return { file: source.file, line: source.lineOf(path), path: formatKeyPath(path) };
}

/** A problem at `path` in `source`. */
export function problemAt(source: LocatedSource, path: KeyPath, message: string, hint: string): Problem {
    return { ...locate(source, path), message, hint };
}

/** One thing wrong with the platform's configuration. */
export interface Problem extends Location {
    /** What is wrong, including the bad value. */
    readonly message: string;
    /** How to fix it: every problem says. */
    readonly hint: string;
}

/** Thrown with every problem found, so that one run reports all of them. */
export class ConfigError extends Error {
    constructor(readonly problems: readonly Problem[]) {
        super(formatProblems(problems));
        this.name = "ConfigError";
    }
}

/** Throws a {@link ConfigError} when there is at least one problem. */
export function throwIfProblems(problems: readonly Problem[]): void {
    if (problems.length > 0) {
        throw new ConfigError(sortProblems(problems));
    }
}

/** Stable order: by file, then line, then key path, so reports diff cleanly. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
    return [...problems].sort(
        (a, b) =>
            a.file.localeCompare(b.file) ||
            (a.line ?? 0) - (b.line ?? 0) ||
            a.path.localeCompare(b.path) ||
            a.message.localeCompare(b.message),
    );
}

/** `file:line: key.path:` of a location. */
export function formatLocation(l: Location): string {
    const where = l.line === undefined ? l.file : `${l.file}:${l.line}`;
    return `${where}:${l.path ? ` ${l.path}:` : ""}`;
}

/** One line per problem: `file:line: key.path: message Fix: hint`. */
export function formatProblem(p: Problem): string {
    return `${formatLocation(p)} ${p.message} Fix: ${p.hint}`;
}

/**
 * Every problem, one per line, under a heading with their count and `outcome`: what became of the run
 * ("nothing was deployed" under `pulumi up`, "nothing would be deployed" in a preview or a plan).
 */
export function formatProblems(problems: readonly Problem[], outcome = "nothing was deployed"): string {
    const count = problems.length === 1 ? "1 configuration problem" : `${problems.length} configuration problems`;
    return [`${count}; ${outcome}:`, ...problems.map((p) => `  - ${formatProblem(p)}`)].join("\n");
}

/** Renders a value for a message: short, quoted like YAML would show it. */
export function showValue(value: unknown): string {
    if (value === undefined) {
        return "nothing";
    }
    const text = JSON.stringify(value);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The closest candidate within a small edit distance, for "did you mean" hints on typos. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
    let best: string | undefined;
    let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
    for (const candidate of candidates) {
        const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
        if (d < bestDistance) {
            best = candidate;
            bestDistance = d;
        }
    }
    return best;
}

function editDistance(a: string, b: string): number {
    let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
            current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, substitution);
        }
        previous = current;
    }
    return previous[b.length];
}

/** "did you mean ...?" with the candidate closest to `word`, or `otherwise` when none is close. */
export function didYouMean(word: string, candidates: readonly string[], otherwise: string): string {
    const suggestion = closest(word, candidates);
    return suggestion ? `did you mean "${suggestion}"?` : otherwise;
}
