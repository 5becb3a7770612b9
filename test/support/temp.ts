import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

let root: string | undefined;

/**
 * A fresh folder for a test: under one folder of this test process, which the root hook removes once
 * the test file is done (test/support/hooks.ts), so a run leaves nothing behind in the system's
 * temporary folder.
 */
export function tempDir(prefix: string): string {
    root ??= fs.mkdtempSync(path.join(os.tmpdir(), "helm-platform-tests-"));
    return fs.mkdtempSync(path.join(root, prefix));
}

/** Removes every folder {@link tempDir} made so far. */
export function removeTempDirs(): void {
    if (root !== undefined) {
        fs.rmSync(root, { recursive: true, force: true });
        root = undefined;
    }
}
