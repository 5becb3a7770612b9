/**
 * `npm run lock [-- --stack <env>]`: resolves every chart version each environment installs (team
 * charts and the platform's mirrored ones) to the digest its registry serves, and writes
 * `charts.lock.yaml`. `--check` writes nothing: it compares what the registry serves now with the lock
 * and fails on any difference, naming the chart and both digests, and where the stack verifies charts,
 * on a team chart whose signature does not verify against its keyring (the deploy workflow runs it
 * before `pulumi up`).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { chartKey, chartReference, PLATFORM_CHART_OWNER } from "../core/base/chartPaths";
import { LAYOUT } from "../core/base/layout";
import { knownEnvironments } from "../core/load/loadConfiguration";
import { allStacks } from "../core/load/stacks";
import { parseStackName } from "../core/model/stack";
import type { StackModel } from "../core/model/stackModel";
import {
    type ChartLock,
    type EnvironmentLock,
    formatChartLock,
    type LockSubject,
    lockCommand,
    lockedDigest,
    lockSubjectsOf,
    readChartLock,
    sectionOf,
    withEnvironment,
} from "../core/releases/lock";
import { type RegistryClient, remoteDigest } from "./oci";
import {
    bootstrapping,
    Command,
    clientFor,
    endpointOption,
    loadEnvironment,
    Option,
    parse,
    type SupplyChainContext,
} from "./supplyChainCli";

interface Options {
    readonly stack?: string[];
    readonly check: boolean;
    readonly registryEndpoint?: string;
}

function command(context: SupplyChainContext): Command {
    return new Command("lock")
        .description(
            `Resolves every chart version each stack installs to the digest its registry serves and writes ${LAYOUT.chartLockFile}; --check compares instead.`,
        )
        .addOption(
            new Option(
                "-s, --stack <stack...>",
                "only these environments (default: every one); a shard's stack name stands for its environment, whose lock it is",
            ).choices(
                [...knownEnvironments(context.tree), ...allStacks(context.tree).map((s) => s.name)].filter(
                    (n, i, all) => all.indexOf(n) === i,
                ),
            ),
        )
        .option("--check", `write nothing: fail when the registry serves another digest than ${LAYOUT.chartLockFile} holds`, false)
        .addOption(endpointOption())
        .addHelpText(
            "after",
            "\nHelm reaches the registry with its own login (scripts/registry-login.sh <stack>). Exit codes: 0 written, or with --check\nevery digest matches; 1 a chart the registry lacks, a digest that differs, a chart not in the lock, a stack that does not load;\n2 bad arguments.",
        );
}

/** Runs `npm run lock` with `argv` and returns its exit code. */
export async function runLockCli(argv: readonly string[], context: SupplyChainContext): Promise<number> {
    const options = parse<Options>(command(context), argv, context);
    if (typeof options === "number") {
        return options;
    }
    const stacks = [...new Set((options.stack ?? knownEnvironments(context.tree)).map((s) => parseStackName(s).environment))];
    const problems: string[] = [];
    const current = readChartLock(context.tree, [])?.lock;
    let lock: ChartLock | undefined = current;
    for (const stack of stacks) {
        const loaded = loadEnvironment(context, stack);
        // Checking a bootstrapping environment checks nothing (its first up installs no chart); writing would drop its section.
        const refused = typeof loaded === "string" || options.check ? undefined : bootstrapping(loaded, "npm run lock");
        const model = refused ?? loaded;
        const client = typeof model === "string" ? model : clientFor(context, model, options.registryEndpoint);
        if (typeof model === "string" || typeof client === "string") {
            problems.push(typeof model === "string" ? model : `${stack}: ${client}`);
            continue;
        }
        const subjects = lockSubjectsOf(model);
        context.stderr(`${stack}: ${subjects.length} chart version(s) in ${model.environment.registry.loginServer}\n`);
        const result = options.check ? check(client, model, subjects, current, context) : resolve(client, model, subjects, context);
        if ("problems" in result) {
            problems.push(...result.problems);
        } else {
            lock = withEnvironment(lock, stack, result.section);
        }
    }
    if (problems.length > 0) {
        context.stderr(`${problems.map((p) => `✗ ${p}`).join("\n")}\n`);
        context.stderr(
            options.check ? "Nothing may be deployed until the registry serves what the lock says.\n" : "Nothing was written.\n",
        );
        return 1;
    }
    if (!options.check && lock) {
        const order = ["dev", "uat", "prod"].filter((e) => e in lock.environments);
        fs.writeFileSync(path.join(context.root, LAYOUT.chartLockFile), formatChartLock(lock, order));
        context.stdout(`Wrote ${LAYOUT.chartLockFile} (${stacks.join(", ")}): review a changed digest like changed code.\n`);
    } else {
        context.stdout(`Every locked digest matches the registry (${stacks.join(", ")}).\n`);
    }
    return 0;
}

