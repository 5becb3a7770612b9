import * as fs from "node:fs";
import * as path from "node:path";
import { tempDir } from "./temp";

/**
 * A folder of symlinks to every entry of `/usr/bin` but `hidden`: a PATH on which those commands are
 * missing and everything else, node included, is where it was (promtool, amtool and prometheus share
 * `/usr/bin` with node, so leaving a folder off the PATH cannot hide them alone).
 */
export function pathWithout(hidden: readonly string[]): string {
    const dir = tempDir("path-without-");
    for (const entry of fs.readdirSync("/usr/bin")) {
        if (!hidden.includes(entry)) {
            fs.symlinkSync(path.join("/usr/bin", entry), path.join(dir, entry));
        }
    }
    return dir;
}

/** A folder of stand-in executables, `name` → shell script body (run by /bin/sh with the arguments). */
export function standIns(tools: Readonly<Record<string, string>>): string {
    const dir = tempDir("stand-ins-");
    for (const [name, body] of Object.entries(tools)) {
        fs.writeFileSync(path.join(dir, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
    }
    return dir;
}
