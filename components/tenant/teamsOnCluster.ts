import * as pulumi from "@pulumi/pulumi";
import { TYPE } from "../../core/base/resourceTypes";
import { teamComponentName } from "../../core/model/componentNames";
import { TEAM_DASHBOARD } from "../../core/monitoring/model";
import { orderByNeeds } from "../../core/releases/needs";
import type { ClusterConnection } from "../cluster/connection";
import { known } from "../known";
import type { MonitoringStack } from "../monitoring/monitoringStack";
import type { HelmRelease } from "../release/helmRelease";
import type { AdmissionPolicies } from "./admissionPolicies";
import { type ServiceMonitorArgs, Team, type TeamArgs, type TeamReleaseArgs } from "./team";

/** One team's release on a cluster, as the stack program translated it. */
export interface ClusterRelease {
    /** The team it belongs to: a key of {@link TeamsOnCluster.teams}. */
    readonly team: string;
    /** The app: the release is the Team's `<Team>-<app>`. */
    readonly app: string;
    /** The Helm release name, which other releases' `needs` name. */
    readonly name: string;
    /** Releases (by name) on the same cluster installed first. */
    readonly needs: readonly string[];
    /** What to install. */
    readonly args: TeamReleaseArgs;
    /** The release's opt-in to scraping. @default not scraped */
    readonly metrics?: Omit<ServiceMonitorArgs, "releaseName">;
}

/** Every team of an environment on one cluster, and their releases there. */
export interface TeamsOnCluster {
    /** Each team by name: its Team's args but the cluster (this one) and the former parent (the Platform). */
    readonly teams: ReadonlyMap<string, Omit<TeamArgs, "cluster" | "formerParent">>;
    /** The releases on this cluster, in any order: they are installed in need order. */
    readonly releases: readonly ClusterRelease[];
    /** Whether a scraped release gets its ServiceMonitor: the environment runs monitoring. */
    readonly scrape: boolean;
    /** The environment's dashboards, when it runs monitoring: each team gets its own and its alert routing. @default no team monitoring */
    readonly dashboards?: Readonly<Record<string, string>>;
}

/**
 * One cluster: every team that runs in the environment, each with its namespace and its releases in need
 * order (a release may need another team's).
 * @param platform the name of the Platform component (`parent`), which the Teams' names start with
 */
export function deployTeams(
    parent: pulumi.Resource,
    platform: string,
    cluster: ClusterConnection,
    plan: TeamsOnCluster,
    shared: {
        monitoring?: MonitoringStack;
        /** The cluster's admission policies, when this stack holds them (not in a shard: the foundation's come first). */
        policies?: AdmissionPolicies;
        /** Aliases of each Team (in a shard: where a state move left it). */
        aliases?: pulumi.Alias[];
    },
): void {
    const name = `${platform}-${cluster.clusterName}`;
    const teams = new Map<string, Team>();
    for (const [team, args] of plan.teams) {
        teams.set(
            team,
            new Team(
                teamComponentName(platform, cluster.clusterName, team),
                { ...args, cluster, formerParent: parent },
                // Pods are checked from the namespace's first moment.
                { parent, dependsOn: shared.policies?.ready ?? [], aliases: shared.aliases },
            ),
        );
    }
    const deployed = new Map<string, HelmRelease>();
    for (const release of orderByNeeds(plan.releases)) {
        const team = known(teams.get(release.team), `team ${release.team}`);
        const needs = release.needs.map((n) => known(deployed.get(n), `release ${n}, which ${release.name} needs`).release);
        // A release that is scraped may render its own ServiceMonitor: the CRDs come first.
        const crds = release.metrics && shared.monitoring ? [shared.monitoring.crds.release] : [];
        const helmRelease = team.release(release.app, release.args, [...needs, ...crds]);
        deployed.set(release.name, helmRelease);
        // In a shard the CRDs are the foundation's, deployed before any shard.
        if (release.metrics && plan.scrape) {
            team.serviceMonitor(release.app, { ...release.metrics, releaseName: release.name }, [...crds, helmRelease.release]);
        }
    }
    if (plan.dashboards) {
        const crds = shared.monitoring ? [shared.monitoring.crds.release] : [];
        const monitor = `${name}-monitoring`;
        for (const [teamName, team] of teams) {
            team.monitoring(
                {
                    dashboardTemplate: plan.dashboards[TEAM_DASHBOARD],
                    formerDashboard: {
                        name: `${monitor}-dashboard-team-${teamName}`,
                        parent: pulumi.createUrn(monitor, TYPE.monitoringStack, parent),
                    },
                },
                crds,
            );
        }
    }
}
