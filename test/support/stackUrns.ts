import * as pulumi from "@pulumi/pulumi";
import type { StackModel } from "../../core/model/stackModel";
import type { PlanResource } from "../../core/report/planTypes";
import { CLOUD_ONLY_CALLS } from "../../plan/runPlan";
import { Platform } from "../../program/platform";
import { runComponents, SAMPLE_SECRETS } from "../helpers";
import { engineUrns, registrations } from "./urns";

/** One stack built by the real Platform on the recorder: its resources, and each one's URN and aliases as the engine computes them. */
export async function stackUrns(stack: string, model: StackModel) {
    const captured: pulumi.ResourceTransformationArgs[] = [];
    const run = await runComponents(
        () => {
            pulumi.runtime.registerStackTransformation((args) => {
                captured.push(args);
                return undefined;
            });
            new Platform(model.environment.name, { model, secrets: SAMPLE_SECRETS });
        },
        { calls: CLOUD_ONLY_CALLS, stack },
    );
    const resources: PlanResource[] = run.resources;
    return { stack, resources, registered: engineUrns(await registrations(captured), stack, "helm-platform") };
}
