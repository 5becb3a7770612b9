import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { teamDashboard } from "../components";
import type { PlatformModel } from "../core/model/platform";
import { TEAM_DASHBOARD } from "../core/monitoring/model";
import type { Values } from "../core/values/merge";
import { load, ROOT } from "./helpers";
import { type EnvironmentPrometheus, startEnvironmentPrometheus } from "./support/environmentPrometheus";
import { type PrometheusServer, runTool, type Sample, scratch, writeYaml } from "./support/prometheus";

type Labels = Readonly<Record<string, string>>;
interface Rule {
    alert: string;
    expr: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
}

const model: PlatformModel = load("prod");
const view = model.monitoring?.view as NonNullable<NonNullable<PlatformModel["monitoring"]>["view"]>;
const peer = view.peers[0] as string;
const rules = (model.monitoring?.rules.groups ?? []).flatMap((g) => (g as { rules: Rule[] }).rules);
/** A team release that runs on every cluster of the environment: the one the scenarios break. */
const release = model.releases.find((r) =>
    model.environment.clusters.every((c) => model.releases.some((o) => o.name === r.name && o.cluster === c.name)),
) as PlatformModel["releases"][number];
const team = model.tenants.find((t) => t.team === release.team) as PlatformModel["tenants"][number];

/** A change to the stored series: which ones, and what they become. */
interface Change {
    readonly where: (labels: Labels) => boolean;
    readonly labels?: Labels;
    readonly value: number;
}

