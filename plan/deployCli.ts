import { Command, InvalidArgumentError, Option } from "commander";
import type { SourceTree } from "../core/base/sourceTree";
import { knownEnvironments } from "../core/load/loadConfiguration";
import { stackOfTeamIn, teamsRunningIn } from "../core/load/stacks";
import { parseOptions } from "./cliOptions";
import { deployOrderOf } from "./stacksCli";

/** `preview` shows what would change; `up` changes it. */
export type DeployMode = "preview" | "up";

/** What one stack's preview or update changed, by operation (`create`, `update`, `same`, ...), as Pulumi counts them. */
export type ResourceChanges = Readonly<Record<string, number>>;

/**
 * Previews or updates one stack, sending the Pulumi CLI's output as it comes; rejects when the stack
 * fails. The real one drives the CLI through the Automation API (plan/automation.ts).
 */
export type StackRunner = (stack: string, mode: DeployMode, onOutput: (text: string) => void) => Promise<ResourceChanges>;

/** Where `npm run deploy` reads and writes. */
export interface DeployContext {
    readonly tree: SourceTree;
    readonly stdout: (text: string) => void;
    readonly stderr: (text: string) => void;
    /** Made once the arguments are valid: `--help` and bad arguments start no Pulumi CLI. */
    readonly runner: () => StackRunner;
}

/** The stacks to deploy: `first` alone (the foundation or single stack), then `shards`, side by side. */
export interface DeploySteps {
    readonly first?: string;
    readonly shards: readonly string[];
}

/** How one stack went. `skipped`: not tried, since the stack it reads (its foundation) failed. */
export interface StackResult {
    readonly stack: string;
    readonly status: "succeeded" | "failed" | "skipped";
    readonly changes?: ResourceChanges;
    /** Why it failed or was skipped: the last line the CLI printed about it. */
    readonly reason?: string;
}

interface Options {
    readonly stack: string;
    readonly team?: string;
    readonly yes: boolean;
    readonly parallel: number;
}

/** Shards updated at once by default: each is a Pulumi engine with its own providers and Helm. */
export const DEFAULT_PARALLEL = 4;

function command(context: DeployContext): Command {
    return new Command("deploy")
        .description(
            "Deploys an environment's stacks from this checkout with the Pulumi CLI (Automation API): the environment's own stack first " +
                "(single, or the foundation), then its shards, at most --parallel at once. A failed shard fails alone; a failed foundation " +
                "leaves its shards untouched. Previews only, unless --yes.",
        )
        .addOption(
            new Option("-s, --stack <env>", "the environment to deploy").choices(knownEnvironments(context.tree)).makeOptionMandatory(),
        )
        .option(
            "--team <team>",
            "only the stack that holds the team (its shard where the environment is sharded; the foundation is not deployed)",
        )
        .option("-y, --yes", "update the stacks (pulumi up); without it, only preview them", false)
        .addOption(
            new Option("-p, --parallel <n>", "shards deployed at once").default(DEFAULT_PARALLEL).argParser((value: string) => {
                const n = Number(value);
                if (!Number.isInteger(n) || n < 1) {
                    throw new InvalidArgumentError("a whole number of stacks, at least 1");
                }
                return n;
            }),
        )
        .addHelpText(
            "after",
            "\nNeeds the pulumi CLI on the PATH, logged in to the environment's state backend (pulumi login), and what pulumi up needs " +
                "(az login, Helm logged in to the registry: scripts/registry-login.sh <stack>).\n" +
                "Exit codes: 0 every stack succeeded; 1 a stack failed (each failed one is named); 2 bad arguments.",
        )
        .exitOverride()
        .configureOutput({ writeOut: context.stdout, writeErr: context.stderr });
}

/**
 * The stacks that deploy `environment` (or only `team` in it), in order; a string says why there are none.
 * A team's shard is deployed alone: it reads the foundation, which stays as it is.
 */
export function deploySteps(tree: SourceTree, environment: string, team?: string): DeploySteps | string {
    const order = deployOrderOf({ tree }, environment);
    if (team === undefined) {
        return { first: order.first, shards: order.shards.map((s) => s.stack) };
    }
    if (order.layout === "sharded") {
        const held = order.shards.find((s) => s.teams.includes(team));
        const teams = order.shards.flatMap((s) => s.teams).sort();
        return held ? { shards: [held.stack] } : `no shard of ${environment} holds team "${team}" (teams: ${teams.join(", ")})`;
    }
    const teams = teamsRunningIn(tree, environment);
    return teams.includes(team)
        ? { first: stackOfTeamIn(tree, environment, team), shards: [] }
        : `no team "${team}" runs in ${environment} (teams: ${teams.join(", ")})`;
}

/** Calls `write` with each whole line of a stream's chunks, prefixed; `flush` sends what is left. */
function prefixedLines(prefix: string, write: (text: string) => void): { push(text: string): void; flush(): void } {
    let pending = "";
    return {
        push(text) {
            pending += text;
            const lines = pending.split("\n");
            pending = lines.pop() ?? "";
            for (const line of lines) {
                write(`${prefix}${line}\n`);
            }
        },
        flush() {
            if (pending !== "") {
                write(`${prefix}${pending}\n`);
                pending = "";
            }
        },
    };
}

