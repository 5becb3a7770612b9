import * as assert from "node:assert/strict";
import { ConfigError, formatProblem, type Problem } from "../../../core/base/problems";
import { overlayTree, type SourceTree } from "../../../core/base/sourceTree";
import { CHECKS, type Check } from "../../../core/checks";
import { readStackConfig } from "../../../core/config/stackFile";
import { loadConfiguration } from "../../../core/load/loadConfiguration";
import { sampleTree, TEST_DAY } from "../../helpers";

/**
 * A change of one file of the sample: its new text, `null` to remove it, `[from, to]` to replace a part
 * of its text (which must be there), or its text with more appended, or another file's text copied.
 */
export type Change =
    | string
    | null
    | readonly [from: string, to: string]
    | { readonly append: string }
    | { readonly copyOf: string; readonly edit?: readonly [from: string, to: string] };

/** A sample broken for one rule: the stack to load, the changes, and a part of what the rule reports. */
export interface Broken {
    readonly stack: string;
    readonly changes: Readonly<Record<string, Change>>;
    /** A part of the formatted problem (file, line, key, message, fix), or of the finding's message. */
    readonly reports: string;
}

/**
 * The sample, each listing and file read from disk once: the loads of the firing tests read the same
 * files many times, and the sample does not change while the tests run.
 */
let sample: SourceTree | undefined;
function readOnce(): SourceTree {
    if (!sample) {
        const disk = sampleTree();
        const lists = new Map<string, string[]>();
        const dirs = new Map<string, boolean>();
        const files = new Map<string, string | undefined>();
        const once = <T>(cache: Map<string, T>, key: string, read: (key: string) => T): T => {
            if (!cache.has(key)) {
                cache.set(key, read(key));
            }
            return cache.get(key) as T;
        };
        sample = {
            list: (dir) => [...once(lists, dir, disk.list)],
            isDirectory: (entry) => once(dirs, entry, disk.isDirectory),
            read: (file) => once(files, file, disk.read),
            refused: () => disk.refused(),
        };
    }
    return sample;
}

/** The sample with `changes` made; a replacement whose text is not in the sample fails, rather than change nothing. */
export function brokenSample(changes: Readonly<Record<string, Change>>): SourceTree {
    const base = readOnce();
    const textOf = (file: string) => {
        const text = base.read(file);
        assert.ok(text !== undefined, `${file} is in the sample`);
        return text;
    };
    const replaced = (file: string, text: string, [from, to]: readonly [string, string]) => {
        assert.ok(text.includes(from), `${file} has ${JSON.stringify(from)}`);
        return text.replace(from, to);
    };
    const files = Object.entries(changes).map(([file, change]): [string, string | null] => {
        if (change === null || typeof change === "string") {
            return [file, change];
        }
        if ("append" in change) {
            return [file, `${textOf(file)}${change.append}`];
        }
        if ("copyOf" in change) {
            const copy = textOf(change.copyOf);
            return [file, change.edit ? replaced(change.copyOf, copy, change.edit) : copy];
        }
        return [file, replaced(file, textOf(file), change)];
    });
    return overlayTree(base, Object.fromEntries(files));
}

/** An allowance entry of team fintech granting `what`, to append to its allowances file. */
export function grant(what: string): string {
    return `  - reason: What this test grants team fintech\n    approvedBy: platform-team (PLAT-1)\n    expires: "2028-01-31"\n    ${what}\n`;
}

/** The problems loading `stack` of `tree` reports with `checks` run; none when it loads. */
export function problemsWith(stack: string, tree: SourceTree, checks: readonly Check[]): Problem[] {
    try {
        loadConfiguration({ tree, stack, config: readStackConfig(tree, stack).config, today: TEST_DAY, checks });
        return [];
    } catch (error) {
        if (error instanceof ConfigError) {
            return [...error.problems];
        }
        throw error;
    }
}

/**
 * The tests that each check of a module of core/checks fires in the loader: for every check the module
 * exports, `table` holds a change of the sample that breaks its rule, and a part of the problem it
 * reports. The check reports it, and without the check nothing does. A check the table misses (or an
 * entry for a check the module does not export) fails the first test.
 */
export function firingTests(module: Readonly<Record<string, unknown>>, table: Readonly<Record<string, Broken>>): void {
    const exported = Object.values(module);
    const checks = CHECKS.filter((c) => exported.includes(c));

    it("GIVEN the module's checks THEN the table breaks the sample for each of them, and for nothing else", () => {
        assert.ok(checks.length > 0, "the module exports checks of the registry");
        assert.deepEqual(Object.keys(table).sort(), checks.map((c) => c.id).sort());
    });

    for (const check of checks) {
        it(`GIVEN a sample that breaks ${check.id} THEN the load reports it, and without ${check.id} nothing does`, () => {
            const broken = table[check.id] as Broken;
            const tree = brokenSample(broken.changes);
            const reported = (checksRun: readonly Check[]) =>
                problemsWith(broken.stack, tree, checksRun)
                    .map(formatProblem)
                    .filter((p) => p.includes(broken.reports));
            assert.equal(reported(CHECKS).length > 0, true, `${check.id} reports "${broken.reports}"`);
            assert.deepEqual(reported(CHECKS.filter((c) => c !== check)), [], `only ${check.id} reports "${broken.reports}"`);
        });
    }
}
