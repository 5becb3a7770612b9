import * as assert from "node:assert/strict";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { RELEASE_DEFAULTS, Team, type TeamArgs, type TeamCluster } from "../../../components";
import { type ComponentRun, runComponents } from "../../helpers";

const KUBECONFIG =
    "apiVersion: v1\ncurrent-context: c\ncontexts: [{name: c, context: {cluster: c, user: u}}]\nclusters: [{name: c, cluster: {server: 'https://c'}}]\nusers: [{name: u, user: {token: t}}]\n";
const CHART = "oci://acr.azurecr.io/helm-charts/payments/api";
const DIGEST = `sha256:${"b".repeat(64)}`;

/** Team `payments` on a cluster given as a plain object, with one release `api`; `more` adds to the Team's args. */
function teamWith(more: Partial<TeamArgs> = {}, release: Parameters<Team["release"]>[1] = { chart: CHART, version: "1.4.2" }) {
    return runComponents(() => {
        const cluster: TeamCluster = {
            clusterName: "shared",
            provider: new k8s.Provider("shared-k8s", { kubeconfig: KUBECONFIG }),
            access: { kubeconfig: pulumi.secret(KUBECONFIG) },
            azureRbacClusterId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks",
        };
        new Team("payments", { cluster, namespace: "payments", ownerGroupObjectIds: ["owners"], ...more }).release("api", release);
    });
}

type Inputs = Record<string, any>;
const releaseOf = (run: ComponentRun) => run.one("kubernetes:helm.sh/v3:Release").inputs as Inputs;

describe("Team defaults", () => {
    describe("GIVEN a cluster, a namespace and its owners WHEN the team installs an app with a chart and a version", () => {
        let run: ComponentRun;
        before(async () => {
            run = await teamWith();
        });

        it("THEN the release is named <team>-<app>, installed by the namespace's installer with the platform's upgrade policy", () => {
            const { name, namespace, chart, version, atomic, timeout, maxHistory, verify, values } = releaseOf(run);
            assert.deepEqual(
                { name, namespace, chart, version, atomic, timeout, maxHistory, verify, values },
                {
                    name: "payments-api",
                    namespace: "payments",
                    chart: CHART,
                    version: "1.4.2",
                    atomic: RELEASE_DEFAULTS.atomic,
                    timeout: RELEASE_DEFAULTS.timeoutSeconds,
                    maxHistory: RELEASE_DEFAULTS.maxHistory,
                    verify: false,
                    values: {},
                },
            );
            assert.equal(run.one("kubernetes:helm.sh/v3:Release").provider, "pulumi:providers:kubernetes::payments-installer");
            assert.equal(run.one("helm-platform:release:HelmRelease").name, "payments-api");
        });

        it("THEN the team is the namespace's, and the cluster's Azure RBAC ID gives its owners the namespace reader role", () => {
            assert.equal(run.one("helm-platform:tenant:Team").inputs["team"], "payments");
            assert.deepEqual(
                run.all("azure-native:authorization:RoleAssignment").map((r) => r.name),
                ["payments-azure-owners-0"],
            );
        });
    });

    describe("GIVEN explicit args", () => {
        it("WHEN the release names itself and pins a digest THEN its name wins and the chart is fetched by digest", async () => {
            const run = await teamWith({}, { chart: CHART, version: "1.4.2", releaseName: "api", digest: DIGEST, atomic: false });
            assert.deepEqual([releaseOf(run).name, releaseOf(run).chart, releaseOf(run).atomic], ["api", `${CHART}@${DIGEST}`, false]);
        });

        it("WHEN the team has a keyring THEN the chart is verified by signature and its digest is left out", async () => {
            const run = await teamWith({ keyring: "keys/charts.pubring.gpg" }, { chart: CHART, version: "1.4.2", digest: DIGEST });
            assert.deepEqual(
                [releaseOf(run).chart, releaseOf(run).verify, releaseOf(run).keyring],
                [CHART, true, "keys/charts.pubring.gpg"],
            );
        });

        it("WHEN the team is named and given no Azure RBAC ID of its own THEN the name is recorded and the cluster's ID still applies", async () => {
            const run = await teamWith({ team: "pay" });
            assert.equal(run.one("helm-platform:tenant:Team").inputs["team"], "pay");
            assert.equal(releaseOf(run).name, "pay-api");
            assert.equal(run.all("azure-native:authorization:RoleAssignment").length, 1);
        });
    });
});
