import * as assert from "node:assert/strict";
import { TYPE } from "../../core/base/resourceTypes";
import { overlayTree, type SourceTree } from "../../core/base/sourceTree";
import type { Plan } from "../../core/report/planTypes";

/** The line that makes an environment's next `up` its first (docs/first-deployment.md, "The first up"). */
export const BOOTSTRAP_LINE = "  helm-platform:bootstrap: true\n";

/** `tree` with `helm-platform:bootstrap: true` in an environment's stack file. */
export function bootstrapping(tree: SourceTree, environment: string): SourceTree {
    const file = `Pulumi.${environment}.yaml`;
    return overlayTree(tree, { [file]: `${tree.read(file)}${BOOTSTRAP_LINE}` });
}

/**
 * What a bootstrapping single or foundation stack registers: the resource group, the registry, the
 * clusters and the admission policies, and no team, namespace, release or monitoring stack.
 */
export function assertBootstrapPlan(plan: Plan): void {
    const types = new Set(plan.resources.map((r) => r.type));
    for (const type of [TYPE.resourceGroup, TYPE.registry, TYPE.managedCluster]) {
        assert.ok(types.has(type), `${type} missing`);
    }
    assert.ok(
        plan.resources.some((r) => r.type.includes("ValidatingAdmissionPolicy")),
        "no admission policy",
    );
    for (const type of [TYPE.team, TYPE.namespace, TYPE.helmRelease, TYPE.release, TYPE.monitoringStack]) {
        assert.deepEqual(
            plan.resources.filter((r) => r.type === type).map((r) => r.name),
            [],
            `${type} registered while bootstrapping`,
        );
    }
    assert.deepEqual([plan.teams, plan.releases, plan.platformReleases], [[], [], []]);
}
