/**
 * `npm run same-plan -- [<git ref>]` (default `HEAD`): plans every sample stack with the code of `<ref>`
 * and with the working tree, and compares every file the two write. For changes that must not change
 * behaviour (refactors, formatting, dependency updates): exit 0 when the outputs are identical, 1 with
 * the differing files otherwise.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseOptions } from "../plan/cliOptions";
import { BAD_ARGUMENTS } from "./args";
import { runScript, type ScriptContext, scriptCommand } from "./runScript";

/** This repository's tsx: both sides are planned with it. */
const TSX = path.resolve(__dirname, "../node_modules/tsx/dist/cli.mjs");

/** Every file under `dir`, relative to it. */
function filesOf(dir: string): string[] {
    return fs
        .readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
        .sort();
}

/** Which fields of which resource types differ between two plan.json files (`<type>.<field>`, or a top-level key). */
export function planFieldsDiffering(before: string, after: string): string[] {
    type Resource = Record<string, unknown> & { type: string; name: string };
    const read = (file: string) =>
        (fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {}) as Record<string, unknown> & { resources?: Resource[] };
    const [a, b] = [read(before), read(after)];
    const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);
    const fields = new Set<string>();
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
        if (key !== "resources" && !same(a[key], b[key])) {
            fields.add(key);
        }
    }
    const byKey = (list: Resource[] = []) => new Map(list.map((r) => [`${r.type}::${r.name}`, r]));
    const [ra, rb] = [byKey(a.resources), byKey(b.resources)];
    for (const key of new Set([...ra.keys(), ...rb.keys()])) {
        const [x, y] = [ra.get(key), rb.get(key)];
        if (!x || !y) {
            fields.add(`${(x ?? y)?.type} ${x ? "removed" : "added"}`);
            continue;
        }
        for (const field of new Set([...Object.keys(x), ...Object.keys(y)]).values()) {
            if (!same(x[field], y[field])) {
                fields.add(`${x.type}.${field}`);
            }
        }
    }
    return [...fields].sort();
}

/** Plans every stack with the code in `checkout`, into `out`. */
function planAll(checkout: string, out: string): void {
    execFileSync(process.execPath, [TSX, "scripts/plan.ts", "--all", "--out", out], {
        cwd: checkout,
        stdio: ["ignore", "ignore", "inherit"],
    });
}

/** The ref to compare with, once it is known to name a commit; the exit code otherwise (2), before anything is created. */
function refToCompare(argv: readonly string[], context: ScriptContext): string | number {
    const command = scriptCommand("same-plan", context)
        .description(
            "Plans every sample stack with the code of <ref> and with the working tree, and compares every file the two write: for changes that must not change behaviour.",
        )
        .argument("[ref]", "the git commit, branch or tag to compare with", "HEAD")
        .addHelpText(
            "after",
            "\nExit codes: 0 identical outputs; 1 the differing files listed (outputs kept); 2 bad arguments or not a commit.",
        );
    const parsed = parseOptions(command, argv);
    if (typeof parsed === "number") {
        return parsed;
    }
    const [ref] = command.processedArgs as [string];
    try {
        execFileSync("git", ["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`], {
            cwd: context.root,
            stdio: "ignore",
        });
    } catch {
        context.stderr(`error: ${ref} is not a commit of this repository (a branch, tag or commit such as HEAD or main)\n`);
        return BAD_ARGUMENTS;
    }
    return ref;
}

/** The files of two output folders that differ (one missing on a side included), of all that either holds. */
export function differingFiles(a: string, b: string): { differing: string[]; total: number } {
    const files = [...new Set([...filesOf(a), ...filesOf(b)])].sort();
    const read = (dir: string, file: string) =>
        fs.existsSync(path.join(dir, file)) ? fs.readFileSync(path.join(dir, file), "utf8") : undefined;
    return { differing: files.filter((file) => read(a, file) !== read(b, file)), total: files.length };
}

/** Plans every stack with the code of `ref` and with the working tree, and says whether the outputs differ. */
function compareWith(ref: string, context: ScriptContext): number {
    const root = context.root;
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "same-plan-"));
    const [base, outBase, outNew] = ["base", "out-base", "out-new"].map((d) => path.join(work, d));
    let keep = false;
    try {
        execFileSync("git", ["worktree", "add", "--detach", base, ref], { cwd: root, stdio: "ignore" });
        fs.symlinkSync(path.join(root, "node_modules"), path.join(base, "node_modules"));
        // The same Helm on both sides: the plans render the charts they have with it.
        if (fs.existsSync(path.join(root, ".tools"))) {
            fs.symlinkSync(path.join(root, ".tools"), path.join(base, ".tools"));
        }
        planAll(base, outBase);
        planAll(root, outNew);
        const { differing, total } = differingFiles(outBase, outNew);
        for (const file of differing.filter((f) => f.endsWith("plan.json"))) {
            context.stderr(`${file}: ${planFieldsDiffering(path.join(outBase, file), path.join(outNew, file)).join(", ")}\n`);
        }
        if (differing.length > 0) {
            keep = true;
            const list = differing.map((f) => `  ${f}`).join("\n");
            context.stderr(
                `The plans differ from ${ref}'s in ${differing.length} of ${total} files:\n${list}\n(outputs kept in ${work})\n`,
            );
            return 1;
        }
        context.stdout(`Identical: ${total} files planned by ${ref} and by the working tree.\n`);
        return 0;
    } catch (error) {
        // The plan's own messages went to stderr already; no stack trace of the child process.
        context.stderr(`same-plan stopped: ${(error as Error).message.split("\n")[0]}\n`);
        return 1;
    } finally {
        if (fs.existsSync(base)) {
            execFileSync("git", ["worktree", "remove", "--force", base], { cwd: root, stdio: "ignore" });
        }
        if (!keep) {
            fs.rmSync(work, { recursive: true, force: true });
        }
    }
}

/** Runs the script with `argv` (the arguments after its name); returns its exit code. */
export function runSamePlanCli(argv: readonly string[], context: ScriptContext): number {
    const ref = refToCompare(argv, context);
    return typeof ref === "number" ? ref : compareWith(ref, context);
}

if (require.main === module) {
    runScript(runSamePlanCli);
}
