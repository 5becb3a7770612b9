/**
 * A plan of a few resources, built by hand: for tests of what reads a plan (recovery, reports) without
 * planning a stack.
 */
import { TYPE } from "../../core/base/resourceTypes";
import type { Plan, PlanRelease, PlanResource } from "../../core/report/planTypes";
import { planWith } from "./planContract";

export const resource = (type: string, name: string, parent: string | null, more: Partial<PlanResource> = {}): PlanResource => ({
    type,
    name,
    parent,
    dependsOn: [],
    protect: false,
    inputs: {},
    ...more,
});

export const planRelease = (cluster: string, namespace: string, name: string): PlanRelease => ({
    cluster,
    namespace,
    name,
    chart: `oci://acr.example/helm-charts/${namespace}/${name}`,
    version: "1.0.0",
    values: {},
    sources: {},
});

/** fintech's installer on every cluster. */
export const FINTECH_INSTALLER = "system:serviceaccount:fintech:helm-installer";

/**
 * prod.payments' plan, cut down: on cluster weu (its provider), team fintech (its Team, namespace,
 * HelmRelease and Release, with a 900 s timeout) and a platform release of monitoring.
 */
export function teamPlan(): Plan {
    const platform = `${TYPE.platform}::prod`;
    const team = `${TYPE.team}::prod-weu-fintech`;
    const provider = `${TYPE.kubernetesProvider}::prod-weu-k8s`;
    return planWith({
        stack: "prod.payments",
        kind: "shard",
        teams: ["fintech"],
        resources: [
            resource(TYPE.platform, "prod", null),
            resource(TYPE.kubernetesProvider, "prod-weu-k8s", platform, { inputs: { clusterIdentifier: "prod/weu" } }),
            resource(TYPE.team, "prod-weu-fintech", platform),
            resource(TYPE.namespace, "prod-weu-fintech-ns", team, { provider, inputs: { metadata: { name: "fintech" } } }),
            resource(TYPE.helmRelease, "prod-weu-fintech-payments-api", team),
            resource(TYPE.release, "prod-weu-fintech-payments-api-release", `${TYPE.helmRelease}::prod-weu-fintech-payments-api`, {
                provider,
                inputs: { name: "fintech-payments-api", namespace: "fintech", timeout: 900 },
            }),
            resource(TYPE.release, "prod-weu-monitoring-stack-release", platform, {
                provider,
                inputs: { name: "kube-prometheus-stack", namespace: "monitoring" },
            }),
        ],
        releases: [planRelease("weu", "fintech", "fintech-payments-api")],
        platformReleases: [planRelease("weu", "monitoring", "kube-prometheus-stack")],
        inventory: {
            teams: [{ team: "fintech", cluster: "weu", namespace: "fintech", component: team, installer: FINTECH_INSTALLER }],
            shards: [],
        },
    });
}
