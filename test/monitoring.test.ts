import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parser } from "@prometheus-io/lezer-promql";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { parse, stringify } from "yaml";

import program = require("../index");

import { MonitoringStack, Platform, teamDashboard } from "../components";
import { EXPORTED_METRICS } from "../core/monitoring/charts";
import { VIEW_SOURCE } from "../core/monitoring/model";
import {
    environmentViewValues,
    FEDERATED_FROM,
    FEDERATED_SERIES,
    IDENTITY_SCRAPE_CLASS,
    resolvePeerAddresses,
} from "../core/monitoring/stackValues";
import type { Plan, PlanResource } from "../core/report/planTypes";
import { type PlanRun, planStack, writePlan } from "../plan/runPlan";
import { changedTree, load, playAzure, problemsOf, runComponents, SAMPLE_SECRETS, sampleTree } from "./helpers";

const read = (file: string) => sampleTree().read(file) as string;

/** What AKS hands out as a cluster user's kubeconfig (Entra ID through kubelogin). */
const CLUSTER_USER_KUBECONFIG = [
    "apiVersion: v1",
    "kind: Config",
    "current-context: aks",
    "contexts: [{name: aks, context: {cluster: aks, user: clusterUser}}]",
    "clusters: [{name: aks, cluster: {server: 'https://aks.example:443'}}]",
    "users: [{name: clusterUser, user: {exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: kubelogin, args: [get-token, --login, devicecode, --server-id, 6dae42f8-4368-4678-94ff-3960e28e3630]}}}]",
].join("\n");

/** Parses a PromQL expression with the Prometheus project's own grammar; returns its metric names. */
function promql(expr: string): string[] {
    const tree = parser.parse(expr);
    const metrics: string[] = [];
    let error: number | undefined;
    tree.iterate({
        enter: (node) => {
            if (node.type.isError && error === undefined) {
                error = node.from;
            }
            if (node.name === "Identifier" && node.node.parent?.name === "VectorSelector") {
                metrics.push(expr.slice(node.from, node.to));
            }
        },
    });
    assert.equal(error, undefined, `PromQL does not parse at ${error}: ${expr}`);
    return metrics;
}

