import * as fs from "node:fs";
import * as path from "node:path";
import type { Machine } from "../../scripts/doctorChecks";
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

/** The subscription the stand-in `az` of {@link deploymentTools} is logged in to. */
export const STAND_IN_SUBSCRIPTION = "5b1d0c8e-3f2a-4e6b-9c7d-1a2b3c4d5e6f";
const ACCOUNT = JSON.stringify({ id: STAND_IN_SUBSCRIPTION, name: "platform-dev", user: { name: "ops@contoso.example" } });

/**
 * A folder of stand-ins for the deployment tools (pulumi, az, kubelogin), each answering as the real one
 * would on a machine ready to deploy dev; `overrides` replaces a tool's script, `null` leaves it out.
 */
export function deploymentTools(overrides: Readonly<Record<string, string | null>> = {}): string {
    return standIns(
        Object.fromEntries(
            Object.entries({
                pulumi: `case "$1" in
  version) echo v3.248.0 ;;
  whoami) echo '{"user": "ops", "url": "azblob://state?storage_account=sthelmplatform"}' ;;
esac`,
                az: azWith(`echo "https://kv-helm-platform-dev.vault.azure.net/keys/pulumi-dev/0a1b2c3d"`),
                kubelogin: "echo v0.2.19",
                ...overrides,
            }).filter((entry): entry is [string, string] => entry[1] !== null),
        ),
    );
}

/** A stand-in `az` logged in to {@link STAND_IN_SUBSCRIPTION} that runs `keyShow` for `az keyvault key show`. */
export function azWith(keyShow: string): string {
    return `case "$1 $2" in\n  "account show") echo '${ACCOUNT}' ;;\n  "keyvault key") ${keyShow} ;;\nesac`;
}

/** This repository. */
const ROOT = path.resolve(__dirname, "../..");

/** A Linux machine on this repository whose PATH is `binDirs` and then /usr/bin (node, the test tools). */
export function machineWith(binDirs: readonly string[], more: Partial<Machine> = {}): Machine {
    return {
        root: ROOT,
        env: { PATH: [...binDirs, "/usr/bin"].join(path.delimiter) },
        platform: "linux",
        arch: "x64",
        nodeVersion: "v20.19.0",
        ...more,
    };
}
