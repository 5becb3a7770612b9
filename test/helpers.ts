import { createHash } from "node:crypto";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { chartKey } from "../core/base/chartPaths";
import { LAYOUT } from "../core/base/layout";
import { ConfigError, type Problem } from "../core/base/problems";
import { diskTree, overlayTree, type SourceTree } from "../core/base/sourceTree";
import { readStackConfig } from "../core/config/stackFile";
import { loadEnvironmentModel } from "../core/load/environmentModel";
import { loadConfiguration } from "../core/load/loadConfiguration";
import { stackOfTeamIn, stacksOf } from "../core/load/stacks";
import { parseStackName } from "../core/model/stack";
import type { StackModel } from "../core/model/stackModel";
import {
    type ChartLock,
    formatChartLock,
    lockedDigest,
    lockSubjectsOf,
    readChartLock,
    sectionOf,
    withEnvironment,
} from "../core/releases/lock";
import type { PlanResource } from "../core/report/planTypes";
import type { Values } from "../core/values/merge";
import type { OwnedSecrets } from "../core/values/secrets";
import { PlanRecorder } from "../plan/recorder";
import { DIY_ORGANIZATION, waitForRegistrations } from "../plan/runPlan";
import { withoutStackTraces } from "../plan/tuning";

export const ROOT = path.resolve(__dirname, "..");

/** The sample platform the repository ships. */
export const sampleTree = (): SourceTree => diskTree(ROOT);

/** The sample platform with some files changed (string) or removed (null). */
export const changedTree = (changes: Record<string, string | null>): SourceTree => overlayTree(sampleTree(), changes);

/**
 * The sample with some files changed, and `charts.lock.yaml` holding a stand-in digest for every chart
 * version `stacks` then install that the lock lacks: what `npm run lock` writes once they are published.
 * For tests of something else than the lock that change versions.
 */
export function changedLockedTree(changes: Record<string, string | null>, stacks: readonly string[] = ["prod"]): SourceTree {
    const changed = changedTree(changes);
    let lock = readChartLock(changed, [])?.lock;
    // The lock has one section per environment, for what all of its stacks install.
    for (const environment of new Set(stacks.map((s) => parseStackName(s).environment))) {
        const models = stacksOf(changed, environment).map((s) =>
            loadConfiguration({
                tree: changed,
                stack: s.name,
                config: readStackConfig(changed, s.name).config,
                lock: "ignore",
                today: TEST_DAY,
            }),
        );
        const entries = models.flatMap(lockSubjectsOf).map((s) => ({
            ...s,
            digest:
                lockedDigest(lock, environment, s) ??
                `sha256:${createHash("sha256")
                    .update(`${environment} ${chartKey(s)} ${s.version}`)
                    .digest("hex")}`,
        }));
        const unique = [...new Map(entries.map((e) => [`${chartKey(e)}@${e.version}`, e])).values()];
        lock = withEnvironment(lock, environment, sectionOf((models[0] as StackModel).environment.registry.loginServer, unique));
    }
    return changedTree({ ...changes, [LAYOUT.chartLockFile]: formatChartLock(lock as ChartLock) });
}

/** The day loader tests judge allowances' expiry by, so that they do not change with the calendar. */
export const TEST_DAY = "2026-12-01";

/** Loads one stack of a tree the way index.ts does (on {@link TEST_DAY}). */
export function load(stack: string, tree: SourceTree = sampleTree()): StackModel {
    return loadConfiguration({ tree, stack, config: readStackConfig(tree, stack).config, today: TEST_DAY });
}

/**
 * Every stack of an environment loaded and put together: the foundation's (or the single stack's)
 * model with every shard's teams, releases and allowances. What a test of the whole environment reads.
 */
export function loadEnvironment(environment: string, tree: SourceTree = sampleTree()): StackModel {
    return loadEnvironmentModel(tree, environment, { today: TEST_DAY });
}