describe("monitoring on every cluster", () => {
    let run: PlanRun;
    before(async () => {
        run = await planStack(program, sampleTree(), "prod");
    });
    const all = (type: string) => (run.plan?.resources ?? []).filter((r) => r.type === type);
    const release = (cluster: string, name: string) =>
        all("kubernetes:helm.sh/v3:Release").find((r) => r.name === `prod-${cluster}-monitoring-${name}-release`) as PlanResource;

    it("installs the operator CRDs as their own release, and kube-prometheus-stack after it with CRDs skipped", () => {
        for (const cluster of ["weu", "neu"]) {
            const crds = release(cluster, "crds");
            const stack = release(cluster, "stack");
            assert.deepEqual(
                [crds.inputs.chart, crds.inputs.version, crds.inputs.namespace],
                ["prometheus-operator-crds", "24.0.2", "monitoring"],
            );
            assert.deepEqual([stack.inputs.chart, stack.inputs.version, stack.inputs.skipCrds], ["kube-prometheus-stack", "79.5.0", true]);
            assert.ok(
                stack.dependsOn.includes(`kubernetes:helm.sh/v3:Release::${crds.name}`),
                `${cluster}: the stack must wait for the CRDs`,
            );
            const rule = all("kubernetes:monitoring.coreos.com/v1:PrometheusRule").find((r) => r.name.startsWith(`prod-${cluster}-`));
            assert.ok(rule?.dependsOn.includes(`kubernetes:helm.sh/v3:Release::${crds.name}`));
        }
    });

    it("labels each cluster's Prometheus with its cluster and environment, and merges the environment's values", () => {
        const load_ = load("prod");
        for (const cluster of ["weu", "neu"]) {
            const { values, sources } = load_.monitoring?.stackValues[cluster] ?? { values: {}, sources: {} };
            const spec = (values.prometheus as { prometheusSpec: Record<string, any> }).prometheusSpec;
            assert.deepEqual(spec.externalLabels, { cluster, environment: "prod" });
            assert.equal(spec.retention, "30d");
            assert.equal(sources["prometheus.prometheusSpec.retention"], "values/monitoring/prod.yaml");
            assert.deepEqual(values.crds, { enabled: false });
        }
        assert.equal((load("dev").monitoring?.stackValues.weu?.values.prometheus as any)?.prometheusSpec.retention, "3d");
    });

    it("labels every stored series with its cluster and environment: a default scrape class, and the platform's own jobs", () => {
        for (const cluster of ["weu", "neu"]) {
            const spec =
                (load("prod").monitoring?.stackValues[cluster]?.values.prometheus as { prometheusSpec: Record<string, any> } | undefined)
                    ?.prometheusSpec ?? {};
            const identity = [
                { action: "replace", targetLabel: "cluster", replacement: cluster },
                { action: "replace", targetLabel: "environment", replacement: "prod" },
            ];
            assert.deepEqual(spec.scrapeClasses, [
                { name: IDENTITY_SCRAPE_CLASS, default: true, relabelings: identity, metricRelabelings: identity },
            ]);
            for (const job of spec.additionalScrapeConfigs.filter((j: { job_name: string }) => j.job_name !== "environment-federation")) {
                const set = Object.fromEntries(
                    job.relabel_configs
                        .filter((r: { target_label: string }) => ["cluster", "environment"].includes(r.target_label))
                        .map((r: { target_label: string; replacement: string }) => [r.target_label, r.replacement]),
                );
                assert.deepEqual(set, { cluster, environment: "prod" }, job.job_name);
            }
        }
    });

    it("lists every platform release in the plan as it registers it: chart, version, repository, namespace", () => {
        const registered = all("kubernetes:helm.sh/v3:Release").filter((r) => r.inputs.namespace === "monitoring");
        const listed = run.plan?.platformReleases ?? [];
        assert.equal(listed.length, 6, "three per cluster");
        for (const r of listed) {
            const resource = registered.find((x) => x.inputs.name === r.name && x.name.startsWith(`prod-${r.cluster}-`)) as PlanResource;
            assert.ok(resource, `${r.cluster}/${r.name} is registered`);
            assert.deepEqual(
                [r.chart, r.version, r.repository, r.namespace],
                [
                    resource.inputs.chart,
                    resource.inputs.version,
                    (resource.inputs.repositoryOpts as { repo: string }).repo,
                    resource.inputs.namespace,
                ],
            );
        }
        assert.equal(registered.length, listed.length);
    });

    it("writes each platform release's values like a team release's: only secrets as [secret], only the peers' addresses as [unknown]", () => {
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "plan-"));
        writePlan(out, run.plan as Plan, run.access, "");
        const masked = (values: unknown, mask: string, at = ""): string[] =>
            values === mask
                ? [at]
                : Array.isArray(values)
                  ? values.flatMap((v, i) => masked(v, mask, `${at}[${i}]`))
                  : values && typeof values === "object"
                    ? Object.entries(values).flatMap(([k, v]) => masked(v, mask, at ? `${at}.${k}` : k))
                    : [];
        for (const r of run.plan?.platformReleases ?? []) {
            const file = path.join(out, "prod", "values", r.cluster, "monitoring", `${r.name}.yaml`);
            const written = parse(fs.readFileSync(file, "utf8")) ?? {};
            assert.deepEqual(written, r.values, file);
            assert.deepEqual(
                masked(written, "[secret]").sort(),
                Object.keys(r.secrets ?? {}).sort(),
                `${file}: [secret] exactly where a secret is`,
            );
            const unknown = masked(written, "[unknown]");
            assert.deepEqual(
                unknown,
                r.cluster === "weu" && r.name === "kube-prometheus-stack"
                    ? [
                          "grafana.additionalDataSources[0].url",
                          "prometheus.prometheusSpec.additionalScrapeConfigs[5].static_configs[0].targets[0]",
                      ]
                    : [],
                file,
            );
        }
        const stack = fs.readFileSync(path.join(out, "prod", "values", "weu", "monitoring", "kube-prometheus-stack.yaml"), "utf8");
        assert.match(stack, /retention: 30d/);
        assert.ok(!stack.includes("hooks.slack") && !stack.includes("\u0000"), "no secret, no reference text");
    });

    it("fills in the peers' addresses on the view cluster once the cloud knows them", async () => {
        let viewValues: unknown;
        await runComponents(() => new Platform("prod", { model: load("prod"), secrets: SAMPLE_SECRETS }), {
            preview: false,
            calls: {
                "azure-native:authorization:getClientConfig": () => ({
                    objectId: "00000000-0000-0000-0000-00000000d3b1",
                    tenantId: "t",
                    subscriptionId: "s",
                    clientId: "c",
                }),
                "azure-native:containerservice:listManagedClusterUserCredentials": () => ({
                    kubeconfigs: [{ name: "u", value: Buffer.from(CLUSTER_USER_KUBECONFIG).toString("base64") }],
                }),
            },
            cloud: (args) => {
                if (args.name === "prod-weu-monitoring-stack-release") {
                    viewValues = args.inputs.values;
                }
                const played = playAzure(args);
                return args.type === "kubernetes:core/v1:Service"
                    ? { ...played, state: { status: { loadBalancer: { ingress: [{ ip: "10.20.0.7" }] } } } }
                    : played;
            },
        });
        // The engine receives the values as one secret: Pulumi's signature key and the plain value inside.
        const secret = viewValues as Record<string, unknown>;
        assert.equal(secret[pulumi.runtime.specialSigKey], pulumi.runtime.specialSecretSig);
        const values = secret["value"] as any;
        assert.equal(values.grafana.additionalDataSources[0].url, "http://10.20.0.7:9090");
        assert.deepEqual(values.prometheus.prometheusSpec.additionalScrapeConfigs[5].static_configs[0].targets, ["10.20.0.7:9090"]);
        assert.equal(
            values.grafana.adminPassword,
            SAMPLE_SECRETS.platform?.["grafana-admin-password"],
            "the release itself gets the secret",
        );
    });

    it("keeps the Slack webhook and Grafana password secret: the stack release's values are one secret", () => {
        assert.equal(release("neu", "stack").inputs.values, "[secret]");
        // The view cluster's values also hold the peers' internal addresses, known only after deployment.
        assert.equal(release("weu", "stack").inputs.values, "[unknown]");
        assert.ok(!JSON.stringify(run.plan).includes("hooks.slack"));
    });

    it("gives the environment one view: the other clusters expose Prometheus internally, the first reads them", () => {
        const peers = all("kubernetes:core/v1:Service").filter(
            (r) => (r.inputs.metadata as { name: string }).name === "prometheus-environment-view",
        );
        assert.deepEqual(
            peers.map((p) => p.name),
            ["prod-neu-monitoring-peer"],
        );
        const metadata = peers[0].inputs.metadata as { annotations: Record<string, string> };
        assert.equal(metadata.annotations["service.beta.kubernetes.io/azure-load-balancer-internal"], "true");
        assert.equal((peers[0].inputs.spec as { type: string }).type, "LoadBalancer");
    });

    it("routes a team's alerts to its channel, then to the platform channel; Watchdog nowhere", () => {
        const config = (load("prod").monitoring?.stackValues.weu?.values.alertmanager as any)?.config;
        const routes = config.route.routes as { receiver: string; matchers?: string[]; continue?: boolean }[];
        assert.deepEqual(
            routes.map((r) => r.receiver),
            ["null", "team-fintech", "team-retail", "platform"],
        );
        assert.deepEqual(routes[1], { receiver: "team-fintech", matchers: ['namespace="fintech"'], continue: true });
        const fintech = config.receivers.find((r: { name: string }) => r.name === "team-fintech");
        assert.equal(fintech.slack_configs[0].channel, "#fintech-alerts");
        assert.ok(String(fintech.slack_configs[0].api_url).endsWith("slack-webhook-url"), "a reference to the secret, never the URL");
        const platform = config.receivers.find((r: { name: string }) => r.name === "platform");
        assert.equal(platform.slack_configs[0].channel, "#platform-alerts");
    });

    it("provisions the dashboards through the Grafana sidecar, with one team view per team that has alerts", () => {
        const maps = all("kubernetes:core/v1:ConfigMap").filter((r) => r.name.startsWith("prod-weu-"));
        const names = maps.map((m) => (m.inputs.metadata as { name: string }).name).sort();
        assert.deepEqual(names, ["dashboard-helm-releases", "dashboard-team-fintech", "dashboard-team-retail"]);
        for (const m of maps) {
            assert.deepEqual((m.inputs.metadata as { labels: Record<string, string> }).labels, { grafana_dashboard: "1" });
        }
        const fintech = JSON.parse(
            Object.values(
                maps.find((m) => (m.inputs.metadata as { name: string }).name === "dashboard-team-fintech")?.inputs.data as Record<
                    string,
                    string
                >,
            )[0],
        );
        assert.equal(fintech.templating.list.find((v: { name: string }) => v.name === "team").query, "fintech");
    });

    it("creates a ServiceMonitor for an app that opts in, in its namespace, after the CRDs and the release", () => {
        const monitors = all("kubernetes:monitoring.coreos.com/v1:ServiceMonitor").filter(
            (r) => (r.inputs.metadata as { namespace: string }).namespace === "fintech",
        );
        assert.equal(monitors.length, 2, "payments-api on both clusters");
        const weu = monitors.find((m) => m.name.startsWith("prod-weu-")) as PlanResource;
        assert.deepEqual((weu.inputs.spec as any).endpoints, [{ port: "http", path: "/metrics", interval: "30s" }]);
        assert.ok(weu.dependsOn.includes("kubernetes:helm.sh/v3:Release::prod-weu-monitoring-crds-release"));
        assert.ok(weu.dependsOn.includes("kubernetes:helm.sh/v3:Release::prod-weu-fintech-payments-api-release"));
    });

    it("makes a release that is scraped wait for the monitoring CRDs (its chart may render a ServiceMonitor), and no other", () => {
        const releases = all("kubernetes:helm.sh/v3:Release");
        const crds = "kubernetes:helm.sh/v3:Release::prod-weu-monitoring-crds-release";
        assert.ok(releases.find((r) => r.name === "prod-weu-fintech-payments-api-release")?.dependsOn.includes(crds));
        assert.ok(!releases.find((r) => r.name === "prod-weu-fintech-ledger-release")?.dependsOn.includes(crds));
    });
});

