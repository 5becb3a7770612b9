import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { ClusterSpec, EnvironmentSpec, KubeloginMode } from "../../core/model/environment";
import type { LiveCluster } from "../../core/report/liveDrift";
import { notInstalled, type Runner, recordedClusters, run, withClusterAccess, withLiveClusters } from "../../plan/liveClusters";
import { USER_KUBECONFIG } from "../support/kubeconfigs";
import { SHOP, WEU } from "../support/smallModel";

const network = WEU.network;
/** One cluster of each way of reaching it: created by the stack, an existing AKS cluster, a kubeconfig context, none. */
const CLUSTERS: Readonly<Record<string, ClusterSpec>> = {
    managed: WEU,
    aks: { kind: "existing", name: "shared", aks: { name: "aks-shared", resourceGroupName: "rg-shared" }, network },
    context: { kind: "existing", name: "kind", kubeconfigContext: "kind-dev", network },
    nowhere: { kind: "existing", name: "lost", network },
};

/** Environment prod (its resource group) with `clusters`, reached in kubelogin mode `kubeloginMode`. */
const environment = (clusters: readonly (ClusterSpec | undefined)[], kubeloginMode: KubeloginMode = "azurecli"): EnvironmentSpec => ({
    ...SHOP,
    name: "prod",
    resourceGroupName: "rg-helm-platform-prod",
    kubeloginMode,
    clusters: clusters.filter((c): c is ClusterSpec => c !== undefined),
});

const ok = (stdout: string) => ({ status: 0, stdout, stderr: "" });
const failed = (stderr: string) => ({ status: 1, stdout: "", stderr });

/** A runner that answers `az` with `az`, Helm with `helm`, and records each call. */
function recording(answers: { az?: Runner; helm?: Runner } = {}) {
    const calls: string[][] = [];
    const exec: Runner = (command, args) => {
        calls.push([command, ...args]);
        const answer = command === "az" ? answers.az : answers.helm;
        return answer ? answer(command, args) : ok(command === "az" ? USER_KUBECONFIG : "[]");
    };
    return { calls, exec };
}

