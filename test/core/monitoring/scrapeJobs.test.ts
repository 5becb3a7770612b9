import * as assert from "node:assert/strict";
import { kubernetesScrapeJobs } from "../../../core/monitoring/scrapeJobs";

type Relabel = { source_labels?: string[]; target_label?: string; replacement?: string; action?: string; regex?: string };
type Job = {
    job_name: string;
    scheme?: string;
    metrics_path?: string;
    honor_labels?: boolean;
    authorization?: { credentials_file: string };
    tls_config?: { ca_file: string; insecure_skip_verify?: boolean };
    kubernetes_sd_configs: { role: string; namespaces?: { names: string[] } }[];
    relabel_configs: Relabel[];
};

const IDENTITY = { environment: "prod", cluster: "weu" };
const jobs = (identity: Record<string, string> = IDENTITY) => kubernetesScrapeJobs(identity) as unknown as Job[];
const job = (name: string, identity?: Record<string, string>) => {
    const found = jobs(identity).find((j) => j.job_name === name);
    assert.ok(found, name);
    return found;
};
/** The labels a job sets to fixed values. */
const setLabels = (j: Job) =>
    Object.fromEntries(j.relabel_configs.filter((r) => r.replacement !== undefined).map((r) => [r.target_label, r.replacement]));
const TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token";
const CA = "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt";

describe("Kubernetes' own scrape jobs (core/monitoring/scrapeJobs)", () => {
    it("GIVEN a cluster THEN three kubelet jobs, the API server and CoreDNS, labelled as the chart's rules and dashboards select them", () => {
        assert.deepEqual(
            jobs().map((j) => [j.job_name, setLabels(j)["job"], setLabels(j)["metrics_path"]]),
            [
                ["kubelet", "kubelet", "/metrics"],
                ["kubelet-cadvisor", "kubelet", "/metrics/cadvisor"],
                ["kubelet-probes", "kubelet", "/metrics/probes"],
                ["apiserver", "apiserver", undefined],
                ["coredns", "coredns", undefined],
            ],
        );
    });

    it("GIVEN the cluster's identity THEN every job sets its labels on every series, after its own", () => {
        for (const j of jobs()) {
            assert.deepEqual(j.relabel_configs.slice(-2), [
                { target_label: "environment", replacement: "prod" },
                { target_label: "cluster", replacement: "weu" },
            ]);
        }
    });

    it("GIVEN no identity THEN the jobs set only their own labels", () => {
        const bare = jobs({});
        assert.equal(bare.length, 5);
        for (const j of bare) {
            assert.deepEqual(
                Object.keys(setLabels(j)).filter((l) => !["job", "metrics_path"].includes(l)),
                [],
                j.job_name,
            );
        }
    });

    it("GIVEN a kubelet job THEN it scrapes every node over HTTPS with Prometheus's token, keeping the kubelet's labels", () => {
        const kubelet = job("kubelet-cadvisor");
        assert.deepEqual(
            [kubelet.scheme, kubelet.metrics_path, kubelet.honor_labels, kubelet.authorization, kubelet.kubernetes_sd_configs],
            ["https", "/metrics/cadvisor", true, { credentials_file: TOKEN }, [{ role: "node" }]],
        );
        // AKS kubelets serve self-signed certificates.
        assert.deepEqual(kubelet.tls_config, { ca_file: CA, insecure_skip_verify: true });
        assert.deepEqual(kubelet.relabel_configs[0], { source_labels: ["__meta_kubernetes_node_name"], target_label: "node" });
    });

    it("GIVEN the API server job THEN it keeps only the kubernetes Service's https endpoints and verifies the cluster's CA", () => {
        const apiserver = job("apiserver");
        assert.deepEqual(apiserver.kubernetes_sd_configs, [{ role: "endpoints", namespaces: { names: ["default"] } }]);
        assert.deepEqual(apiserver.relabel_configs[0], {
            action: "keep",
            source_labels: ["__meta_kubernetes_service_name", "__meta_kubernetes_endpoint_port_name"],
            regex: "kubernetes;https",
        });
        assert.deepEqual(
            [apiserver.scheme, apiserver.authorization, apiserver.tls_config],
            ["https", { credentials_file: TOKEN }, { ca_file: CA }],
        );
    });

    it("GIVEN the CoreDNS job THEN it keeps the chart's CoreDNS Service's metrics port, without Prometheus's token", () => {
        const coredns = job("coredns");
        assert.deepEqual(coredns.kubernetes_sd_configs, [{ role: "endpoints", namespaces: { names: ["kube-system"] } }]);
        assert.deepEqual(coredns.relabel_configs[0], {
            action: "keep",
            source_labels: ["__meta_kubernetes_service_label_jobLabel", "__meta_kubernetes_endpoint_port_name"],
            regex: "coredns;http-metrics",
        });
        assert.deepEqual(coredns.relabel_configs[1], { source_labels: ["__meta_kubernetes_pod_name"], target_label: "pod" });
        assert.equal(coredns.authorization, undefined, "the token goes to the API server and kubelets only");
    });

    it("GIVEN the jobs THEN their names are unique: Prometheus refuses a configuration repeating one", () => {
        assert.equal(new Set(jobs().map((j) => j.job_name)).size, jobs().length);
    });
});
