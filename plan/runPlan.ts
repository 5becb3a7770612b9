import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { PROJECT, SECRET, UNKNOWN } from "../core/base/constants";
import { formatKeyPath } from "../core/base/keyPath";
import { ConfigError, formatProblems, type Problem } from "../core/base/problems";
import { CALL, TYPE } from "../core/base/resourceTypes";
import type { SourceTree } from "../core/base/sourceTree";
import { readStackConfig } from "../core/config/stackFile";
import type { Finding } from "../core/governance";
import type { LoadedStack } from "../core/load/loadStack";
import { placeholderWarning } from "../core/load/placeholders";
import type { EnvironmentSpec } from "../core/model/environment";
import type { StackModel } from "../core/model/stackModel";
import { maskPeerAddresses } from "../core/monitoring/stackValues";
import { type AccessReport, accessReport } from "../core/report/access";
import { planInventory } from "../core/report/planInventory";
import { PLAN_SCHEMA_VERSION } from "../core/report/planSchema";
import { allReleases, type Plan, type PlanRelease } from "../core/report/planTypes";
import { isMap, sortKeys, type Values } from "../core/values/merge";
import { maskSecrets, secretRefs } from "../core/values/secrets";
import { stringifyForHelm } from "../core/values/writeValues";
import type { Rendering } from "./manifests";
import { planFileText } from "./planFile";
import { PlanRecorder } from "./recorder";
import { withoutStackTraces } from "./tuning";

/**
 * The stack program (program/stack.ts) in its two halves: the plan loads once, then runs the second
 * half on the recorder instead of the engine.
 */
export interface Program {
    loadStack(tree: SourceTree, stack: string, config: Readonly<Record<string, string>>): LoadedStack;
    runStack(loaded: LoadedStack): Promise<object>;
}

export interface PlanRun {
    readonly stack: string;
    /** Present when the program ran to the end. */
    readonly plan?: Plan;
    /** Configuration problems, when the configuration is invalid (then nothing is registered). */
    readonly problems: readonly Problem[];
    readonly findings: readonly Finding[];
    /** The sample's placeholders still in the stack's files, which a real `pulumi up` refuses. */
    readonly placeholders: readonly Problem[];
    /** Why the program stopped, as it would print under `pulumi up`. */
    readonly error?: string;
    /** Resources registered besides the stack itself: 0 whenever the configuration is invalid. */
    readonly registered: number;
    /** Exit code the CLI uses: 0 valid with no error finding, 1 otherwise. */
    readonly exitCode: 0 | 1;
    /** Every grant the plan's objects make on the clusters, and who installs each team release. */
    readonly access: AccessReport;
    /** The validated environment, when the configuration loaded: its clusters, for rendering charts and reading them live. */
    readonly environment?: EnvironmentSpec;
}

/** The organization a self-managed backend names every stack with (`organization/<project>/<stack>`). */
export const DIY_ORGANIZATION = "organization";

/** An answer in which every listed field is a value only Azure knows. */
const unknownFields =
    (...fields: string[]) =>
    () =>
        Object.fromEntries(fields.map((f) => [f, pulumi.runtime.unknownValue]));

/**
 * Functions the program calls whose answers only Azure has: who is deploying, what an existing
 * cluster looks like, its credentials. The plan answers each with unknowns; any other call fails.
 */
export const CLOUD_ONLY_CALLS = {
    [CALL.clientConfig]: unknownFields("clientId", "objectId", "subscriptionId", "tenantId"),
    [CALL.managedCluster]: unknownFields("id", "fqdn", "privateFQDN", "identityProfile", "oidcIssuerProfile"),
    [CALL.managedClusterUserCredentials]: unknownFields("kubeconfigs"),
};

