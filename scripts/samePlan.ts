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

const root = path.resolve(__dirname, "..");
const ref = process.argv[2] ?? "HEAD";
const work = fs.mkdtempSync(path.join(os.tmpdir(), "same-plan-"));
const base = path.join(work, "base");

/** Every file under `dir`, relative to it. */
function filesOf(dir: string): string[] {
    return fs
        .readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
        .sort();
}

/** Which fields of which resource types differ between two plan.json files (`<type>.<field>`, or a top-level key). */
function planFieldsDiffering(before: string, after: string): string[] {
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
    execFileSync(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/plan.ts", "--all", "--out", out], {
        cwd: checkout,
        stdio: ["ignore", "ignore", "inherit"],
    });
}

try {
    execFileSync("git", ["worktree", "add", "--detach", base, ref], { cwd: root, stdio: "ignore" });
    fs.symlinkSync(path.join(root, "node_modules"), path.join(base, "node_modules"));
    // The same Helm on both sides: the plans render the charts they have with it.
    if (fs.existsSync(path.join(root, ".tools"))) {
        fs.symlinkSync(path.join(root, ".tools"), path.join(base, ".tools"));
    }
    planAll(base, path.join(work, "out-base"));
    planAll(root, path.join(work, "out-new"));
    const before = filesOf(path.join(work, "out-base"));
    const after = filesOf(path.join(work, "out-new"));
    const differing = [...new Set([...before, ...after])].filter((file) => {
        const read = (side: string) => {
            const full = path.join(work, side, file);
            return fs.existsSync(full) ? fs.readFileSync(full, "utf8") : undefined;
        };
        return read("out-base") !== read("out-new");
    });
    for (const file of differing.filter((f) => f.endsWith("plan.json"))) {
        process.stderr.write(
            `${file}: ${planFieldsDiffering(path.join(work, "out-base", file), path.join(work, "out-new", file)).join(", ")}\n`,
        );
    }
    if (differing.length > 0) {
        process.stderr.write(
            `The plans differ from ${ref}'s in ${differing.length} of ${after.length} files:\n${differing.map((f) => `  ${f}`).join("\n")}\n(outputs kept in ${work})\n`,
        );
        process.exitCode = 1;
    } else {
        process.stdout.write(`Identical: ${after.length} files planned by ${ref} and by the working tree.\n`);
    }
} finally {
    execFileSync("git", ["worktree", "remove", "--force", base], { cwd: root, stdio: "ignore" });
    if (process.exitCode !== 1) {
        fs.rmSync(work, { recursive: true, force: true });
    }
}
