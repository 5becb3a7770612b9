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
 * The first step of every job that runs in one of this repository's GitHub environments: it fails
 * unless the run is on main (in a called workflow, `GITHUB_REF` is the caller's ref).
 */
export const MAIN_ONLY = '[ "$GITHUB_REF" = refs/heads/main ] || { echo "::error::runs on main only, not on $GITHUB_REF"; exit 1; }';

/** The workflows of this repository that call `file` (`uses: ./.github/workflows/<file>`). */
export function callersOf(file: string): { file: string; job: Job }[] {
    return WORKFLOWS.flatMap((caller) =>
        Object.values((workflow(caller).jobs ?? {}) as Record<string, Job>)
            .filter((job) => job.uses === `./.github/workflows/${file}`)
            .map((job) => ({ file: caller, job })),
    );
}

/**
 * Whether a workflow's environments are another repository's: it only runs when called
 * (`workflow_call`) and nothing here calls it, so its jobs run in the calling repository.
 */
export function runsForOtherRepositories(file: string, doc: Record<string, any>): boolean {
    const triggers = typeof doc.on === "string" ? [doc.on] : Object.keys(doc.on ?? {});
    return triggers.length === 1 && triggers[0] === "workflow_call" && callersOf(file).length === 0;
}

/** A job's `environment:` name as written (a string, or the `name` of an object). */
export const environmentOf = (job: Job): string | undefined =>
    typeof job.environment === "string" ? job.environment : (job.environment?.name as string | undefined);

/**
 * Every way a workflow breaks the trust rules: permissions beyond `contents: read` at the top or on a
 * job that does not need them, an action not pinned to a commit SHA with its tag, `secrets: inherit`,
 * an expression expanded inside a script (values reach scripts through `env:` only), unpinned Node,
 * Helm, kubelogin or Pulumi CLI, a job in one of this repository's GitHub environments whose first
 * step is not {@link MAIN_ONLY}.
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
        if (environmentOf(job) && !runsForOtherRepositories(file, doc) && String(stepsOf(job)[0]?.run ?? "").trim() !== MAIN_ONLY) {
            found.push(`${file} ${name}: runs in environment ${environmentOf(job)} without refusing every ref but main first`);
        }
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

/**
 * The values `text` can take in a job of `file`: each `${{ matrix.<x> }}` over the job's matrix, each
 * `${{ inputs.<x> }}` over a dispatch input's choices or what every caller here passes. Undefined when
 * an expression can take values this repository does not decide.
 */
export function valuesOf(text: string, file: string, job: Job): string[] | undefined {
    const match = /\$\{\{\s*([^}]*?)\s*\}\}/.exec(text);
    if (!match) {
        return [text];
    }
    const [, kind, key] = /^(matrix|inputs)\.([\w-]+)$/.exec(match[1] as string) ?? [];
    const on = workflow(file).on ?? {};
    let options: string[] | undefined;
    if (kind === "matrix" && Array.isArray(job.strategy?.matrix?.[key as string])) {
        options = (job.strategy.matrix[key as string] as unknown[]).map(String);
    } else if (kind === "inputs" && on.workflow_dispatch?.inputs?.[key as string]?.type === "choice") {
        options = (on.workflow_dispatch.inputs[key as string].options as unknown[]).map(String);
    } else if (kind === "inputs" && on.workflow_call?.inputs?.[key as string] && callersOf(file).length > 0) {
        const passed = callersOf(file).map((c) => {
            const value = c.job.with?.[key as string];
            return typeof value === "string" ? valuesOf(value, c.file, c.job) : undefined;
        });
        options = passed.every((p) => p !== undefined) ? [...new Set(passed.flat() as string[])] : undefined;
    }
    if (!options) {
        return undefined;
    }
    const rest = options.map((o) => valuesOf(text.replace(match[0], o), file, job));
    return rest.every((r) => r !== undefined) ? [...new Set(rest.flat() as string[])] : undefined;
}

/**
 * Every GitHub environment of this repository that a workflow's job runs in, and the jobs whose
 * environment cannot be told from the repository (which the guards could then not declare).
 */
export function workflowEnvironments(): { environments: string[]; unresolved: string[] } {
    const environments = new Set<string>();
    const unresolved: string[] = [];
    for (const file of WORKFLOWS.filter((f) => !runsForOtherRepositories(f, workflow(f)))) {
        for (const [name, job] of Object.entries((workflow(file).jobs ?? {}) as Record<string, Job>)) {
            const environment = environmentOf(job);
            if (environment === undefined) {
                continue;
            }
            const values = valuesOf(environment, file, job);
            if (values) {
                for (const v of values) environments.add(v);
            } else {
                unresolved.push(`${file} ${name}: environment ${environment}`);
            }
        }
    }
    return { environments: [...environments].sort(), unresolved };
}