describe("environment view values", () => {
    it("adds a Grafana data source and a federation target per peer cluster", () => {
        const values = environmentViewValues([{ cluster: "neu", address: "10.1.2.3" }]) as any;
        assert.deepEqual(values.grafana.additionalDataSources, [
            { name: "Prometheus neu", type: "prometheus", access: "proxy", url: "http://10.1.2.3:9090" },
        ]);
        const job = values.prometheus.prometheusSpec.additionalScrapeConfigs[0];
        assert.equal(job.metrics_path, "/federate");
        assert.equal(job.honor_labels, true, "federated series keep the peer's own cluster label");
        assert.deepEqual(job.static_configs, [{ targets: ["10.1.2.3:9090"], labels: { [FEDERATED_FROM]: "neu" } }]);
        for (const selector of job.params["match[]"]) {
            assert.deepEqual(
                promql(selector).filter((m) => !EXPORTED_METRICS.has(m)),
                [],
                selector,
            );
        }
    });

    it("federates every metric the dashboards and the cross-cluster alert read", () => {
        const federated = new Set(FEDERATED_SERIES.flatMap(promql));
        const dashboards = Object.values(load("prod").monitoring?.dashboards ?? {}).flatMap((json) =>
            (JSON.parse(json).panels as { targets: { expr: string }[] }[]).flatMap((p) =>
                p.targets.flatMap((t) => promql(t.expr.replace(/\$\{?[a-z]+\}?/g, ".*"))),
            ),
        );
        const drift = load("prod")
            .monitoring?.rules.groups.flatMap((g) => (g as { rules: { alert: string; expr: string }[] }).rules)
            .find((r) => r.alert === "HelmReleaseVersionDriftBetweenClusters");
        for (const metric of [...dashboards, ...promql(drift?.expr ?? "")]) {
            assert.ok(federated.has(metric), `${metric} is not federated to the view`);
        }
    });

    it("is the top layer of the view cluster's values, with the peers' addresses as references the plan shows as unknown", () => {
        const prod = load("prod");
        assert.deepEqual(prod.monitoring?.view, { cluster: "weu", peers: ["neu"] });
        const weu = prod.monitoring?.stackValues.weu as NonNullable<typeof prod.monitoring>["stackValues"][string];
        assert.equal(weu.sources["grafana.additionalDataSources"], VIEW_SOURCE);
        assert.equal(weu.sources["prometheus.prometheusSpec.additionalScrapeConfigs"], VIEW_SOURCE);
        assert.equal(weu.sources["prometheus.prometheusSpec.retention"], "values/monitoring/prod.yaml", "the files' keys keep their files");
        const jobs = (weu.values.prometheus as any).prometheusSpec.additionalScrapeConfigs as { job_name: string }[];
        assert.deepEqual(
            jobs.map((j) => j.job_name),
            ["kubelet", "kubelet-cadvisor", "kubelet-probes", "apiserver", "coredns", "environment-federation"],
            "the view adds to the cluster's own jobs",
        );
        const resolved = resolvePeerAddresses(weu.values, { neu: "10.1.2.3" }) as any;
        assert.equal(resolved.grafana.additionalDataSources[0].url, "http://10.1.2.3:9090");
        assert.deepEqual(resolved.prometheus.prometheusSpec.additionalScrapeConfigs[5].static_configs[0].targets, ["10.1.2.3:9090"]);
        assert.throws(() => resolvePeerAddresses(weu.values, {}), /address of cluster neu's Prometheus is not known/);
        assert.deepEqual(
            Object.keys(prod.monitoring?.stackValues.neu.sources ?? {}).filter(
                (k) => prod.monitoring?.stackValues.neu.sources[k] === VIEW_SOURCE,
            ),
            [],
            "peers have no view layer",
        );
    });

    it("GIVEN one cluster THEN there is no view", () => {
        assert.equal(load("dev").monitoring?.view, undefined);
    });

    it("adds nothing for a single cluster", () => {
        assert.deepEqual(environmentViewValues([]), {});
    });

    it("GIVEN view: cluster THEN no cluster exposes its Prometheus", async () => {
        const stack = read("Pulumi.prod.yaml").replace(
            "    webhookSecret: slack-webhook-url\n",
            "    webhookSecret: slack-webhook-url\n    view: cluster\n",
        );
        const run = await planStack(program, changedTree({ "Pulumi.prod.yaml": stack }), "prod");
        assert.equal(run.exitCode, 0, run.error);
        assert.ok(!run.plan?.resources.some((r) => r.name.endsWith("-monitoring-peer")));
    });
});

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
        const out = JSON.parse(teamDashboard(template, { team: "data", namespace: "data", slackChannel: "#d", webhookSecret: "w" }));
        assert.equal(out.uid, "helm-platform-team-data");
        assert.deepEqual(out.panels, JSON.parse(template).panels);
    });

    it("the component can be reused on its own", async () => {
        const dashboards = load("dev").monitoring?.dashboards ?? {};
        const run = await runComponents(() => {
            const provider = new k8s.Provider("k", { kubeconfig: "unused" });
            new MonitoringStack(
                "m",
                { environment: "dev", cluster: "weu", stackValues: {}, rules: { groups: [] }, dashboards, teams: [] },
                { provider },
            );
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

describe("Prometheus does not trust what tenants write", () => {
    const spec = () => {
        const model = load("prod");
        return model.monitoring?.stackValues.weu.values as { prometheus: { prometheusSpec: Record<string, any> } } & Record<string, any>;
    };

    it("refuses file access and namespace selectors in ServiceMonitors, and labels tenant series and alerts with their own namespace", () => {
        const values = spec();
        const p = values.prometheus.prometheusSpec;
        assert.deepEqual(p.arbitraryFSAccessThroughSMs, { deny: true });
        assert.equal(p.ignoreNamespaceSelectors, true);
        assert.equal(p.enforcedNamespaceLabel, "namespace");
        // The platform's own monitors and rules, which speak about every namespace, keep their labels.
        assert.deepEqual(
            p.excludedFromEnforcement.map((e: { resource: string; namespace: string }) => `${e.namespace}/${e.resource}`).sort(),
            ["monitoring/podmonitors", "monitoring/probes", "monitoring/prometheusrules", "monitoring/servicemonitors"],
        );
    });

    it("scrapes Kubernetes' own targets as platform jobs, since the chart's ServiceMonitors for them read files", () => {
        const values = spec();
        for (const key of ["kubelet", "kubeApiServer", "coreDns"]) {
            assert.deepEqual(values[key], { serviceMonitor: { enabled: false } }, key);
        }
        for (const key of ["kubeControllerManager", "kubeScheduler", "kubeEtcd", "kubeProxy"]) {
            assert.deepEqual(values[key], { enabled: false }, key);
        }
        const jobs = values.prometheus.prometheusSpec.additionalScrapeConfigs as {
            job_name: string;
            relabel_configs: { target_label?: string; replacement?: string }[];
        }[];
        const jobLabel = (name: string) =>
            jobs.find((j) => j.job_name === name)?.relabel_configs.find((r) => r.target_label === "job")?.replacement;
        assert.deepEqual(["kubelet", "kubelet-cadvisor", "kubelet-probes", "apiserver", "coredns"].map(jobLabel), [
            "kubelet",
            "kubelet",
            "kubelet",
            "apiserver",
            "coredns",
        ]);
    });

    it("writes scrape jobs that promtool accepts, the environment view's federation included", () => {
        const values = resolvePeerAddresses(load("prod").monitoring?.stackValues.weu.values ?? {}, { neu: "10.1.2.3" });
        const written = (values.prometheus as { prometheusSpec: { additionalScrapeConfigs: Record<string, unknown>[] } }).prometheusSpec
            .additionalScrapeConfigs;
        assert.equal(written.length, 6);
        // Debian builds Prometheus without Kubernetes service discovery, so promtool there cannot read
        // kubernetes_sd_configs: those blocks are checked here against the roles Prometheus knows, and
        // replaced by a static target for promtool, which checks everything else as written.
        const discovery = written.flatMap((j) => (j.kubernetes_sd_configs as Record<string, unknown>[] | undefined) ?? []);
        assert.ok(discovery.length >= 5);
        for (const sd of discovery) {
            assert.ok(["node", "endpoints"].includes(sd.role as string), JSON.stringify(sd));
            assert.deepEqual(
                Object.keys(sd).filter((k) => !["role", "namespaces"].includes(k)),
                [],
            );
        }
        const checkable = written.map(({ kubernetes_sd_configs: sd, ...job }) =>
            sd ? { ...job, static_configs: [{ targets: ["discovered.invalid:10250"] }] } : job,
        );
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "promtool-")), "prometheus.yml");
        fs.writeFileSync(file, stringify({ global: { scrape_interval: "30s" }, scrape_configs: checkable }));
        // --syntax-only: the ServiceAccount token and CA files exist in Prometheus's pod, not here.
        const out = execFileSync("promtool", ["check", "config", "--syntax-only", file], { encoding: "utf8" });
        assert.match(out, /SUCCESS/);
    });
});
