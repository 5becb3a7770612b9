import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { stacksOf } from "../../../core/load/stacks";
import { teamAlertmanagerConfig } from "../../../core/monitoring/stackValues";
import { coalesceWithChart, isMap, type Values } from "../../../core/values/merge";
import { mapSecretRefs, secretNameOf, secretOwnerAndName } from "../../../core/values/secrets";
import { load, ROOT, sampleTree } from "../../helpers";
import { type AlertmanagerConfigObject, operatorConfig } from "../../support/alertmanagerOperator";
import { runTool, scratch, writeYaml } from "../../support/prometheus";

const chartDefaults = parse(
    fs.readFileSync(path.join(ROOT, "test/fixtures/kube-prometheus-stack/alertmanager-defaults.yaml"), "utf8"),
) as Values;

/** A stand-in for a secret webhook's URL: which secret it is, and who owns it. */
const standIn = (owner: string, name: string) => `https://hooks.slack.invalid/${owner}/${name}`;

/**
 * The configuration Alertmanager reads on a cluster: the cluster's kube-prometheus-stack values over the
 * chart's defaults, as Helm coalesces them, with each secret webhook replaced by a stand-in URL, and the
 * teams' AlertmanagerConfigs merged in as the operator does.
 */
function alertmanagerConfig(values: Values, teams: readonly AlertmanagerConfigObject[]): Values {
    const coalesced = coalesceWithChart(
        chartDefaults,
        mapSecretRefs(values, (ref) => {
            const { owner, name } = secretOwnerAndName(ref);
            return standIn(owner, name);
        }) as Values,
    );
    const alertmanager = coalesced["alertmanager"];
    assert.ok(isMap(alertmanager) && isMap(alertmanager["config"]));
    // A team's own webhook Secret holds the team's secret; the stand-in names the team.
    return operatorConfig(alertmanager["config"], teams, (namespace) => standIn(namespace, "own-webhook"));
}

/** Every team of an environment, from each of its stacks (the foundation holds none). */
const teamsOf = (environment: string) => stacksOf(sampleTree(), environment).flatMap((s) => load(s.name).teams);

/** The platform's alert rules, and one rule's annotation rendered for a release as Prometheus fills in `{{ $labels.x }}`. */
const rules = (load("prod").monitoring?.rules.groups ?? []).flatMap(
    (g) => (g as { rules: { alert: string; annotations: Values }[] }).rules,
);
const annotation = (alert: string, key: string, labels: Record<string, string>) =>
    String(rules.find((r) => r.alert === alert)?.annotations[key]).replace(
        /\{\{ \$labels\.(\w+) \}\}/g,
        (_, name: string) => labels[name] ?? "",
    );