/** Runs the program of one stack in-process on the recorder and returns what it would deploy. */
export async function planStack(program: Program, tree: SourceTree, stack: string): Promise<PlanRun> {
    const { config, secretKeys, secretVersions } = readStackConfig(tree, stack);
    const recorder = new PlanRecorder(CLOUD_ONLY_CALLS);
    await pulumi.runtime.setMocks(recorder, PROJECT, stack, true, DIY_ORGANIZATION);
    pulumi.runtime.setAllConfig(config, secretKeys);

    let loaded: LoadedStack | undefined;
    let problems: Problem[] = [];
    let error: string | undefined;
    try {
        loaded = program.loadStack(tree, stack, config);
    } catch (e) {
        if (!(e instanceof ConfigError)) {
            throw e;
        }
        // As `pulumi up` would stop: with the report, before registering anything.
        problems = [...e.problems];
        error = formatProblems(e.problems, "nothing would be deployed");
    }
    // Problems are reported by message, never by stack: no trace for each of the SDK's promises.
    const ran = loaded ? await withoutStackTraces(() => runRecorded(program, loaded, recorder)) : { warnings: [] };
    error = error ?? ran.error;
    const rawOutputs = ran.outputs;
    const resources = recorder.resources().filter((r) => r.type !== TYPE.stack);
    const model = loaded?.model;
    const findings = loaded?.findings ?? [];
    // The program logs each warning finding for `pulumi up`; the plan reports findings itself, once.
    // So does it the sample's placeholders: once for all its stacks.
    const placeholders = loaded?.placeholders ?? [];
    const ownWarning = `warning: [runtime] ${placeholderWarning(placeholders.length, stack)}`;
    for (const line of ran.warnings.filter((l) => l !== ownWarning && !findings.some((f) => l.includes(f.message)))) {
        console.warn(line);
    }
    const failed = error !== undefined || problems.length > 0 || findings.some((f) => f.level === "error");
    const plan: Plan | undefined =
        model && error === undefined
            ? {
                  schemaVersion: PLAN_SCHEMA_VERSION,
                  stack,
                  environment: model.environment.name,
                  kind: model.stack.kind,
                  ...(model.stack.shard ? { shard: model.stack.shard } : {}),
                  teams: model.teams.map((t) => t.team).sort(),
                  references: model.stack.kind === "shard" ? [model.environment.name] : [],
                  inventory: planInventory(model),
                  resources,
                  releases: model.releases.map((r) => planRelease(r)),
                  platformReleases: platformReleasesOf(model),
                  findings,
                  promotionFrom: model.environment.promotionFrom,
                  governance: { level: model.environment.governanceLevel, waived: model.environment.governance.waivers },
                  secretVersions,
                  outputs: (await maskOutputs(rawOutputs ?? {})) as Values,
              }
            : undefined;
    // Nothing is built from a program that failed: its resources are a partial picture.
    const access = plan && model ? accessOf(model, plan) : { grants: [], installers: [], couldGrant: { checked: 0, admitted: [] } };
    return {
        stack,
        plan,
        problems,
        findings,
        placeholders,
        error,
        registered: resources.length,
        exitCode: failed ? 1 : 0,
        access,
        environment: model?.environment,
    };
}

/** Runs the program's second half on the recorder: its outputs, the error it stopped with, and what it logged as warnings. */
async function runRecorded(
    program: Program,
    loaded: LoadedStack,
    recorder: PlanRecorder,
): Promise<{ outputs?: Values; error?: string; warnings: string[] }> {
    const logged = collectRuntimeWarnings();
    let outputs: Values | undefined;
    try {
        await pulumi.runtime.runInPulumiStack(async () => {
            recorder.install();
            outputs = (await program.runStack(loaded)) as Values;
            return outputs;
        });
        await waitForRegistrations();
        return { outputs, warnings: logged.stop() };
    } catch (e) {
        return { outputs, error: e instanceof Error ? e.message : String(e), warnings: logged.stop() };
    }
}

/**
 * Holds back what the program logs with `pulumi.log.warn` (on the mocks the SDK prints it to stderr as
 * `warning: [runtime] ...`): `stop` restores the console and returns those lines.
 */
function collectRuntimeWarnings(): { stop(): string[] } {
    const warn = console.warn;
    const lines: string[] = [];
    console.warn = (...args: unknown[]) => {
        const line = args.map(String).join(" ");
        if (line.startsWith("warning: [runtime] ")) {
            lines.push(line);
        } else {
            warn(...args);
        }
    };
    return {
        stop: () => {
            console.warn = warn;
            return lines;
        },
    };
}

/**
 * The monitoring charts the stack deploys: a shard reads the monitoring model (for its teams' dashboards),
 * but the charts are its foundation's.
 */
