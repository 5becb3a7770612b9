import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import { EXPORTED_METRICS } from "../../../core/monitoring/charts";
import { VIEW_SOURCE } from "../../../core/monitoring/model";
import { environmentViewValues, FEDERATED_FROM, FEDERATED_SERIES, resolvePeerAddresses } from "../../../core/monitoring/stackValues";
import { planStack } from "../../../plan/runPlan";
import { program } from "../../../program/stack";
import { changedTree, load, sampleTree } from "../../helpers";
import { tool } from "../../support/prometheus";
import { promql } from "../../support/promql";
import { tempDir } from "../../support/temp";

const read = (file: string) => sampleTree().read(file) as string;

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
        // The peers admit the view cluster's virtual network only (AKS's managed range by default).
        assert.deepEqual(prod.monitoring?.view, { cluster: "weu", peers: ["neu"], sourceRanges: ["10.224.0.0/12"] });
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
        // The jobs themselves, and their labels, are test/core/monitoring/scrapeJobs.test.ts's.
        const jobs = values.prometheus.prometheusSpec.additionalScrapeConfigs as { job_name: string }[];
        assert.deepEqual(
            jobs.map((j) => j.job_name).filter((name) => name.startsWith("kubelet") || ["apiserver", "coredns"].includes(name)),
            ["kubelet", "kubelet-cadvisor", "kubelet-probes", "apiserver", "coredns"],
        );
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
        const file = path.join(tempDir("promtool-"), "prometheus.yml");
        fs.writeFileSync(file, stringify({ global: { scrape_interval: "30s" }, scrape_configs: checkable }));
        // --syntax-only: the ServiceAccount token and CA files exist in Prometheus's pod, not here.
        const out = execFileSync(tool("promtool"), ["check", "config", "--syntax-only", file], { encoding: "utf8" });
        assert.match(out, /SUCCESS/);
    });
});
