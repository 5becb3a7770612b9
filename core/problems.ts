/**
 * Configuration problems: collected everywhere, reported together, before any resource exists.
 */

/** One thing wrong with the platform's configuration. */
export interface Problem {
    /** Repo-relative file the problem is in, for example `tenants/fintech.yaml`. */
    readonly file: string;
    /** 1-based line, where the YAML parser knows it. */
    readonly line?: number;
    /** Key path inside the file, for example `apps.payments-api.versions.prod`; empty for the whole file. */
    readonly path: string;
    /** What is wrong, including the bad value. */
    readonly message: string;
    /** How to fix it. */
    readonly hint?: string;
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

/** One line per problem: `file:line: key.path: message (fix: hint)`. */
export function formatProblem(p: Problem): string {
    const where = p.line === undefined ? p.file : `${p.file}:${p.line}`;
    const path = p.path ? ` ${p.path}:` : "";
    const hint = p.hint ? ` Fix: ${p.hint}` : "";
    return `${where}:${path} ${p.message}${hint}`;
}

export function formatProblems(problems: readonly Problem[]): string {
    const count = problems.length === 1 ? "1 configuration problem" : `${problems.length} configuration problems`;
    return [`${count}; nothing was deployed:`, ...problems.map((p) => `  - ${formatProblem(p)}`)].join("\n");
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
