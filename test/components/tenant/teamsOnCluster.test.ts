import * as assert from "node:assert/strict";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterConnection } from "../../../components/cluster/connection";
import { AdmissionPolicies } from "../../../components/tenant/admissionPolicies";
import { deployTeams, type TeamsOnCluster } from "../../../components/tenant/teamsOnCluster";
import { TYPE } from "../../../core/base/resourceTypes";
import { TEAM_DASHBOARD } from "../../../core/monitoring/model";
import { clusterRelease, teamArgs } from "../../../program/props";
import { type ComponentRun, runComponents } from "../../helpers";
import { release, SHOP, tenant } from "../../support/smallModel";

const shared = { ci: new Map(), secrets: {} };
/** The platform's kubeconfig of weu, which team releases impersonate their installer from. */
const KUBECONFIG = [
    "apiVersion: v1",
    "current-context: weu",
    "contexts: [{name: weu, context: {cluster: weu, user: platform}}]",
    "clusters: [{name: weu, cluster: {server: 'https://aks-shop-weu.example:443'}}]",
    "users: [{name: platform, user: {token: platform-token}}]",
].join("\n");
const ALERTS = { team: "fintech", namespace: "fintech", slackChannel: "#fintech-oncall" };

/**
 * Teams fintech (alerts to its channel) and retail on cluster weu; retail's web needs fintech's api, and
 * is listed first; fintech's api is scraped.
 */
const plan = (): TeamsOnCluster => ({
    teams: new Map([
        ["fintech", teamArgs(tenant("fintech", { alerts: ALERTS }), SHOP, shared)],
        ["retail", teamArgs(tenant("retail"), SHOP, shared)],
    ]),
    releases: [
        clusterRelease(release("retail", "web", { needs: ["fintech-api"] })),
        clusterRelease(release("fintech", "api", { metrics: { port: "metrics", path: "/metrics", interval: "30s" } })),
    ],
    scrape: true,
    dashboards: { [TEAM_DASHBOARD]: JSON.stringify({ title: "Releases", uid: "releases", templating: { list: [{ name: "team" }] } }) },
});

/** `deployTeams` of `plan` on cluster weu, in a shard's Platform (no monitoring stack of its own); `policies` when the stack holds them. */
function deploy(changes: Partial<TeamsOnCluster> = {}, policies = false): Promise<ComponentRun> {
    return runComponents(() => {
        const platform = new pulumi.ComponentResource(TYPE.platform, "shop", {}, {});
        const provider = new k8s.Provider("shop-weu-k8s", { kubeconfig: "unused" }, { parent: platform });
        const cluster: ClusterConnection = {
            clusterName: "weu",
            provider,
            clusterIdentifier: "shop/weu",
            access: { kubeconfig: pulumi.secret(KUBECONFIG) },
            outputs: { name: "aks-shop-weu" },
        };
        const admission = policies ? new AdmissionPolicies("shop-weu-policies", { parent: platform, provider }) : undefined;
        deployTeams(platform, "shop", cluster, { ...plan(), ...changes }, { policies: admission });
    });
}

describe("every team on one cluster (components/tenant/teamsOnCluster.ts)", () => {
    let run: ComponentRun;
    before(async () => {
        run = await deploy({}, true);
    });

    it("GIVEN the environment's teams THEN each is a Team named for the platform, cluster and team, under the platform", () => {
        assert.deepEqual(
            run.all(TYPE.team).map((t) => [t.name, t.parent]),
            [
                ["shop-weu-fintech", `${TYPE.platform}::shop`],
                ["shop-weu-retail", `${TYPE.platform}::shop`],
            ],
        );
    });

    it("GIVEN the cluster's admission policies THEN every Team waits for all of them", () => {
        const policies = run.resources.filter(
            (r) => r.type === TYPE.validatingAdmissionPolicy || r.type === TYPE.validatingAdmissionPolicyBinding,
        );
        assert.ok(policies.length > 0);
        for (const team of run.all(TYPE.team)) {
            assert.deepEqual(team.dependsOn, policies.map((p) => `${p.type}::${p.name}`).sort(), team.name);
        }
    });

    it("GIVEN a release that needs another team's THEN it is installed after it, whatever the order given", () => {
        const web = run.one(TYPE.release, "shop-weu-retail-web-release");
        assert.ok(web.dependsOn.includes(`${TYPE.release}::shop-weu-fintech-api-release`), web.dependsOn.join(", "));
        assert.equal(web.parent, `${TYPE.helmRelease}::shop-weu-retail-web`);
    });

    it("GIVEN a scraped release THEN its ServiceMonitor is in the team's namespace, after the release; the other has none", () => {
        const monitors = run.all(TYPE.serviceMonitor);
        assert.deepEqual(
            monitors.map((m) => [m.name, (m.inputs.metadata as { namespace: string }).namespace, m.dependsOn]),
            [["shop-weu-fintech-api-monitor", "fintech", [`${TYPE.release}::shop-weu-fintech-api-release`]]],
        );
    });

    it("GIVEN the environment's dashboards THEN a team with alerts gets its routing and its dashboard, and one without neither", () => {
        assert.deepEqual(
            run.all(TYPE.alertmanagerConfig).map((a) => a.parent),
            [`${TYPE.team}::shop-weu-fintech`],
        );
        assert.deepEqual(
            run.all(TYPE.configMap).map((c) => c.name),
            ["shop-weu-fintech-dashboard"],
        );
    });

    it("GIVEN no monitoring THEN no ServiceMonitor, routing or dashboard, and the Teams wait for nothing", async () => {
        // fintech alone: the team with alerts and a scraped release.
        const teams = new Map([...plan().teams].filter(([team]) => team === "fintech"));
        const quiet = await deploy({ teams, releases: plan().releases.slice(1), scrape: false, dashboards: undefined });
        assert.deepEqual(
            [TYPE.serviceMonitor, TYPE.alertmanagerConfig, TYPE.configMap].map((t) => quiet.all(t).length),
            [0, 0, 0],
        );
        assert.deepEqual(
            quiet.all(TYPE.team).map((t) => t.dependsOn),
            [[]],
        );
    });

    it("GIVEN a release that needs one this cluster does not have THEN it fails as the platform's bug, naming both", async () => {
        const teams = new Map([...plan().teams].filter(([team]) => team === "retail"));
        const lonely = { teams, releases: [clusterRelease(release("retail", "web", { needs: ["fintech-ledger"] }))] };
        await assert.rejects(
            deploy(lonely),
            /^Error: helm-platform: release fintech-ledger, which retail-web needs is missing, though the validated model promises it$/,
        );
    });
});
