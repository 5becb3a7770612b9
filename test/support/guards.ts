import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";

import program = require("../../guards/index");

import type { SourceTree } from "../../core/base/sourceTree";
import type { PlanResource } from "../../core/report/planTypes";
import type { Values } from "../../core/values/merge";
import { GUARDS_PROJECT, GUARDS_STACK, guardsStackFile } from "../../guards/settings";
import { PlanRecorder } from "../../plan/recorder";
import { waitForRegistrations } from "../../plan/runPlan";

/** GitHub team IDs the tests play GitHub with: what `getTeam` answers for a slug. */
export const TEAM_IDS: Readonly<Record<string, number>> = { platform: 4242 };

/** The guards' stack file as the Pulumi CLI hands it to the program: objects as JSON, scalars as text. */
export function guardsConfig(tree: SourceTree, stack = GUARDS_STACK): Record<string, string> {
    const config = (parse(tree.read(guardsStackFile(stack)) ?? "") as { config?: Record<string, unknown> }).config ?? {};
    return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}

/** What the guards program registers, or why it stopped. */
export interface GuardsRun {
    readonly resources: PlanResource[];
    readonly error?: string;
    /** The one resource of `type` whose name ends with `suffix`; fails unless there is exactly one. */
    one(type: string, suffix?: string): PlanResource;
    all(type: string): PlanResource[];
}

/**
 * The guards program (`guards/index.ts`) run in preview on the plan's recorder, as the offline plan runs
 * the platform: no GitHub, no Azure. Its only call, `getTeam`, is answered from {@link TEAM_IDS}.
 */
export async function planGuards(tree: SourceTree, config: Record<string, string> = guardsConfig(tree)): Promise<GuardsRun> {
    const recorder = new PlanRecorder({
        "github:index/getTeam:getTeam": (inputs: Values) => {
            const id = TEAM_IDS[String(inputs["slug"])];
            if (id === undefined) {
                throw new Error(`no GitHub team ${String(inputs["slug"])}`);
            }
            return { id: String(id), slug: inputs["slug"], name: inputs["slug"] };
        },
    });
    await pulumi.runtime.setMocks(recorder, GUARDS_PROJECT, GUARDS_STACK, true);
    pulumi.runtime.setAllConfig(config);
    let error: string | undefined;
    try {
        await pulumi.runtime.runInPulumiStack(async () => {
            recorder.install();
            return await program(tree);
        });
        await waitForRegistrations();
    } catch (e) {
        error = e instanceof Error ? e.message : String(e);
    }
    const resources = recorder.resources().filter((r) => r.type !== "pulumi:pulumi:Stack");
    const all = (type: string) => resources.filter((r) => r.type === type);
    return {
        resources,
        error,
        all,
        one(type, suffix = "") {
            const found = all(type).filter((r) => r.name.endsWith(suffix));
            if (found.length !== 1) {
                throw new Error(`expected one ${type} named *${suffix}, found ${found.map((r) => r.name).join(", ") || "none"}`);
            }
            return found[0] as PlanResource;
        },
    };
}