/** The stack of `environment` that deploys `team`: the environment's own, or the team's shard. */
export function stackOfTeam(environment: string, team: string, tree: SourceTree = sampleTree()): string {
    return stackOfTeamIn(tree, environment, team);
}

/** The problems loading reports; fails the test when loading succeeds. */
export function problemsOf(stack: string, tree: SourceTree): Problem[] {
    try {
        load(stack, tree);
    } catch (error) {
        if (error instanceof ConfigError) {
            return [...error.problems];
        }
        throw error;
    }
    throw new Error("expected configuration problems, but the configuration loaded");
}

export interface ComponentRun {
    readonly resources: PlanResource[];
    /** Recorded resource of `type` whose name ends with `suffix`; fails when there is not exactly one. */
    one(type: string, suffix?: string): PlanResource;
    all(type: string): PlanResource[];
}

/**
 * Runs `build` inside a Pulumi stack on the recorder and returns what it registered.
 * `preview: true` (the default) is the offline plan's mode: cloud-only values stay unknown.
 */
export async function runComponents(
    build: () => unknown,
    options: {
        preview?: boolean;
        calls?: Record<string, (inputs: Values) => Values>;
        cloud?: (args: pulumi.runtime.MockResourceArgs) => { id: string; state: Values };
        /** The stack name in URNs. @default "test" */
        stack?: string;
    } = {},
): Promise<ComponentRun> {
    const recorder = new PlanRecorder(options.calls ?? {}, options.cloud);
    await pulumi.runtime.setMocks(recorder, "helm-platform", options.stack ?? "test", options.preview ?? true, DIY_ORGANIZATION);
    // As the plan runs the program: no stack trace recorded for each of the SDK's promises.
    await withoutStackTraces(async () => {
        await pulumi.runtime.runInPulumiStack(async () => {
            recorder.install();
            const result = build();
            return result && typeof result === "object" ? {} : undefined;
        });
        await waitForRegistrations();
    });
    const resources = recorder.resources().filter((r) => r.type !== "pulumi:pulumi:Stack");
    const all = (type: string) => resources.filter((r) => r.type === type);
    return {
        resources,
        all,
        one(type, suffix = "") {
            const found = all(type).filter((r) => r.name.endsWith(suffix));
            if (found.length !== 1) {
                throw new Error(`expected one ${type} named *${suffix}, found ${found.map((r) => r.name).join(", ") || "none"}`);
            }
            return found[0];
        },
    };
}

/** The secrets the sample references, by owner, as a deployment would have them. */
export const SAMPLE_SECRETS: OwnedSecrets = {
    platform: { "slack-webhook-url": "https://hooks.slack.example/services/sample", "grafana-admin-password": "sample-grafana-password" },
    fintech: { "payments-db-password": "sample-password" },
};

/** Subscription of the resource IDs {@link playAzure} hands out. */
export const SUBSCRIPTION = "/subscriptions/11111111-2222-3333-4444-555555555555";

/** Plays Azure for non-preview runs: IDs under one subscription, names, a kubelet identity for clusters. */
export function playAzure(args: pulumi.runtime.MockResourceArgs): { id: string; state: Values } {
    const id = `${SUBSCRIPTION}/resourceGroups/rg/providers/${args.type}/${args.name}`;
    const state: Values = { name: args.inputs.resourceName ?? args.inputs.registryName ?? args.name };
    if (args.type === "azure-native:containerservice:ManagedCluster") {
        state.identityProfile = { kubeletidentity: { objectId: `kubelet-of-${args.name}` } };
    }
    return { id, state };
}

/** The 1-based line of `text` that first contains `needle`. */
export function lineOf(text: string, needle: string): number {
    const index = text.split("\n").findIndex((line) => line.includes(needle));
    if (index < 0) {
        throw new Error(`"${needle}" is not in the text`);
    }
    return index + 1;
}
