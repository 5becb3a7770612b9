import { chartOf, chartReference, chartRoot } from "../base/chartPaths";
import type { TenantFile } from "../config/tenantFiles";
import type { ClusterSpec, EnvironmentSpec } from "../model/environment";
import type { ReleaseSpec, TeamSpec } from "../model/stackModel";
import type { ValuesReader } from "../values/hierarchy";
import type { Values } from "../values/merge";
import { qualify, releaseNameOf } from "./needs";

/** What resolving releases reads besides one tenant. */
export interface ReleaseContext {
    readonly environment: EnvironmentSpec;
    readonly reader: ValuesReader;
}

/** The releases of one tenant in this environment, one per app and cluster, values merged. */
export function releasesOf(tenant: TenantFile, spec: TeamSpec, context: ReleaseContext): ReleaseSpec[] {
    const { environment } = context;
    const releases: ReleaseSpec[] = [];
    for (const [app, appSpec] of Object.entries(tenant.data.apps)) {
        const version = appSpec.versions[environment.name];
        if (version === undefined) {
            continue;
        }
        const clusters = appSpec.clusters?.[environment.name] ?? environment.clusters.map((c) => c.name);
        for (const cluster of environment.clusters.filter((k) => clusters.includes(k.name))) {
            const chart = chartOf(spec.team, appSpec.chart);
            const resolved = context.reader.resolve(
                { environment: environment.name, cluster: cluster.name, team: spec.team, app },
                injectedValues(environment, cluster),
            );
            releases.push({
                name: `${spec.team}-${app}`,
                team: spec.team,
                app,
                namespace: spec.namespace,
                cluster: cluster.name,
                environment: environment.name,
                chartName: chart.chart,
                chartOwner: chart.owner,
                chart: chartReference(environment.registry.loginServer, chart),
                version,
                values: resolved.values,
                sources: resolved.sources,
                valueFiles: resolved.files,
                upgrade: { ...environment.upgrade, ...appSpec.upgrade },
                needs: appSpec.needs.map((n) => releaseNameOf(qualify(spec.team, n))),
                metrics: appSpec.metrics,
                promotion: {
                    fromVersion: environment.promotionFrom ? appSpec.versions[environment.promotionFrom] : undefined,
                    exemption: appSpec.promotionExemption,
                },
            });
        }
    }
    return releases;
}

/**
 * Values every release gets as its lowest layer, under `global.platform` (Helm passes `global` to
 * subcharts too), so charts can use them and teams can still override them.
 */
export function injectedValues(environment: EnvironmentSpec, cluster: ClusterSpec): Values {
    return {
        global: {
            platform: {
                environment: environment.name,
                cluster: cluster.name,
                ...(cluster.kind === "managed" ? { region: cluster.location } : {}),
                registry: environment.registry.loginServer,
                chartRepository: chartRoot(environment.registry.loginServer),
            },
        },
    };
}