describe("reaching the environment's clusters (plan/liveClusters.ts)", () => {
    describe("withClusterAccess", () => {
        it("GIVEN a cluster the stack creates THEN its user credentials are asked of AKS by the environment's names", () => {
            const { calls, exec } = recording();
            withClusterAccess(environment([CLUSTERS.managed]), () => undefined, exec);
            assert.deepEqual(calls, [
                ["az", "aks", "get-credentials", "--resource-group", "rg-helm-platform-prod", "--name", "aks-prod-weu", "--file", "-"],
            ]);
        });

        it("GIVEN an existing AKS cluster THEN its own name and resource group are asked for", () => {
            const { calls, exec } = recording();
            withClusterAccess(environment([CLUSTERS.aks]), () => undefined, exec);
            assert.deepEqual(calls, [
                ["az", "aks", "get-credentials", "--resource-group", "rg-shared", "--name", "aks-shared", "--file", "-"],
            ]);
        });

        it("GIVEN AKS credentials THEN Helm gets a kubeconfig only this user reads, non-interactive for the stack's mode, removed after use", () => {
            const { exec } = recording();
            const seen = withClusterAccess(
                environment([CLUSTERS.managed], "workloadidentity"),
                ([access]) => {
                    assert.ok(access && "args" in access, JSON.stringify(access));
                    const [flag, file] = access.args as [string, string];
                    assert.equal(flag, "--kubeconfig");
                    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
                    return { file, text: fs.readFileSync(file, "utf8") };
                },
                exec,
            );
            assert.match(seen.text, /- --login\n\s+- workloadidentity\n/);
            assert.doesNotMatch(seen.text, /devicecode/);
            assert.equal(fs.existsSync(seen.file), false, "the kubeconfig outlives its use");
        });

        it("GIVEN a kubeconfig context THEN Helm uses that context, and Azure is not asked", () => {
            const { calls, exec } = recording();
            const access = withClusterAccess(environment([CLUSTERS.context]), (a) => a, exec);
            assert.deepEqual(access, [{ cluster: "kind", args: ["--kube-context", "kind-dev"] }]);
            assert.deepEqual(calls, []);
        });

        it("GIVEN refused credentials or no way in THEN each such cluster has its reason, and the others their access", () => {
            const { exec } = recording({ az: () => failed("ERROR: (AuthorizationFailed) not allowed\nmore detail") });
            const access = withClusterAccess(environment([CLUSTERS.managed, CLUSTERS.nowhere, CLUSTERS.context]), (a) => a, exec);
            assert.deepEqual(access, [
                { cluster: "weu", error: "az aks get-credentials: ERROR: (AuthorizationFailed) not allowed" },
                { cluster: "lost", error: "no way to reach it" },
                { cluster: "kind", args: ["--kube-context", "kind-dev"] },
            ]);
        });
    });

    describe("withLiveClusters", () => {
        const RELEASE = { name: "retail-storefront", namespace: "retail", chart: "storefront-3.1.4", status: "deployed", revision: 2 };
        const live = (helm: Runner): { calls: string[][]; clusters: LiveCluster[] } => {
            const { calls, exec } = recording({ helm });
            const clusters = withLiveClusters(environment([CLUSTERS.context]), "/opt/helm", (c) => c, exec);
            return { calls, clusters };
        };

        it("GIVEN a reachable cluster THEN its releases are Helm's list of every namespace and status, through its access", () => {
            const { calls, clusters } = live(() => ok(JSON.stringify([RELEASE])));
            assert.deepEqual(calls, [["/opt/helm", "list", "--all-namespaces", "--all", "--output", "json", "--kube-context", "kind-dev"]]);
            assert.deepEqual(clusters[0] && "releases" in clusters[0] && clusters[0].releases, [RELEASE]);
        });

        it("GIVEN a release THEN its values are helm get values of it; none set is {}, a failure is unknown", () => {
            const answers: Record<string, string | undefined> = { "retail-storefront": '{"replicaCount":3}', "retail-worker": "null" };
            const { calls, clusters } = live((_, args) => {
                const answer = args[0] === "get" ? answers[args[2] as string] : "[]";
                return answer === undefined ? failed("Error: release: not found") : ok(answer);
            });
            const [cluster] = clusters;
            assert.ok(cluster && "values" in cluster);
            assert.deepEqual(cluster.values("retail", "retail-storefront"), { replicaCount: 3 });
            assert.deepEqual(cluster.values("retail", "retail-worker"), {});
            assert.equal(cluster.values("retail", "retail-gone"), undefined);
            assert.deepEqual(calls[1], [
                "/opt/helm",
                "get",
                "values",
                "retail-storefront",
                "--namespace",
                "retail",
                "--output",
                "json",
                "--kube-context",
                "kind-dev",
            ]);
        });

        it("GIVEN helm list fails THEN the cluster is unreachable with Helm's first line", () => {
            const { clusters } = live(() => failed("Error: Kubernetes cluster unreachable: dial tcp\nsecond line"));
            assert.deepEqual(clusters, [{ cluster: "kind", error: "helm list: Error: Kubernetes cluster unreachable: dial tcp" }]);
        });

        it("GIVEN a cluster Azure refuses THEN Helm is never run against it", () => {
            const { calls, exec } = recording({ az: () => failed("ERROR: expired") });
            const clusters = withLiveClusters(environment([CLUSTERS.managed]), "helm", (c) => c, exec);
            assert.deepEqual(clusters, [{ cluster: "weu", error: "az aks get-credentials: ERROR: expired" }]);
            assert.deepEqual(
                calls.map((c) => c[0]),
                ["az"],
            );
        });
    });

    describe("recordedClusters", () => {
        let dir: string;
        before(() => {
            dir = fs.mkdtempSync(path.join(os.tmpdir(), "recorded-"));
            fs.mkdirSync(path.join(dir, "weu", "values", "retail"), { recursive: true });
            fs.writeFileSync(path.join(dir, "weu", "list.json"), JSON.stringify([{ name: "retail-storefront", namespace: "retail" }]));
            fs.writeFileSync(path.join(dir, "weu", "values", "retail", "retail-storefront.json"), '{"replicaCount":3}');
            fs.writeFileSync(path.join(dir, "weu", "values", "retail", "retail-worker.json"), "null");
        });
        after(() => fs.rmSync(dir, { recursive: true, force: true }));

        it("GIVEN a recorded cluster THEN its list and each release's values are read from the files", () => {
            const [weu] = recordedClusters(dir, ["weu"]);
            assert.ok(weu && "values" in weu);
            assert.deepEqual(weu.releases, [{ name: "retail-storefront", namespace: "retail" }]);
            assert.deepEqual(weu.values("retail", "retail-storefront"), { replicaCount: 3 });
            assert.deepEqual(weu.values("retail", "retail-worker"), {}, "helm get values of a release without values prints null");
            assert.equal(weu.values("retail", "retail-gone"), undefined);
        });

        it("GIVEN a cluster without a folder THEN it is unreachable, naming the folder", () => {
            assert.deepEqual(recordedClusters(dir, ["neu"]), [{ cluster: "neu", error: `no recording in ${path.join(dir, "neu")}` }]);
        });
    });

    describe("run", () => {
        it("GIVEN a command that is there THEN its status and output", () => {
            const result = run("git", ["--version"]);
            assert.equal(result.status, 0);
            assert.match(result.stdout, /^git version \d/);
        });

        it("GIVEN a command that is not installed THEN no status, and where to read how to install it", () => {
            const missing = path.join(os.tmpdir(), "no-such-dir", "kubelogin");
            assert.deepEqual(run(missing, ["--version"]), { status: null, stdout: "", stderr: notInstalled(missing) });
            assert.equal(
                notInstalled(missing),
                "kubelogin is not installed on this machine (not on the PATH): npm run doctor says how to install it",
            );
        });
    });
});
