import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { tempDir } from "./temp";

/** Running a workflow's step scripts as the runner would, with stand-in executables. */
export type Step = Record<string, any>;
export const stepOf = (steps: Step[], match: (s: Step) => boolean) => steps.find(match) as Step;
export const scratch = () => tempDir("workflow-");

/** Runs a step's script as the runner would (bash -e), in `cwd`, with stand-ins first on the PATH. */
export function runStep(step: Step, cwd: string, env: Record<string, string>, bin?: string): string {
    return execFileSync("bash", ["-e", "-c", step.run], {
        cwd,
        encoding: "utf8",
        env: { ...process.env, ...(bin ? { PATH: `${bin}:${process.env["PATH"]}` } : {}), ...env },
        stdio: ["ignore", "pipe", "pipe"],
    });
}

/** An executable stand-in that appends its arguments, one a line, after a `--` line, to `log`, then runs `then`. */
export function standIn(bin: string, name: string, log: string, then = "exit 0"): void {
    fs.mkdirSync(bin, { recursive: true });
    fs.writeFileSync(path.join(bin, name), `#!/bin/bash\n{ echo "-- ${name}"; printf '%s\\n' "$@"; } >> ${log}\n${then}\n`, {
        mode: 0o755,
    });
}

/** The calls a stand-in log holds, each as its argument list. */
export const callsIn = (log: string): string[][] =>
    fs.existsSync(log)
        ? fs
              .readFileSync(log, "utf8")
              .split(/^-- /m)
              .filter(Boolean)
              .map((c) => c.trim().split("\n"))
        : [];
