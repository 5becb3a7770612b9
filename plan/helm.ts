import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * The Helm the plan renders charts with, if this machine has one: on the PATH, or the one
 * `npm run tools` installed into `.tools/`. The plan never downloads anything. `env` is the environment
 * whose PATH is searched.
 */
export function installedHelm(root: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
    try {
        execFileSync("helm", ["version", "--short"], { stdio: "ignore", env });
        return "helm";
    } catch {
        const packaged = path.join(root, ".tools", "helm");
        return fs.existsSync(packaged) ? packaged : undefined;
    }
}