/**
 * What an error says in one line: the CLI's `error:` line if it printed one, else its last line. The
 * Automation API's errors hold the command's whole result (`code:`, ` stdout:`, ` stderr:` sections).
 */
function reasonOf(error: unknown): string {
    const text = error instanceof Error ? error.message : String(error);
    const lines = text
        .split("\n")
        .map((l) => l.trim().replace(/^(code|stdout|stderr|err\?):\s*/, ""))
        .filter((l) => l !== "" && !/^-?\d+$/.test(l));
    return lines.find((l) => /^error:/i.test(l)) ?? lines.pop() ?? "failed";
}

/** Runs one stack, its output prefixed with its name; never rejects. */
async function runOne(stack: string, mode: DeployMode, runner: StackRunner, write: (text: string) => void): Promise<StackResult> {
    const out = prefixedLines(`[${stack}] `, write);
    try {
        const changes = await runner(stack, mode, (text) => out.push(text));
        out.flush();
        return { stack, status: "succeeded", changes };
    } catch (error) {
        out.flush();
        const reason = reasonOf(error);
        write(`[${stack}] failed: ${reason}\n`);
        return { stack, status: "failed", reason };
    }
}

/**
 * Deploys the steps in order: `first` alone; then, if it succeeded, the shards, at most `parallel` at
 * once, a failed shard failing only itself. The results come in the order of the steps.
 */
export async function deploy(
    steps: DeploySteps,
    mode: DeployMode,
    parallel: number,
    runner: StackRunner,
    write: (text: string) => void,
): Promise<StackResult[]> {
    const results: StackResult[] = [];
    if (steps.first !== undefined) {
        const first = await runOne(steps.first, mode, runner, write);
        results.push(first);
        if (first.status === "failed") {
            const reason = `not deployed: ${steps.first} failed`;
            return [...results, ...steps.shards.map((stack) => ({ stack, status: "skipped" as const, reason }))];
        }
    }
    const shards: StackResult[] = new Array(steps.shards.length);
    let next = 0;
    const lane = async () => {
        while (next < steps.shards.length) {
            const i = next++;
            shards[i] = await runOne(steps.shards[i] as string, mode, runner, write);
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, steps.shards.length)) }, lane));
    return [...results, ...shards];
}

/** `create 2, update 1, same 40`: the changes in Pulumi's order of operations, then any other, without zeros. */
export function formatChanges(changes: ResourceChanges | undefined): string {
    if (!changes) {
        return "";
    }
    const order = ["create", "update", "replace", "delete", "same"];
    const keys = Object.keys(changes).sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99) || a.localeCompare(b));
    return keys
        .filter((k) => (changes[k] ?? 0) > 0)
        .map((k) => `${k} ${changes[k]}`)
        .join(", ");
}

/** The final table: each stack, how it went, and what it changed (or would change, previewed). */
export function resultTable(results: readonly StackResult[], mode: DeployMode): string {
    const done = mode === "up" ? "succeeded" : "previewed";
    const rows = results.map((r) => [
        r.stack,
        r.status === "succeeded" ? done : r.status,
        r.status === "succeeded" ? formatChanges(r.changes) || "no changes" : (r.reason ?? ""),
    ]);
    const header = ["stack", "result", mode === "up" ? "resource changes" : "resource changes (preview)"];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
    const line = (cells: readonly string[]) => `${cells.map((c, i) => c.padEnd(widths[i] as number)).join("  ")}`.trimEnd();
    return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/** What is about to happen, in one line. */
function announce(steps: DeploySteps, mode: DeployMode, parallel: number): string {
    const verb = mode === "up" ? "Deploying" : "Previewing";
    if (steps.first === undefined) {
        return `${verb} ${steps.shards.join(", ")}`;
    }
    const then = steps.shards.length > 0 ? `, then its shards, at most ${parallel} at once: ${steps.shards.join(", ")}` : "";
    return `${verb} ${steps.first}${then}`;
}

/** Runs `npm run deploy` with `argv` and returns its exit code. */
export async function runDeployCli(argv: readonly string[], context: DeployContext): Promise<number> {
    const options = parseOptions<Options>(command(context), argv);
    if (typeof options === "number") {
        return options;
    }
    const steps = deploySteps(context.tree, options.stack, options.team);
    if (typeof steps === "string") {
        context.stderr(`${steps}\n`);
        return 2;
    }
    const mode: DeployMode = options.yes ? "up" : "preview";
    context.stdout(`${announce(steps, mode, options.parallel)}\n`);
    const results = await deploy(steps, mode, options.parallel, context.runner(), context.stdout);
    context.stdout(`\n${resultTable(results, mode)}\n`);
    const failed = results.filter((r) => r.status !== "succeeded");
    if (failed.length > 0) {
        const what = mode === "up" ? "deployed" : "previewed";
        context.stderr(`not ${what}: ${failed.map((r) => `${r.stack} (${r.status})`).join(", ")}\n`);
        return 1;
    }
    if (mode === "preview") {
        context.stdout("Preview only: run again with --yes to deploy.\n");
    }
    return 0;
}
