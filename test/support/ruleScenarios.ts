import * as assert from "node:assert/strict";
import type { StackModel } from "../../core/model/stackModel";
import type { Values } from "../../core/values/merge";
import { loadEnvironment } from "../helpers";
import type { Sample } from "./prometheus";

/**
 * The situations the platform's alert rules are tested in, on the series the real Prometheus of each
 * prod cluster stored: what is broken where, and the alerts each rule must raise.
 */
export type Labels = Readonly<Record<string, string>>;
export interface Rule {
    alert: string;
    expr: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
}

export const model: StackModel = loadEnvironment("prod");
export const view = model.monitoring?.view as NonNullable<NonNullable<StackModel["monitoring"]>["view"]>;
export const peer = view.peers[0] as string;
export const rules = (model.monitoring?.rules.groups ?? []).flatMap((g) => (g as { rules: Rule[] }).rules);
/** A team release that runs on every cluster of the environment: the one the scenarios break. */
export const release = model.releases.find((r) =>
    model.environment.clusters.every((c) => model.releases.some((o) => o.name === r.name && o.cluster === c.name)),
) as StackModel["releases"][number];
export const team = model.teams.find((t) => t.team === release.team) as StackModel["teams"][number];

/** A change to the stored series: which ones, and what they become. */
interface Change {
    readonly where: (labels: Labels) => boolean;
    readonly labels?: Labels;
    readonly value: number;
}

/** One situation on one cluster's Prometheus, and the alerts it must raise (the expression's labels). */
export interface Scenario {
    readonly title: string;
    /** `single`: a cluster's Prometheus on its own; `view`: the view cluster's, with its peer federated. */
    readonly on: "single" | "view";
    readonly changes: readonly Change[];
    readonly expect: Readonly<Record<string, readonly Labels[]>>;
}

const local = (cluster: string) => (l: Labels) => l["cluster"] === cluster && l["federated_from"] === undefined;
const federated = (cluster: string) => (l: Labels) => l["federated_from"] === cluster;
const metric =
    (name: string, of: (l: Labels) => boolean, extra: (l: Labels) => boolean = () => true) =>
    (l: Labels) =>
        l["__name__"] === name && of(l) && extra(l);
const isRelease = (l: Labels) => l["release"] === release.name;
const isDeployment = (l: Labels) => l["deployment"] === release.name;
const isPod = (l: Labels) => (l["pod"] ?? "").startsWith(`${release.name}-`) && l["namespace"] === release.namespace;

/** What each way of breaking the release does to the series of `where`'s cluster. */
const breaks = {
    failed: (where: (l: Labels) => boolean): Change[] => [{ where: metric("helm_chart_info", where, isRelease), value: -1 }],
    pending: (where: (l: Labels) => boolean): Change[] => [{ where: metric("helm_chart_info", where, isRelease), value: 7 }],
    unavailable: (where: (l: Labels) => boolean): Change[] => [
        { where: metric("kube_deployment_status_replicas_available", where, isDeployment), value: 0 },
    ],
    crashLooping: (where: (l: Labels) => boolean): Change[] => [
        { where: metric("kube_pod_container_status_waiting_reason", where, isPod), labels: { reason: "CrashLoopBackOff" }, value: 1 },
    ],
    otherVersion: (where: (l: Labels) => boolean): Change[] => [
        { where: metric("helm_chart_info", where, isRelease), labels: { version: "99.0.0" }, value: 1 },
    ],
};

const helmLabels = (cluster: string): Labels => ({
    cluster,
    environment: model.environment.name,
    namespace: release.namespace,
    release: release.name,
    chart: release.chartName,
    version: release.version,
});
const workloadLabels = (cluster: string): Labels => ({
    cluster,
    namespace: release.namespace,
    deployment: release.name,
    label_app_kubernetes_io_instance: release.name,
});
const podLabels = (cluster: string): Labels => ({
    cluster,
    namespace: release.namespace,
    pod: `${release.name}-5d8f7c9b4-x2x7q`,
    container: "app",
    label_helm_platform_team: team.team,
});
const none = Object.fromEntries(rules.map((r) => [r.alert, []]));