/** One situation on one cluster's Prometheus, and the alerts it must raise (the expression's labels). */
interface Scenario {
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

const SCENARIOS: readonly Scenario[] = [
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
function unitTest(scenario: Scenario, stored: readonly Sample[], rulesFile: string, ruleSet: readonly Rule[]): Values {
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

describe("alert rules and dashboards on the real Prometheus of each prod cluster", function () {
    this.timeout(120_000);
    let environment: EnvironmentPrometheus;
    const stored = new Map<string, Sample[]>();
    const dir = scratch("rules");
    const rulesFile = writeYaml(dir, "rules.yaml", model.monitoring?.rules);
    const server = (on: "single" | "view"): PrometheusServer =>
        environment.servers.get(on === "view" ? view.cluster : peer) as PrometheusServer;

    before(async () => {
        assert.ok(release && team, "the sample runs a team release on every prod cluster");
        environment = await startEnvironmentPrometheus(model);
        for (const [cluster, s] of environment.servers) {
            stored.set(cluster, await s.query('{__name__=~"helm_chart_info|kube_.+"}'));
        }
    });
    after(async () => environment?.stop());

    it("stores every series with its cluster and environment, and the view its peer's too, marked federated", () => {
        for (const [cluster, series] of stored) {
            assert.ok(
                series.every((s) => s.metric["environment"] === model.environment.name),
                cluster,
            );
            const own = series.filter((s) => s.metric["federated_from"] === undefined);
            assert.ok(
                own.length > 0 && own.every((s) => s.metric["cluster"] === cluster),
                `${cluster}: its own series carry cluster="${cluster}"`,
            );
        }
        const peers = (stored.get(view.cluster) ?? []).filter((s) => s.metric["federated_from"] === peer);
        assert.ok(peers.length > 0 && peers.every((s) => s.metric["cluster"] === peer), "federated series keep the peer's cluster");
    });

    it("promtool check rules accepts the rules", async () => {
        const { code, output } = await runTool("promtool", ["check", "rules", rulesFile]);
        assert.equal(code, 0, output);
        assert.match(output, new RegExp(`SUCCESS: ${rules.length} rules found`));
    });

    it("every alert is tested firing on a single cluster or on the view, and silent on both", () => {
        for (const rule of rules) {
            const firing = SCENARIOS.filter((s) => (s.expect[rule.alert]?.length ?? 0) > 0);
            assert.ok(firing.length > 0, `${rule.alert} never fires in a scenario`);
            for (const on of ["single", "view"] as const) {
                assert.ok(
                    SCENARIOS.some((s) => s.on === on && s.expect[rule.alert]?.length === 0),
                    `${rule.alert} is never shown silent on ${on}`,
                );
            }
        }
    });

    for (const scenario of SCENARIOS) {
        it(`promtool test rules, ${scenario.on === "view" ? "view cluster" : "single cluster"}: ${scenario.title}`, async () => {
            const cluster = scenario.on === "view" ? view.cluster : peer;
            const file = writeYaml(
                dir,
                `${scenario.on}-${scenario.title.replace(/\W+/g, "-")}.yaml`,
                unitTest(scenario, stored.get(cluster) ?? [], rulesFile, rules),
            );
            const { code, output } = await runTool("promtool", ["test", "rules", file]);
            assert.equal(code, 0, output);
        });
    }

    it("the rules before they aggregated by cluster fail the view's scenarios: masked, unevaluable, misattributed", async () => {
        const before = path.join(ROOT, "test/fixtures/monitoring/helm-releases.before.yaml");
        const old = (parse(fs.readFileSync(before, "utf8")) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules);
        // One old rule at a time: promtool stops at the first rule that cannot be evaluated.
        const outcome = async (title: string) => {
            const scenario = SCENARIOS.find((s) => s.title.startsWith(title) && s.on === "view") as Scenario;
            const alert = Object.keys(scenario.expect)[0] as string;
            const rulesOnly = writeYaml(dir, `before-${alert}.yaml`, {
                groups: [{ name: "before", rules: old.filter((r) => r.alert === alert) }],
            });
            const file = writeYaml(
                dir,
                `before-${title.replace(/\W+/g, "-")}.yaml`,
                unitTest(scenario, stored.get(view.cluster) ?? [], rulesOnly, old),
            );
            return runTool("promtool", ["test", "rules", file]);
        };
        const failed = await outcome("a failed release here");
        assert.notEqual(failed.code, 0);
        assert.match(failed.output, /alertname: HelmReleaseFailed[\s\S]*got:\[\]/, "the healthy peer masks the failure");
        const unavailable = await outcome("unavailable replicas here");
        assert.match(unavailable.output, /many-to-many matching not allowed/);
        const crashing = await outcome("a crash-looping pod here");
        assert.notEqual(crashing.code, 0);
        const got = crashing.output.slice(crashing.output.indexOf("got:"));
        assert.match(got, /alertname="TeamPodCrashLooping"/, "it fires");
        assert.doesNotMatch(got, /cluster=/, "but without its cluster: Prometheus would add the view's own");
    });

    describe("dashboards", () => {
        /** Grafana's `label_values(<selector>, <label>)`. */
        const labelValuesQuery = (query: string) => {
            const m = /^label_values\((.*),\s*(\w+)\)$/s.exec(query);
            assert.ok(m, `not a label_values query: ${query}`);
            return { selector: m[1] as string, label: m[2] as string };
        };
        /** Grafana's substitution of a multi-value variable in a regex matcher: every value, escaped, as alternatives. */
        const substitute = (text: string, variables: ReadonlyMap<string, readonly string[]>) =>
            text.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced: string | undefined, bare: string | undefined) => {
                const values = variables.get((braced ?? bare) as string);
                return values ? `(${values.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, "\\\\$&")).join("|")})` : whole;
            });
        interface Dashboard {
            templating: { list: { name: string; type: string; query?: string }[] };
            panels: { title: string; targets: { expr: string }[] }[];
        }
        /** Resolves the variables in order, as Grafana does with "All" selected; returns each one's options. */
        const variablesOf = async (dashboard: Dashboard, prometheus: PrometheusServer) => {
            const variables = new Map<string, string[]>();
            for (const v of dashboard.templating.list) {
                if (v.type === "query") {
                    const { selector, label } = labelValuesQuery(v.query ?? "");
                    variables.set(v.name, (await prometheus.labelValues(label, substitute(selector, variables))).sort());
                } else if (v.type === "constant") {
                    variables.set(v.name, [v.query ?? ""]);
                }
            }
            return variables;
        };
        const clusters = model.environment.clusters.map((c) => c.name).sort();
        const dashboards = model.monitoring?.dashboards ?? {};

        for (const on of ["view", "single"] as const) {
            for (const file of Object.keys(dashboards).filter((f) => f !== TEAM_DASHBOARD)) {
                it(`${file} on the ${on === "view" ? "view cluster" : "single cluster"}: its variables offer every cluster it sees, every panel has data`, async () => {
                    const dashboard = JSON.parse(dashboards[file] as string) as Dashboard;
                    const variables = await variablesOf(dashboard, server(on));
                    assert.deepEqual(variables.get("environment"), [model.environment.name]);
                    assert.deepEqual(variables.get("cluster"), on === "view" ? clusters : [peer]);
                    assert.deepEqual(variables.get("team"), [...new Set(model.tenants.map((t) => t.namespace))].sort());
                    await panelsHaveData(dashboard, variables, server(on));
                });
            }
        }

        it("each team's dashboard on the view cluster: fixed to its namespace, every cluster, every panel has data", async () => {
            for (const t of model.monitoring?.teams ?? []) {
                const dashboard = JSON.parse(teamDashboard(dashboards[TEAM_DASHBOARD] as string, t)) as Dashboard;
                const variables = await variablesOf(dashboard, server("view"));
                assert.deepEqual(variables.get("team"), [t.namespace]);
                assert.deepEqual(variables.get("cluster"), clusters);
                await panelsHaveData(dashboard, variables, server("view"));
            }
        });

        async function panelsHaveData(
            dashboard: Dashboard,
            variables: ReadonlyMap<string, readonly string[]>,
            prometheus: PrometheusServer,
        ): Promise<void> {
            for (const panel of dashboard.panels) {
                for (const target of panel.targets) {
                    const result = await prometheus.query(substitute(target.expr, variables));
                    assert.ok(result.length > 0, `${panel.title}: no data for ${target.expr}`);
                    // A panel by cluster shows every selected cluster where the selected teams run.
                    const seen = [...new Set(result.map((r) => r.metric["cluster"]).filter((c) => c !== undefined))].sort();
                    const running = model.releases.filter(
                        (r) => variables.get("team")?.includes(r.namespace) && variables.get("cluster")?.includes(r.cluster),
                    );
                    if (seen.length > 0) {
                        assert.deepEqual(seen, [...new Set(running.map((r) => r.cluster))].sort(), `${panel.title}: ${target.expr}`);
                    }
                }
            }
        }
    });
});
