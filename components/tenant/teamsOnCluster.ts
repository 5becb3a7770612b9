import * as pulumi from "@pulumi/pulumi";
import { TYPE } from "../../core/base/resourceTypes";
import { teamComponentName } from "../../core/model/componentNames";
import type { PlatformModel } from "../../core/model/platform";
import { TEAM_DASHBOARD } from "../../core/monitoring/model";
import { orderByNeeds } from "../../core/releases/needs";
import type { OwnedSecrets } from "../../core/values/secrets";
import type { ClusterConnection } from "../cluster/connection";
import { known, ownedBy } from "../known";
import type { MonitoringStack } from "../monitoring/monitoringStack";
import type { HelmRelease } from "../release/helmRelease";
import type { AdmissionPolicies } from "./admissionPolicies";
import type { TeamCiIdentity } from "./ciIdentity";
import { Team } from "./team";

/**
 * One cluster: its admission policies, then every team that runs in the environment, each with its
 * namespace and its releases in need order (a release may need another team's).
 * @param platform the name of the Platform component (`parent`), which the Teams' names start with
 */
export function deployTeams(
    parent: pulumi.Resource,
    platform: string,
    cluster: ClusterConnection,
    model: PlatformModel,
    shared: {
        secrets: pulumi.Input<OwnedSecrets>;
        ci: ReadonlyMap<string, TeamCiIdentity>;
        monitoring?: MonitoringStack;
        /** The cluster's admission policies, when this stack holds them (not in a shard: the foundation's come first). */
        policies?: AdmissionPolicies;
        /** Aliases of each Team (in a shard: where a state move left it). */
        aliases?: pulumi.Alias[];
    },
): void {
    const { environment } = model;
    const name = `${platform}-${cluster.clusterName}`;
    const teams = new Map<string, Team>();
    for (const tenant of model.tenants) {
        teams.set(
            tenant.team,
            new Team(
                teamComponentName(platform, cluster.clusterName, tenant.team),
                {
                    cluster,
                    environment: environment.name,
                    tenant,
                    azureRbacClusterId: cluster.azureRbacClusterId,
                    ciPrincipalId: shared.ci.get(tenant.team)?.principalId,
                    secrets: ownedBy(shared.secrets, tenant.team),
                    keyring: environment.charts.keyring,
                    retainNamespace: environment.retainTenantNamespaces,
                    formerParent: parent,
                },
                // Pods are checked from the namespace's first moment.
                { parent, dependsOn: shared.policies?.ready ?? [], aliases: shared.aliases },
            ),
        );
    }
    const deployed = new Map<string, HelmRelease>();
    for (const release of orderByNeeds(model.releases.filter((r) => r.cluster === cluster.clusterName))) {
        const team = known(teams.get(release.team), `team ${release.team}`);
        const needs = release.needs.map((n) => known(deployed.get(n), `release ${n}, which ${release.name} needs`).release);
        // A release that is scraped may render its own ServiceMonitor: the CRDs come first.
        const crds = release.metrics && shared.monitoring ? [shared.monitoring.crds.release] : [];
        const helmRelease = team.release(release, [...needs, ...crds]);
        deployed.set(release.name, helmRelease);
        // In a shard the CRDs are the foundation's, deployed before any shard.
        if (release.metrics && environment.monitoring.enabled) {
            team.serviceMonitor(release, [...crds, helmRelease.release]);
        }
    }
    if (model.monitoring) {
        const crds = shared.monitoring ? [shared.monitoring.crds.release] : [];
        const monitor = `${name}-monitoring`;
        for (const [teamName, team] of teams) {
            team.monitoring(
                {
                    dashboardTemplate: model.monitoring.dashboards[TEAM_DASHBOARD],
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