export const SCENARIOS: readonly Scenario[] = [
    { title: "a healthy cluster raises nothing", on: "single", changes: [], expect: none },
    { title: "a failed release", on: "single", changes: breaks.failed(local(peer)), expect: { HelmReleaseFailed: [helmLabels(peer)] } },
    { title: "a pending release", on: "single", changes: breaks.pending(local(peer)), expect: { HelmReleasePending: [helmLabels(peer)] } },
    {
        title: "unavailable replicas",
        on: "single",
        changes: breaks.unavailable(local(peer)),
        expect: { HelmReleaseWorkloadsUnavailable: [workloadLabels(peer)] },
    },
    {
        title: "a crash-looping pod",
        on: "single",
        changes: breaks.crashLooping(local(peer)),
        expect: { TeamPodCrashLooping: [podLabels(peer)] },
    },
    { title: "one cluster cannot drift from itself", on: "single", changes: [], expect: { HelmReleaseVersionDriftBetweenClusters: [] } },
    { title: "a healthy environment raises nothing", on: "view", changes: [], expect: none },
    {
        title: "a failed release here, while the peer's copy is healthy (no masking)",
        on: "view",
        changes: breaks.failed(local(view.cluster)),
        expect: { HelmReleaseFailed: [helmLabels(view.cluster)] },
    },
    {
        title: "a failed release on the peer (left to the peer)",
        on: "view",
        changes: breaks.failed(federated(peer)),
        expect: { HelmReleaseFailed: [] },
    },
    {
        title: "a pending release here",
        on: "view",
        changes: breaks.pending(local(view.cluster)),
        expect: { HelmReleasePending: [helmLabels(view.cluster)] },
    },
    {
        title: "a pending release on the peer (left to the peer)",
        on: "view",
        changes: breaks.pending(federated(peer)),
        expect: { HelmReleasePending: [] },
    },
    {
        title: "unavailable replicas here, the deployment on both clusters",
        on: "view",
        changes: breaks.unavailable(local(view.cluster)),
        expect: { HelmReleaseWorkloadsUnavailable: [workloadLabels(view.cluster)] },
    },
    {
        title: "unavailable replicas on the peer (left to the peer)",
        on: "view",
        changes: breaks.unavailable(federated(peer)),
        expect: { HelmReleaseWorkloadsUnavailable: [] },
    },
    {
        title: "a crash-looping pod here",
        on: "view",
        changes: breaks.crashLooping(local(view.cluster)),
        expect: { TeamPodCrashLooping: [podLabels(view.cluster)] },
    },
    {
        title: "a crash-looping pod on the peer (left to the peer)",
        on: "view",
        changes: breaks.crashLooping(federated(peer)),
        expect: { TeamPodCrashLooping: [] },
    },
    {
        title: "the peer runs another chart version",
        on: "view",
        changes: breaks.otherVersion(federated(peer)),
        expect: {
            HelmReleaseVersionDriftBetweenClusters: [
                { environment: model.environment.name, namespace: release.namespace, release: release.name },
            ],
        },
    },
];

/** Prometheus's templating of `{{ $labels.<name> }}`, the only form the platform's annotations use. */
function render(template: string, labels: Labels): string {
    const out = template.replace(/\{\{ \$labels\.([a-zA-Z_]\w*) \}\}/g, (_, name: string) => labels[name] ?? "");
    assert.ok(!out.includes("{{"), `the test renders only {{ $labels.x }}: ${template}`);
    return out;
}

/** A series in promtool's notation. */
const seriesName = (labels: Labels) => {
    const { __name__: name, ...rest } = labels;
    return `${name}{${Object.entries(rest)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(", ")}}`;
};

/** A promtool unit-test file: the stored series with the scenario's changes, and every alert it expects. */
export function unitTest(scenario: Scenario, stored: readonly Sample[], rulesFile: string, ruleSet: readonly Rule[]): Values {
    const input = stored.map((s) => {
        const change = scenario.changes.find((c) => c.where(s.metric));
        return { series: seriesName({ ...s.metric, ...change?.labels }), values: `${change?.value ?? s.value}+0x60` };
    });
    assert.ok(
        scenario.changes.every((c) => stored.some((s) => c.where(s.metric))),
        "every change applies to a stored series",
    );
    return {
        rule_files: [rulesFile],
        evaluation_interval: "1m",
        tests: [
            {
                interval: "1m",
                input_series: input,
                alert_rule_test: Object.entries(scenario.expect).map(([alertname, alerts]) => {
                    const rule = ruleSet.find((r) => r.alert === alertname) as Rule;
                    return {
                        // Past every rule's `for`.
                        eval_time: "45m",
                        alertname,
                        exp_alerts: alerts.map((labels) => ({
                            exp_labels: { ...labels, ...rule.labels },
                            exp_annotations: Object.fromEntries(
                                Object.entries(rule.annotations ?? {}).map(([k, v]) => [k, render(v, labels)]),
                            ),
                        })),
                    };
                }),
            },
        ],
    };
}