const platformReleasesOf = (model: StackModel): PlanRelease[] =>
    model.stack.kind === "shard" ? [] : (model.monitoring?.releases ?? []).map((r) => planRelease({ ...r, name: r.releaseName }));

/**
 * The stack's access report. A shard's namespaces are guarded by the policies its foundation deploys on
 * every cluster before it, which the shard's own plan does not hold.
 */
const accessOf = (model: StackModel, plan: Plan): AccessReport =>
    accessReport(plan, model.teams, { foundationPolicies: model.stack.kind === "shard" });

/**
 * A release as the plan shows it: values with keys sorted, every secret `[secret]` (and which secret it
 * is, by key) and every value only the cloud will know (a peer's address) `[unknown]`.
 */
function planRelease(r: Omit<PlanRelease, "secrets">): PlanRelease {
    const values = maskPeerAddresses(maskSecrets(sortKeys(r.values))) as Values;
    return {
        cluster: r.cluster,
        namespace: r.namespace,
        name: r.name,
        chart: r.chart,
        version: r.version,
        ...(r.digest ? { digest: r.digest } : {}),
        ...(r.repository ? { repository: r.repository } : {}),
        values,
        sources: r.sources,
        secrets: Object.fromEntries(secretRefs(r.values).map((ref) => [formatKeyPath(ref.path), ref.name])),
    };
}

/**
 * Stack outputs with secrets as `[secret]` and values only the cloud knows as `[unknown]`. An output
 * that resolves to nothing at plan time (a field the cloud fills in, such as the OIDC issuer URL)
 * is unknown too: the plan never shows an absence it cannot vouch for.
 */
async function maskOutputs(value: unknown): Promise<unknown> {
    if (value === undefined) {
        return UNKNOWN;
    }
    if (pulumi.Output.isInstance(value)) {
        // isKnown and promise() are the SDK's own (internal) view of an output; the mocks give no other.
        const output = value as pulumi.Output<unknown> & { isKnown: Promise<boolean>; promise(): Promise<unknown> };
        if (await pulumi.isSecret(output)) {
            return SECRET;
        }
        if (!(await output.isKnown)) {
            return UNKNOWN;
        }
        return maskOutputs(await output.promise());
    }
    if (Array.isArray(value)) {
        return Promise.all(value.map(maskOutputs));
    }
    if (isMap(value)) {
        const out: Values = {};
        for (const [k, v] of Object.entries(value)) {
            out[k] = await maskOutputs(v);
        }
        return out;
    }
    return value;
}

/** Lets registrations still in flight (resources created inside `apply`) reach the recorder. */
export async function waitForRegistrations(): Promise<void> {
    const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs?: () => Promise<void> };
    await settings.waitForRPCs?.();
}

/**
 * Writes `out/<stack>/plan.json`, `out/<stack>/access.json`, `out/<stack>/summary.txt` and the merged
 * values of every release, the platform's included, as `helm get values` would show them, and the
 * rendered manifests given (`out/<stack>/manifests/<cluster>/<namespace>/<release>.yaml`); values:
 * `out/<stack>/values/<cluster>/<namespace>/<release>.yaml` (monitoring: `<cluster>/monitoring/<release>.yaml`).
 */
export function writePlan(
    outDir: string,
    plan: Plan,
    access: AccessReport,
    summary: string,
    manifests: ReadonlyMap<string, Rendering> = new Map(),
): string[] {
    const stackDir = path.join(outDir, plan.stack);
    fs.rmSync(stackDir, { recursive: true, force: true });
    const written: string[] = [];
    const write = (file: string, content: string) => {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, content);
        written.push(file);
    };
    write(path.join(stackDir, "plan.json"), planFileText(plan));
    write(path.join(stackDir, "access.json"), `${JSON.stringify(access, null, 2)}\n`);
    write(path.join(stackDir, "summary.txt"), `${summary}\n`);
    for (const r of allReleases(plan)) {
        write(path.join(stackDir, "values", r.cluster, r.namespace, `${r.name}.yaml`), stringifyForHelm(r.values));
    }
    for (const [release, rendering] of manifests) {
        if ("manifest" in rendering) {
            write(path.join(stackDir, "manifests", `${release}.yaml`), rendering.manifest);
        }
    }
    return written;
}
