import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { IDENTITY_SCRAPE_CLASS } from "../../../core/monitoring/stackValues";
import type { Plan, PlanResource } from "../../../core/report/planTypes";
import { type PlanRun, writePlan } from "../../../plan/runPlan";
import { Platform } from "../../../program/platform";
import { load, playAzure, runComponents, SAMPLE_SECRETS } from "../../helpers";
import { samplePlanRun } from "../../support/plans";
import { tempDir } from "../../support/temp";

/** What AKS hands out as a cluster user's kubeconfig (Entra ID through kubelogin). */
const CLUSTER_USER_KUBECONFIG = [
    "apiVersion: v1",
    "kind: Config",
    "current-context: aks",
    "contexts: [{name: aks, context: {cluster: aks, user: clusterUser}}]",
    "clusters: [{name: aks, cluster: {server: 'https://aks.example:443'}}]",
    "users: [{name: clusterUser, user: {exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: kubelogin, args: [get-token, --login, devicecode, --server-id, 6dae42f8-4368-4678-94ff-3960e28e3630]}}}]",
].join("\n");

describe("monitoring on every cluster", () => {
    let run: PlanRun;
    /** The shards of the sample's prod, and the single stack of dev. */
    const others = new Map<string, Plan>();
    before(async () => {
        run = await samplePlanRun("prod");
        for (const stack of ["prod.payments", "prod.commerce", "dev"]) {
            others.set(stack, (await samplePlanRun(stack)).plan as Plan);
        }
    });
    const all = (type: string) => (run.plan?.resources ?? []).filter((r) => r.type === type);
    const allIn = (stack: string, type: string) => (others.get(stack)?.resources ?? []).filter((r) => r.type === type);
    const release = (cluster: string, name: string) =>
        all("kubernetes:helm.sh/v3:Release").find((r) => r.name === `prod-${cluster}-monitoring-${name}-release`) as PlanResource;

    it("installs the operator CRDs as their own release, and kube-prometheus-stack after it with CRDs skipped", () => {
        const mirrored = (chart: string) => `oci://acrhelmplatformprod.azurecr.io/helm-charts/platform/${chart}@`;
        for (const cluster of ["weu", "neu"]) {
            const crds = release(cluster, "crds");
            const stack = release(cluster, "stack");
            assert.deepEqual([crds.inputs.version, crds.inputs.namespace, crds.inputs.repositoryOpts], ["24.0.2", "monitoring", undefined]);
            assert.ok(String(crds.inputs.chart).startsWith(mirrored("prometheus-operator-crds")), "from prod's own registry, by digest");
            assert.ok(String(stack.inputs.chart).startsWith(mirrored("kube-prometheus-stack")));
            assert.deepEqual([stack.inputs.version, stack.inputs.skipCrds], ["79.5.0", true]);
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

    for (const stack of ["dev", "prod"]) {
        it(`${stack}: lists every platform release in the plan as it registers it: chart, digest, version, repository, namespace`, async () => {
            const planned = stack === "prod" ? run : await samplePlanRun(stack);
            const registered = (planned.plan?.resources ?? []).filter(
                (r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.namespace === "monitoring",
            );
            const listed = planned.plan?.platformReleases ?? [];
            assert.equal(listed.length, stack === "prod" ? 6 : 3, "three per cluster");
            for (const r of listed) {
                const resource = registered.find(
                    (x) => x.inputs.name === r.name && x.name.startsWith(`${stack}-${r.cluster}-`),
                ) as PlanResource;
                assert.ok(resource, `${r.cluster}/${r.name} is registered`);
                assert.deepEqual(
                    [r.digest ? `${r.chart}@${r.digest}` : r.chart, r.version, r.repository, r.namespace],
                    [
                        resource.inputs.chart,
                        resource.inputs.version,
                        (resource.inputs.repositoryOpts as { repo: string } | undefined)?.repo,
                        resource.inputs.namespace,
                    ],
                );
                // Production mirrors the platform's charts into its own registry; dev pulls them from upstream.
                assert.equal(r.repository === undefined, stack === "prod", `${r.name}: ${r.repository}`);
            }
            assert.equal(registered.length, listed.length);
        });
    }

    it("writes each platform release's values like a team release's: only secrets as [secret], only the peers' addresses as [unknown]", () => {
        const out = tempDir("plan-");
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

    it("GIVEN the view cluster's virtual network THEN the peer's Prometheus admits it alone, the rest of the network denied", () => {
        const [peer] = all("kubernetes:core/v1:Service").filter((r) => r.name === "prod-neu-monitoring-peer");
        const view = load("prod").environment.clusters.find((c) => c.name === "weu");
        assert.deepEqual((peer.inputs.spec as { loadBalancerSourceRanges: string[] }).loadBalancerSourceRanges, view?.network.vnetCidrs);
        // Azure's security group admits the whole virtual network unless the Service asks it to deny the rest.
        const annotations = (peer.inputs.metadata as { annotations: Record<string, string> }).annotations;
        assert.equal(annotations["service.beta.kubernetes.io/azure-deny-all-except-load-balancer-source-ranges"], "true");
    });

    it("lets Grafana's dashboard sidecar read the monitoring namespace only, with a namespaced Role", () => {
        const grafana = load("prod").monitoring?.stackValues.weu?.values.grafana as Record<string, any>;
        assert.deepEqual(grafana.sidecar.dashboards.searchNamespace, ["monitoring"]);
        assert.equal(grafana.rbac.namespaced, true);
    });

    it("routes the platform's alerts to its channel with its webhook as the global one, Watchdog nowhere, and no team in it", () => {
        const config = (load("prod").monitoring?.stackValues.weu?.values.alertmanager as any)?.config;
        const routes = config.route.routes as { receiver: string; matchers?: string[]; continue?: boolean }[];
        assert.deepEqual(
            routes.map((r) => r.receiver),
            ["null", "platform"],
        );
        assert.ok(String(config.global.slack_api_url).endsWith("slack-webhook-url"), "a reference to the secret, never the URL");
        const platform = config.receivers.find((r: { name: string }) => r.name === "platform");
        assert.equal(platform.slack_configs[0].channel, "#platform-alerts");
        const spec = (load("prod").monitoring?.stackValues.weu?.values.alertmanager as any)?.alertmanagerSpec;
        assert.deepEqual(spec.alertmanagerConfigSelector, { matchLabels: { "app.kubernetes.io/managed-by": "helm-platform" } });
        assert.deepEqual(spec.alertmanagerConfigMatcherStrategy, { type: "OnNamespace" });
    });

    it("routes a team's alerts from its own side: an AlertmanagerConfig in its namespace, written by the platform, in its shard", () => {
        const configs = allIn("prod.payments", "kubernetes:monitoring.coreos.com/v1alpha1:AlertmanagerConfig");
        assert.deepEqual(
            configs.map((c) => [c.name, (c.inputs.metadata as any).namespace, c.provider]),
            [
                ["prod-weu-fintech-alerts", "fintech", "pulumi:providers:kubernetes::prod-weu-k8s"],
                ["prod-neu-fintech-alerts", "fintech", "pulumi:providers:kubernetes::prod-neu-k8s"],
            ],
        );
        const slack = (configs[0]?.inputs.spec as any)?.receivers[0].slackConfigs[0] ?? {};
        assert.equal(slack.channel, "#fintech-alerts");
        assert.equal(slack.apiURL, undefined, "the platform's webhook, global, never copied into the team's namespace");
        assert.deepEqual(all("kubernetes:monitoring.coreos.com/v1alpha1:AlertmanagerConfig"), [], "none in the foundation");
    });

    it("provisions the dashboards through the Grafana sidecar: the platform's with the foundation, each team's view with the team", () => {
        const names = (maps: PlanResource[]) => maps.map((m) => (m.inputs.metadata as { name: string }).name).sort();
        assert.deepEqual(names(all("kubernetes:core/v1:ConfigMap").filter((r) => r.name.startsWith("prod-weu-"))), [
            "dashboard-helm-releases",
        ]);
        const fintech = allIn("prod.payments", "kubernetes:core/v1:ConfigMap").filter((r) => r.name.startsWith("prod-weu-"));
        const retail = allIn("prod.commerce", "kubernetes:core/v1:ConfigMap").filter((r) => r.name.startsWith("prod-weu-"));
        assert.deepEqual([names(fintech), names(retail)], [["dashboard-team-fintech"], ["dashboard-team-retail"]]);
        for (const m of [...fintech, ...retail]) {
            assert.deepEqual((m.inputs.metadata as { labels: Record<string, string> }).labels, { grafana_dashboard: "1" });
            assert.equal((m.inputs.metadata as { namespace: string }).namespace, "monitoring");
        }
        const dashboard = JSON.parse(Object.values(fintech[0]?.inputs.data as Record<string, string>)[0] as string);
        assert.equal(dashboard.templating.list.find((v: { name: string }) => v.name === "team").query, "fintech");
    });

    it("creates a ServiceMonitor for an app that opts in, in its namespace, after the release (and the CRDs, where its stack has them)", () => {
        const monitors = allIn("prod.payments", "kubernetes:monitoring.coreos.com/v1:ServiceMonitor").filter(
            (r) => (r.inputs.metadata as { namespace: string }).namespace === "fintech",
        );
        assert.equal(monitors.length, 2, "payments-api on both clusters");
        const weu = monitors.find((m) => m.name.startsWith("prod-weu-")) as PlanResource;
        assert.deepEqual((weu.inputs.spec as any).endpoints, [{ port: "http", path: "/metrics", interval: "30s" }]);
        assert.ok(weu.dependsOn.includes("kubernetes:helm.sh/v3:Release::prod-weu-fintech-payments-api-release"));
        // In one stack, the CRDs come first; a shard's are the foundation's, deployed before it.
        const dev = allIn("dev", "kubernetes:monitoring.coreos.com/v1:ServiceMonitor").find(
            (r) => r.name === "dev-weu-fintech-payments-api-monitor",
        );
        assert.ok(dev?.dependsOn.includes("kubernetes:helm.sh/v3:Release::dev-weu-monitoring-crds-release"));
    });

    it("makes a release that is scraped wait for the monitoring CRDs where its stack has them, and no other", () => {
        const releases = allIn("dev", "kubernetes:helm.sh/v3:Release");
        const crds = "kubernetes:helm.sh/v3:Release::dev-weu-monitoring-crds-release";
        assert.ok(releases.find((r) => r.name === "dev-weu-fintech-payments-api-release")?.dependsOn.includes(crds));
        assert.ok(!releases.find((r) => r.name === "dev-weu-fintech-ledger-release")?.dependsOn.includes(crds));
    });
});
