import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { TEAM_DASHBOARD, teamDashboard } from "../core/monitoring/model";
import { ROOT } from "./helpers";
import { type EnvironmentPrometheus, startEnvironmentPrometheus } from "./support/environmentPrometheus";
import { type Dashboard, substitute, variablesOf } from "./support/grafana";
import { type PrometheusServer, runTool, type Sample, scratch, writeYaml } from "./support/prometheus";
import { model, peer, type Rule, release, rules, SCENARIOS, type Scenario, team, unitTest, view } from "./support/ruleScenarios";

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
        const clusters = model.environment.clusters.map((c) => c.name).sort();
        const dashboards = model.monitoring?.dashboards ?? {};

        for (const on of ["view", "single"] as const) {
            for (const file of Object.keys(dashboards).filter((f) => f !== TEAM_DASHBOARD)) {
                it(`${file} on the ${on === "view" ? "view cluster" : "single cluster"}: its variables offer every cluster it sees, every panel has data`, async () => {
                    const dashboard = JSON.parse(dashboards[file] as string) as Dashboard;
                    const variables = await variablesOf(dashboard, server(on));
                    assert.deepEqual(variables.get("environment"), [model.environment.name]);
                    assert.deepEqual(variables.get("cluster"), on === "view" ? clusters : [peer]);
                    assert.deepEqual(variables.get("team"), [...new Set(model.teams.map((t) => t.namespace))].sort());
                    await panelsHaveData(dashboard, variables, server(on));
                });
            }
        }

        it("each team's dashboard on the view cluster: fixed to its namespace, every cluster, every panel has data", async () => {
            const alerting = model.teams.flatMap((t) => (t.alerts ? [t.alerts] : []));
            assert.ok(alerting.length > 0);
            for (const t of alerting) {
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