type Outcome = { readonly section: EnvironmentLock } | { readonly problems: string[] };

/** The digest of every subject, or the subjects the registry cannot give one for. */
function resolve(client: RegistryClient, model: StackModel, subjects: readonly LockSubject[], context: SupplyChainContext): Outcome {
    const stack = model.environment.name;
    const entries: (LockSubject & { digest: string })[] = [];
    const problems: string[] = [];
    for (const s of subjects) {
        const found = remoteDigest(client, s, s.version);
        if ("digest" in found) {
            context.stderr(`  ${chartKey(s)} ${s.version}: ${found.digest}\n`);
            entries.push({ ...s, digest: found.digest });
        } else {
            problems.push(
                "missing" in found
                    ? `${stack}: ${chartKey(s)} ${s.version} is not in ${chartReference(client.endpoint, s)}: publish it first (npm run publish-charts -- --stack ${stack})`
                    : `${stack}: ${chartKey(s)} ${s.version}: ${found.error}`,
            );
        }
    }
    return problems.length > 0 ? { problems } : { section: sectionOf(model.environment.registry.loginServer, entries) };
}

/**
 * Every subject's current digest against the lock's. A subject without a digest fails where the
 * profile requires the lock; elsewhere it installs by version and is only named.
 */
function check(
    client: RegistryClient,
    model: StackModel,
    subjects: readonly LockSubject[],
    lock: ChartLock | undefined,
    context: SupplyChainContext,
): Outcome {
    const stack = model.environment.name;
    const problems: string[] = [];
    for (const s of subjects) {
        const locked = lockedDigest(lock, stack, s);
        const name = `${stack}: ${chartKey(s)} ${s.version}`;
        if (locked === undefined) {
            if (model.environment.charts.lock === "required") {
                problems.push(`${name} has no digest in ${LAYOUT.chartLockFile}: ${lockCommand(stack)}`);
            } else {
                context.stderr(`  ${chartKey(s)} ${s.version}: not locked, installs by version\n`);
            }
            continue;
        }
        // Team charts are signed: where releases verify them, so does the check (the platform's mirror is not ours to sign).
        const keyring =
            model.environment.charts.keyring && s.owner !== PLATFORM_CHART_OWNER
                ? path.resolve(context.root, model.environment.charts.keyring)
                : undefined;
        const found = remoteDigest(client, s, s.version, keyring);
        if ("missing" in found) {
            problems.push(`${name} is locked at ${locked}, and the registry does not have it (${chartReference(client.endpoint, s)})`);
        } else if ("error" in found) {
            problems.push(`${name}: ${found.error}`);
        } else if (found.digest !== locked) {
            problems.push(`${name}: the registry serves ${found.digest}, ${LAYOUT.chartLockFile} has ${locked}`);
        } else if (found.unverified) {
            problems.push(`${name}: its signature does not verify against ${model.environment.charts.keyring}: ${found.unverified}`);
        } else {
            context.stderr(`  ${chartKey(s)} ${s.version}: ${locked} ✓\n`);
        }
    }
    return problems.length > 0 ? { problems } : { section: { registry: "", charts: {} } };
}
