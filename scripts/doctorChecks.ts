/**
 * What `npm run doctor` checks: the tools the tests and the offline plan ask, and with a stack, what a
 * real `pulumi up` of it needs. Every check that fails says the command that fixes it. The machine is
 * passed in (its PATH, environment and platform), so that tests can give it stand-in tools.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as semver from "semver";
import { installedHelm } from "../plan/helm";
import { unfetchableReason } from "./tools";

/**
 * The oldest Pulumi CLI that runs this project. 3.150.0 asks the provider whether a provider change
 * replaces its resources (pulumi/pulumi#18509: moving releases to the team providers replaces nothing).
 * `Pulumi.yaml` declares no setting (the program validates them), so the project schema asks no newer one.
 */
export const PULUMI_CLI_MINIMUM = "3.150.0";

/** The machine being checked. */
export interface Machine {
    readonly root: string;
    /** PATH and the variables the tools read (PULUMI_BACKEND_URL, ARM_SUBSCRIPTION_ID). */
    readonly env: NodeJS.ProcessEnv;
    readonly platform: string;
    readonly arch: string;
    /** The running Node's version, such as `v20.19.0`. */
    readonly nodeVersion: string;
}

/** One thing checked: what was found, and when it is missing or wrong, the command that fixes it. */
export interface Check {
    readonly name: string;
    readonly ok: boolean;
    readonly found: string;
    readonly fix?: string;
}

export interface Run {
    readonly ok: boolean;
    readonly stdout: string;
    readonly stderr: string;
}

/** The executable `command` names on the machine's PATH, if any. */
export function which(machine: Machine, command: string): string | undefined {
    for (const dir of (machine.env["PATH"] ?? "").split(path.delimiter).filter(Boolean)) {
        const file = path.join(dir, command);
        try {
            fs.accessSync(file, fs.constants.X_OK);
            if (fs.statSync(file).isFile()) {
                return file;
            }
        } catch {
            // not in this folder
        }
    }
    return undefined;
}

/** Runs a tool of the machine to the end; never throws. */
export function run(machine: Machine, file: string, args: readonly string[]): Run {
    try {
        const stdout = execFileSync(file, [...args], {
            env: machine.env,
            encoding: "utf8",
            stdio: ["ignore", "pipe", "pipe"],
            timeout: 60_000,
        });
        return { ok: true, stdout, stderr: "" };
    } catch (e) {
        const error = e as { stdout?: string; stderr?: string; message: string };
        return { ok: false, stdout: error.stdout ?? "", stderr: error.stderr || error.message };
    }
}

export const firstLine = (text: string) => text.trim().split("\n")[0] ?? "";
export const macOS = (machine: Machine) => machine.platform === "darwin";

/** Node, Helm, and Prometheus's and the registry's own tools: what `npm test` and `npm run plan` ask. */
export function toolChecks(machine: Machine): Check[] {
    const pkg = JSON.parse(fs.readFileSync(path.join(machine.root, "package.json"), "utf8")) as { engines: { node: string } };
    const wanted = pkg.engines.node;
    const nodeOk = semver.satisfies(machine.nodeVersion, wanted);
    const minimum = semver.minVersion(wanted)?.version ?? wanted;
    return [
        {
            name: "node",
            ok: nodeOk,
            found: `${machine.nodeVersion} (package.json asks ${wanted})`,
            ...(nodeOk
                ? {}
                : { fix: `install Node ${minimum} or newer: nvm install ${semver.major(minimum)} (or https://nodejs.org/en/download)` }),
        },
        helmCheck(machine),
        ...(["promtool", "prometheus"] as const).map((tool) => testTool(machine, tool, "prometheus", "prometheus")),
        testTool(machine, "amtool", "prometheus-alertmanager", "alertmanager"),
        testTool(machine, "docker-registry", "docker-registry"),
    ];
}

function helmCheck(machine: Machine): Check {
    const helm = installedHelm(machine.root, machine.env);
    const unfetchable = unfetchableReason(machine.platform, machine.arch);
    if (helm && (helm === "helm" || !unfetchable)) {
        const version = run(machine, helm === "helm" ? (which(machine, "helm") as string) : helm, ["version", "--short"]);
        return { name: "helm", ok: version.ok, found: version.ok ? `${firstLine(version.stdout)} (${helm})` : firstLine(version.stderr) };
    }
    return {
        name: "helm",
        ok: false,
        found: "not on the PATH, nor in .tools/",
        fix: unfetchable ? (unfetchable.split("\n")[1] as string) : "npm run tools",
    };
}

/**
 * A tool the tests run for real. `debian` is its Debian package; `brew` its Homebrew formula, where
 * Homebrew has one (it has none for the CNCF distribution registry: its `distribution` is another program).
 */
function testTool(machine: Machine, tool: string, debian: string, brew?: string): Check {
    const file = which(machine, tool);
    if (file) {
        return { name: tool, ok: true, found: file };
    }
    const fix = macOS(machine)
        ? brew
            ? `brew install ${brew}`
            : "no Homebrew formula: put the registry binary of a release from https://github.com/distribution/distribution/releases on the PATH as docker-registry"
        : `sudo apt-get install ${debian}   (scripts/setup.sh installs every tool the tests need)`;
    return { name: tool, ok: false, found: "not on the PATH", fix };
}