describe("Alertmanager configuration of every sample cluster, checked by amtool", () => {
    const dir = scratch("alertmanager");
    for (const stack of ["dev", "uat", "prod"]) {
        const model = load(stack);
        const tenants = teamsOf(stack);
        const alerting = tenants.flatMap((t) => (t.alerts ? [t.alerts] : []));
        // What each team's component writes in its namespace.
        const objects = alerting.map((a) => ({
            namespace: a.namespace,
            name: "team-alerts",
            spec: teamAlertmanagerConfig(a, a.webhookSecret ? { secretName: "team-alerts-webhook", key: "url" } : undefined),
        }));
        for (const cluster of model.environment.clusters) {
            describe(`${stack}/${cluster.name}`, () => {
                const config = alertmanagerConfig(model.monitoring?.stackValues[cluster.name]?.values ?? {}, objects);
                const file = writeYaml(dir, `${stack}-${cluster.name}.yaml`, config);
                const routes = async (labels: Record<string, string>) => {
                    const { code, stdout, output } = await runTool("amtool", [
                        "config",
                        "routes",
                        "test",
                        `--config.file=${file}`,
                        ...Object.entries(labels).map(([k, v]) => `${k}=${v}`),
                    ]);
                    assert.equal(code, 0, output);
                    return stdout.trim();
                };

                it("amtool check-config accepts it", async () => {
                    const { code, output } = await runTool("amtool", ["check-config", file]);
                    assert.equal(code, 0, output);
                    assert.match(output, /SUCCESS/);
                    assert.ok(alerting.length > 0);
                    // null, platform and one per team with a channel.
                    assert.match(output, new RegExp(`- ${alerting.length + 2} receivers`));
                });

                it("routes each team's alerts to its channel and the platform's, the rest to the platform, Watchdog nowhere", async () => {
                    for (const team of alerting) {
                        const receiver = `${team.namespace}/team-alerts/slack`;
                        assert.equal(
                            await routes({ alertname: "HelmReleaseFailed", cluster: cluster.name, namespace: team.namespace }),
                            `${receiver},platform`,
                            team.team,
                        );
                        // The environment-wide drift alert follows the release's namespace too.
                        assert.equal(
                            await routes({
                                alertname: "HelmReleaseVersionDriftBetweenClusters",
                                cluster: "all clusters",
                                namespace: team.namespace,
                            }),
                            `${receiver},platform`,
                        );
                    }
                    const silent = tenants.filter((t) => !t.alerts);
                    assert.ok(silent.length > 0);
                    for (const tenant of silent) {
                        assert.equal(
                            await routes({ alertname: "TeamPodCrashLooping", cluster: cluster.name, namespace: tenant.namespace }),
                            "platform",
                            `${tenant.team} has no channel of its own`,
                        );
                    }
                    assert.equal(await routes({ alertname: "KubePodCrashLooping", namespace: "monitoring" }), "platform");
                    assert.equal(await routes({ alertname: "Watchdog" }), "null");
                });

                it("the Slack message shows each alert's summary and the command its runbook names for that release", async () => {
                    const receiver = (config["receivers"] as { name: string; slack_configs?: { text: string }[] }[]).find(
                        (r) => r.name === "platform",
                    );
                    const labels = { cluster: cluster.name, environment: stack, namespace: "fintech", release: "fintech-payments-api" };
                    const alerts = ["HelmReleasePending", "HelmReleaseFailed"].map((alertname) => ({
                        status: "firing",
                        labels: { ...labels, alertname },
                        annotations: {
                            summary: annotation(alertname, "summary", labels),
                            runbook: annotation(alertname, "runbook", labels),
                        },
                    }));
                    // What Alertmanager hands a notification template (template.Data), as amtool reads it.
                    const data = path.join(dir, `${stack}-${cluster.name}-alerts.json`);
                    const notification = {
                        receiver: "platform",
                        status: "firing",
                        alerts,
                        groupLabels: {},
                        commonLabels: labels,
                        commonAnnotations: {},
                    };
                    fs.writeFileSync(data, JSON.stringify({ ...notification, externalURL: "http://alertmanager" }));
                    const templates = path.join(dir, "none.tmpl");
                    fs.writeFileSync(templates, "");
                    const { code, stdout, output } = await runTool("amtool", [
                        "template",
                        "render",
                        `--template.glob=${templates}`,
                        `--template.data=${data}`,
                        `--template.text=${receiver?.slack_configs?.[0]?.text}`,
                    ]);
                    assert.equal(code, 0, output);
                    const lines = stdout.trim().split("\n");
                    assert.match(
                        lines[1] ?? "",
                        new RegExp(`^Runbook: .*npm run recover -- --stack ${stack} --release fintech-payments-api \\(`),
                    );
                    assert.match(
                        lines[3] ?? "",
                        new RegExp(`^Runbook: .*npm run rollback -- --stack ${stack} --release fintech-payments-api --previous --pr`),
                    );
                });

                it("posts with the secret webhooks only: the platform's as the global URL, a team's own from its namespace", () => {
                    const values = model.monitoring?.stackValues[cluster.name]?.values ?? {};
                    const platform = (values["alertmanager"] as { config?: Values }).config ?? {};
                    assert.ok(secretNameOf(String((platform["global"] as Values)["slack_api_url"])) !== undefined);
                    const receivers = config["receivers"] as { name: string; slack_configs?: { api_url?: string }[] }[];
                    for (const r of receivers.filter((r) => r.slack_configs)) {
                        const team = alerting.find((a) => r.name.startsWith(`${a.namespace}/`));
                        const url = r.slack_configs?.[0]?.api_url;
                        // No URL of its own: the global one, which never leaves the monitoring namespace.
                        assert.equal(url, team?.webhookSecret ? standIn(team.namespace, "own-webhook") : undefined, r.name);
                    }
                });
            });
        }
    }
});
