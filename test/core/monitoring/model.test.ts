import * as assert from "node:assert/strict";
import * as k8s from "@pulumi/kubernetes";
import { MonitoringStack } from "../../../components";
import { EXPORTED_METRICS } from "../../../core/monitoring/charts";
import { teamDashboard } from "../../../core/monitoring/model";
import { planStack } from "../../../plan/runPlan";
import { program } from "../../../program/stack";
import { changedTree, load, problemsOf, runComponents, sampleTree } from "../../helpers";
import { promql } from "../../support/promql";

const read = (file: string) => sampleTree().read(file) as string;

describe("alert rules and dashboards, linted", () => {
    const rules = load("prod").monitoring?.rules.groups.flatMap((g) => (g as { rules: Record<string, any>[] }).rules) ?? [];

    it("has the promised alerts", () => {
        assert.deepEqual(
            rules.map((r) => r.alert),
            [
                "HelmReleaseFailed",
                "HelmReleasePending",
                "HelmReleaseWorkloadsUnavailable",
                "HelmReleaseVersionDriftBetweenClusters",
                "TeamPodCrashLooping",
            ],
        );
    });

    for (const rule of rules) {
        it(`${rule.alert}: parses as PromQL, uses only exported metrics, has for, a severity and a summary`, () => {
            for (const metric of promql(rule.expr)) {
                assert.ok(EXPORTED_METRICS.has(metric), `${metric} is not exported by helm-exporter or kube-state-metrics`);
            }
            assert.match(rule.for, /^\d+[smh]$/);
            assert.ok(["critical", "warning", "info"].includes(rule.labels?.severity), "severity");
            assert.ok(String(rule.annotations?.summary ?? "").length > 10, "summary");
        });
    }

    for (const file of ["helm-releases.json", "team-releases.json"]) {
        it(`${file}: valid JSON with the environment, cluster and team variables, and every query parses`, () => {
            const dashboard = JSON.parse(read(`monitoring/dashboards/${file}`));
            const variables = dashboard.templating.list.map((v: { name: string }) => v.name);
            for (const v of ["environment", "cluster", "team"]) {
                assert.ok(variables.includes(v), `${file} lacks $${v}`);
            }
            const exprs = dashboard.panels.flatMap((p: { targets: { expr: string }[] }) => p.targets.map((t) => t.expr));
            assert.ok(exprs.length >= 3);
            for (const expr of exprs) {
                // Grafana variables are not PromQL; substitute a value as Grafana would.
                for (const metric of promql(expr.replace(/\$\{?[a-z]+\}?/g, ".*"))) {
                    assert.ok(EXPORTED_METRICS.has(metric), `${metric} in ${file}`);
                }
            }
        });
    }

    it("fails the lint on a rule that does not parse", () => {
        assert.throws(() => promql("sum(rate(helm_chart_info[5m]"), /does not parse/);
    });
});

describe("monitoring configuration checks", () => {
    it("GIVEN a Slack webhook secret that is not configured THEN it is a configuration error", () => {
        const stack = read("Pulumi.dev.yaml").replace("      webhookSecret: slack-webhook-url", "      webhookSecret: slack-hook");
        const [p] = problemsOf("dev", changedTree({ "Pulumi.dev.yaml": stack }));
        assert.deepEqual(
            [p.path, p.message],
            ["helm-platform:monitoring.slack.webhookSecret", 'secret "slack-hook" is not configured for the platform'],
        );
    });

    it("GIVEN a team channel with its own webhook that is not configured THEN the tenant file is named", () => {
        const tenant = read("tenants/retail.yaml").replace(
            '  slackChannel: "#retail-oncall"',
            '  slackChannel: "#retail-oncall"\n  webhookSecret: retail-hook',
        );
        const [p] = problemsOf("dev", changedTree({ "tenants/retail.yaml": tenant }));
        assert.deepEqual([p.file, p.path], ["tenants/retail.yaml", "alerts.webhookSecret"]);
        assert.match(p.message, /secret "retail-hook" is not configured for team retail in dev/);
    });

    it("GIVEN monitoring is off THEN no monitoring resources and no ServiceMonitors are planned", async () => {
        const stack = read("Pulumi.dev.yaml").replace(
            "  helm-platform:monitoring:\n    enabled: true",
            "  helm-platform:monitoring:\n    enabled: false",
        );
        const run = await planStack(program, changedTree({ "Pulumi.dev.yaml": stack }), "dev");
        assert.equal(run.exitCode, 0, run.error);
        const types = new Set(run.plan?.resources.map((r) => r.type));
        assert.ok(!types.has("helm-platform:monitoring:MonitoringStack"));
        assert.ok(!types.has("kubernetes:monitoring.coreos.com/v1:ServiceMonitor"));
    });

    it("the team dashboard keeps the template's panels and fixes only the team", () => {
        const template = read("monitoring/dashboards/team-releases.json");
        const out = JSON.parse(teamDashboard(template, { team: "data", namespace: "data" }));
        assert.equal(out.uid, "helm-platform-team-data");
        assert.deepEqual(out.panels, JSON.parse(template).panels);
    });

    it("the component can be reused on its own", async () => {
        const dashboards = load("dev").monitoring?.dashboards ?? {};
        const run = await runComponents(() => {
            const provider = new k8s.Provider("k", { kubeconfig: "unused" });
            new MonitoringStack("m", { stackValues: {}, rules: { groups: [] }, dashboards }, { provider });
        });
        assert.deepEqual(
            run
                .all("kubernetes:helm.sh/v3:Release")
                .map((r) => r.inputs.name)
                .sort(),
            ["helm-exporter", "kube-prometheus-stack", "prometheus-operator-crds"],
        );
    });
});
