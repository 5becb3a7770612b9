import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { ROOT } from "../helpers";

/** The repository's workflows: their folder, their files, and each one parsed. */
export const DIR = path.join(ROOT, ".github", "workflows");
export const WORKFLOWS = fs
    .readdirSync(DIR)
    .filter((f) => f.endsWith(".yml"))
    .sort();

export const workflow = (file: string) => parse(fs.readFileSync(path.join(DIR, file), "utf8")) as Record<string, any>;

export type Job = Record<string, any>;
export const stepsOf = (job: Job): Record<string, any>[] => job.steps ?? [];

/** Whether a job runs in a GitHub environment, itself or through the reusable workflow it calls. */
export function inEnvironment(job: Job): boolean {
    if (job.environment) {
        return true;
    }
    const called = typeof job.uses === "string" && job.uses.startsWith("./.github/workflows/") ? path.basename(job.uses) : undefined;
    return called !== undefined && Object.values(workflow(called).jobs as Record<string, Job>).every((j) => Boolean(j.environment));
}

/**
 * Every way a workflow breaks the trust rules: permissions beyond `contents: read` at the top or on a
 * job that does not need them, an action not pinned to a commit SHA with its tag, `secrets: inherit`,
 * an expression expanded inside a script (values reach scripts through `env:` only), unpinned Node,
 * Helm, kubelogin or Pulumi CLI.
 */
export function trustViolations(file: string, text: string): string[] {
    const doc = parse(text) as Record<string, any>;
    const found: string[] = [];
    if (JSON.stringify(doc.permissions) !== JSON.stringify({ contents: "read" })) {
        found.push(`${file}: top-level permissions are ${JSON.stringify(doc.permissions)}, not {contents: read}`);
    }
    for (const line of text.split("\n").filter((l) => /^\s*(- )?uses:/.test(l) && !l.includes("./.github/"))) {
        if (!/uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*\s*$/.test(line)) {
            found.push(`${file}: not pinned to a commit SHA with its tag: ${line.trim()}`);
        }
    }
    if (/secrets:\s*inherit/.test(text)) {
        found.push(`${file}: secrets: inherit`);
    }
    for (const [name, job] of Object.entries((doc.jobs ?? {}) as Record<string, Job>)) {
        const permissions = (job.permissions ?? {}) as Record<string, string>;
        if (permissions["id-token"] === "write" && !inEnvironment(job)) {
            found.push(`${file} ${name}: can obtain cloud credentials outside a GitHub environment`);
        }
        if (
            permissions["pull-requests"] === "write" &&
            stepsOf(job).some((s) => s.run !== undefined || String(s.uses ?? "").startsWith("actions/checkout"))
        ) {
            found.push(`${file} ${name}: writes to pull requests and runs repository code`);
        }
        for (const step of stepsOf(job)) {
            const uses = String(step.uses ?? "");
            const version = (key: string) => String(step.with?.[key] ?? "");
            if (typeof step.run === "string" && step.run.includes("${{")) {
                found.push(`${file} ${name}: "${step.name ?? step.run.split("\n")[0]}" expands an expression in its script`);
            }
            const pins: [string, string, RegExp][] = [
                ["actions/setup-node@", "node-version", /^(22|24)$/],
                ["azure/setup-helm@", "version", /^v\d+\.\d+\.\d+$/],
                ["azure/use-kubelogin@", "kubelogin-version", /^v\d+\.\d+\.\d+$/],
                ["pulumi/actions@", "pulumi-version", /^\d+\.\d+\.\d+$/],
            ];
            for (const [action, key, pattern] of pins) {
                if (uses.startsWith(action) && !pattern.test(version(key))) {
                    found.push(`${file} ${name}: ${action} ${key} "${version(key)}" is not pinned as required`);
                }
            }
        }
    }
    return found;
}
