import * as assert from "node:assert/strict";
import { createHash } from "node:crypto";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterConnection } from "../../../components/cluster/connection";
import { monitorClusters } from "../../../components/monitoring/environmentMonitoring";
import type { MonitoringStack } from "../../../components/monitoring/monitoringStack";
import { TYPE } from "../../../core/base/resourceTypes";
import type { MonitoringSpec, PlatformReleaseSpec } from "../../../core/model/monitoring";
import { MONITORING_CHARTS } from "../../../core/monitoring/charts";
import { peerAddressRef } from "../../../core/monitoring/stackValues";
import type { Values } from "../../../core/values/merge";
import { runComponents } from "../../helpers";

/** A cluster as the platform reaches it: its own provider. */
const connection = (name: string): ClusterConnection => ({
    clusterName: name,
    clusterIdentifier: `shop/${name}`,
    provider: new k8s.Provider(`shop-${name}-k8s`, { kubeconfig: "unused" }),
    outputs: { name: `aks-shop-${name}` },
});

/** Each monitoring chart on `cluster`, from shop's registry at a version of its own. */
const releasesOn = (cluster: string): PlatformReleaseSpec[] =>
    Object.values(MONITORING_CHARTS).map((c) => ({
        cluster,
        namespace: "monitoring",
        releaseName: c.releaseName,
        chart: `oci://acrshop.azurecr.io/helm-charts/platform/${c.chart}`,
        version: `${cluster === "weu" ? 1 : 2}.0.0`,
        digest: `sha256:${createHash("sha256").update(`${cluster} ${c.releaseName}`).digest("hex")}`,
        values: {},
        sources: {},
    }));

/** Monitoring of shop's clusters weu (the view) and neu (its peer), whose values say where they are. */
const SPEC: MonitoringSpec = {
    stackValues: {
        weu: { values: { cluster: "weu", peer: `http://${peerAddressRef("neu")}:9090` }, sources: {} },
        neu: { values: { cluster: "neu" }, sources: {} },
    },
    releases: [...releasesOn("weu"), ...releasesOn("neu")],
    view: { cluster: "weu", peers: ["neu"], sourceRanges: ["10.224.0.0/12"] },
    rules: { groups: [] },
    dashboards: {},
};

/** The platform's monitoring on `clusters` with the cloud played: the stacks, what was registered, and the values each stack release got. */
async function monitor(clusters: readonly string[], spec: MonitoringSpec | undefined) {
    let monitors = new Map<string, MonitoringStack>();
    const values = new Map<string, Values>();
    const run = await runComponents(
        () => {
            const parent = new pulumi.ComponentResource(TYPE.platform, "shop", {}, {});
            monitors = monitorClusters(parent, "shop", clusters.map(connection), spec, {});
        },
        {
            preview: false,
            cloud: (args) => {
                if (args.type === TYPE.release && args.name.endsWith("-monitoring-stack-release")) {
                    // The engine gets values still being computed as one secret: the plain value inside.
                    values.set(args.name, (args.inputs.values as { value: Values }).value);
                }
                const peer = args.type === "kubernetes:core/v1:Service" && args.name.endsWith("-peer");
                return { id: `${args.name}-id`, state: peer ? { status: { loadBalancer: { ingress: [{ ip: "10.20.0.7" }] } } } : {} };
            },
        },
    );
    return { monitors, run, values };
}

describe("monitoring of every cluster of an environment (components/monitoring/environmentMonitoring.ts)", () => {
    it("GIVEN no monitoring THEN no cluster gets a monitoring stack, and nothing is registered", async () => {
        const { monitors, run } = await monitor(["weu"], undefined);
        assert.equal(monitors.size, 0);
        assert.deepEqual(
            run.resources.filter((r) => r.type !== TYPE.platform && r.type !== TYPE.kubernetesProvider),
            [],
        );
    });

    describe("GIVEN an environment view", () => {
        let done: Awaited<ReturnType<typeof monitor>>;
        before(async () => {
            done = await monitor(["weu", "neu"], SPEC);
        });

        it("THEN every cluster gets its stack, named after it, on its own provider, under the platform", () => {
            assert.deepEqual([...done.monitors.keys()].sort(), ["neu", "weu"]);
            for (const cluster of ["weu", "neu"]) {
                const stack = done.run.one(TYPE.monitoringStack, `shop-${cluster}-monitoring`);
                assert.equal(stack.parent, `${TYPE.platform}::shop`);
                assert.equal(
                    done.run.one(TYPE.release, `shop-${cluster}-monitoring-crds-release`).provider,
                    `pulumi:providers:kubernetes::shop-${cluster}-k8s`,
                );
            }
        });

        it("THEN the peer exposes its Prometheus to the view's network only, and the view exposes none", () => {
            const services = done.run.all("kubernetes:core/v1:Service");
            assert.deepEqual(
                services.map((s) => s.name),
                ["shop-neu-monitoring-peer"],
            );
            assert.deepEqual((services[0]?.inputs.spec as { loadBalancerSourceRanges?: string[] } | undefined)?.loadBalancerSourceRanges, [
                "10.224.0.0/12",
            ]);
        });

        it("THEN the view's values get the peer's address once the cloud knows it; the peer's are its own", () => {
            assert.deepEqual(done.values.get("shop-weu-monitoring-stack-release"), { cluster: "weu", peer: "http://10.20.0.7:9090" });
            assert.deepEqual(done.run.one(TYPE.release, "shop-neu-monitoring-stack-release").inputs.values, { cluster: "neu" });
        });

        it("THEN each cluster installs the monitoring charts the model has for it: source, version and digest", () => {
            for (const cluster of ["weu", "neu"]) {
                const crds = done.run.one(TYPE.release, `shop-${cluster}-monitoring-crds-release`).inputs;
                const expected = releasesOn(cluster)[0] as PlatformReleaseSpec;
                assert.deepEqual([crds.chart, crds.version], [`${expected.chart}@${expected.digest}`, expected.version]);
            }
        });
    });

    it("GIVEN a cluster the model has no monitoring values for THEN it fails as the platform's bug, naming them", async () => {
        await assert.rejects(
            monitor(["weu", "neu", "eus"], SPEC),
            /helm-platform: values of eus is missing, though the validated model promises it/,
        );
    });
});
