import { chartOf, chartReference, chartRoot } from "../base/chartPaths";
import { LAYOUT } from "../base/layout";
import { closest, type Problem, problemAt } from "../base/problems";
import type { SourceTree } from "../base/sourceTree";
import { helmReleaseNameProblem } from "../config/names";
import type { TenantFile } from "../config/tenantFiles";
import type { ClusterSpec, EnvironmentSpec } from "../model/environment";
import type { ReleaseSpec, TenantSpec } from "../model/platform";
import { checkAppValuesFileNames, type ValuesReader } from "../values/hierarchy";
import type { Values } from "../values/merge";
import { qualify, releaseNameOf } from "./needs";

/** What resolving releases reads besides one tenant. */
export interface ReleaseContext {
    readonly tree: SourceTree;
    readonly environment: EnvironmentSpec;
    readonly knownEnvironments: readonly string[];
    readonly reader: ValuesReader;
}

/** The releases of one tenant in this environment, one per app and cluster, values merged. */
export function releasesOf(tenant: TenantFile, spec: TenantSpec, context: ReleaseContext, problems: Problem[]): ReleaseSpec[] {
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
    checkAppFolders(tenant, context, problems);
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

/** Values folders must belong to a declared app, and file names to known environments and clusters. */
function checkAppFolders(tenant: TenantFile, context: ReleaseContext, problems: Problem[]): void {
    const teamDir = `${LAYOUT.tenantsDir}/${tenant.data.team}`;
    const apps = Object.keys(tenant.data.apps);
    const current = { environment: context.environment.name, clusters: context.environment.clusters.map((c) => c.name) };
    for (const name of context.tree.list(teamDir)) {
        if (apps.includes(name)) {
            checkAppValuesFileNames(context.tree, tenant.data.team, name, context.knownEnvironments, current, problems);
        } else {
            const suggestion = closest(name, apps);
            problems.push({
                file: `${teamDir}/${name}`,
                path: "",
                message: `values folder for an app that ${tenant.yaml.file} does not declare`,
                hint: suggestion
                    ? `did you mean "${suggestion}"?`
                    : `declare the app under apps: in ${tenant.yaml.file} or remove the folder`,
            });
        }
    }
}

/** Release names are Helm-valid and unique across teams. */
export function checkReleaseNames(releases: readonly ReleaseSpec[], tenants: readonly TenantFile[], problems: Problem[]): void {
    const owners = new Map<string, string>();
    for (const release of releases) {
        const owner = owners.get(release.name);
        if (owner === release.team) {
            continue; // the same release on another cluster: already checked
        }
        const tenant = tenants.find((t) => t.data.team === release.team) as TenantFile;
        const path = ["apps", release.app];
        if (owner) {
            problems.push(
                problemAt(
                    tenant.yaml,
                    path,
                    `release name "${release.name}" is also produced by team "${owner}"`,
                    "rename the app so <team>-<app> is unique",
                ),
            );
            continue;
        }
        owners.set(release.name, release.team);
        const invalid = helmReleaseNameProblem(release.name);
        if (invalid) {
            problems.push(problemAt(tenant.yaml, path, invalid, "shorten the team or app name: releases are named <team>-<app>"));
        }
    }
}

/** A declared need must run on the same cluster as the release that waits for it. */
export function checkNeedsDeployed(
    releases: readonly ReleaseSpec[],
    tenants: readonly TenantFile[],
    declared: ReadonlySet<string>,
    problems: Problem[],
): void {
    const reported = new Set<string>();
    for (const r of releases) {
        r.needs.forEach((need, i) => {
            const key = `${r.name}/${need}`;
            // Undeclared needs are checkNeeds' to report; report each missing need once, not per cluster.
            if (!declared.has(need) || reported.has(key)) {
                return;
            }
            if (!releases.some((x) => x.name === need && x.cluster === r.cluster)) {
                const yaml = (tenants.find((t) => t.data.team === r.team) as TenantFile).yaml;
                problems.push(
                    problemAt(
                        yaml,
                        ["apps", r.app, "needs", i],
                        `needs ${need}, which does not run on ${r.environment}/${r.cluster}`,
                        "deploy the needed app there too, or pin this app to the clusters where it runs",
                    ),
                );
                reported.add(key);
            }
        });
    }
}
