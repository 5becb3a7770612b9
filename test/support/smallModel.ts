/**
 * A validated model built by hand: environment `shop` (the development profile's settings) with one
 * cluster, and teams and releases made to order. For tests of what translates or deploys a model, at no
 * cost of loading one.
 */
import { MANAGED_CLUSTER_DEFAULTS } from "../../core/config/cluster";
import { PROFILES } from "../../core/config/profiles";
import type { EnvironmentSpec, ManagedClusterSpec } from "../../core/model/environment";
import type { ReleaseSpec, StackModel, TeamSpec } from "../../core/model/stackModel";

const development = PROFILES.development;

/** Cluster weu as the stack file's defaults make it. */
export const WEU: ManagedClusterSpec = {
    kind: "managed",
    name: "weu",
    location: "westeurope",
    kubernetesVersion: "1.33",
    ...development.cluster,
    network: MANAGED_CLUSTER_DEFAULTS.network,
    oidcIssuer: MANAGED_CLUSTER_DEFAULTS.oidcIssuer,
    workloadIdentity: MANAGED_CLUSTER_DEFAULTS.workloadIdentity,
    privateCluster: MANAGED_CLUSTER_DEFAULTS.privateCluster,
    authorizedIpRanges: MANAGED_CLUSTER_DEFAULTS.authorizedIpRanges,
    imageCleaner: MANAGED_CLUSTER_DEFAULTS.imageCleaner,
    adminGroupObjectIds: ["admins-group"],
};

/** Environment shop: a single stack, cluster weu, registry acrshop, no monitoring. */
export const SHOP: EnvironmentSpec = {
    name: "shop",
    layout: "single",
    shards: {},
    location: "westeurope",
    profile: "development",
    resourceGroupName: "rg-helm-platform-shop",
    adminGroupObjectIds: ["admins-group"],
    clusters: [WEU],
    registry: {
        name: "acrshop",
        loginServer: "acrshop.azurecr.io",
        location: "westeurope",
        ...development.registry,
        replicaLocations: [],
        publicNetworkAccess: true,
        platformPublishers: [],
    },
    monitoring: { enabled: false, grafanaAdminPasswordSecret: "grafana-admin-password", view: "cluster" },
    governanceLevel: development.governanceLevel,
    governance: { enabled: development.governanceRules, waivers: [] },
    charts: { lock: development.chartLock, platformCharts: development.platformCharts },
    namespaceConvention: "team",
    tenancy: { reservedNamespaces: [] },
    podSecurity: development.podSecurity,
    upgrade: development.upgrade,
    secrets: {},
    kubeloginMode: "azurecli",
    protect: development.protect,
    retainTenantNamespaces: development.retainTenantNamespaces,
    secretsProvider: development.secretsProvider,
    grantDeployerClusterAdmin: false,
    drift: { mode: "report" },
    bootstrap: false,
};

/** Team `team` in shop, in namespace `team`, owned by group `<team>-owners`; `more` as given. */
export function tenant(team: string, more: Partial<TeamSpec> = {}): TeamSpec {
    return {
        team,
        file: `tenants/${team}.yaml`,
        namespace: team,
        ownerGroupObjectIds: [`${team}-owners`],
        viewerGroupObjectIds: [],
        podSecurity: { enforce: "baseline", warn: "restricted", audit: "restricted" },
        quota: { "requests.cpu": "4" },
        limits: { defaultRequest: { cpu: "100m" }, default: { cpu: "500m" } },
        egress: [],
        ingressFrom: [],
        exposure: { serviceTypes: [], ingressDomains: [] },
        ...more,
    };
}

/** App `app` of `team` on cluster weu, chart `<app>` 1.0.0 from shop's registry; `more` as given. */
export function release(team: string, app: string, more: Partial<ReleaseSpec> = {}): ReleaseSpec {
    return {
        name: `${team}-${app}`,
        team,
        app,
        namespace: team,
        cluster: "weu",
        environment: "shop",
        chartName: app,
        chartOwner: team,
        chart: `oci://acrshop.azurecr.io/helm-charts/${team}/${app}`,
        version: "1.0.0",
        values: { replicaCount: 1 },
        sources: { replicaCount: `tenants/${team}/${app}/values.yaml` },
        valueFiles: [`tenants/${team}/${app}/values.yaml`],
        upgrade: development.upgrade,
        needs: [],
        promotion: {},
        ...more,
    };
}

/** Shop's single stack with `tenants` and `releases`. */
export function shopModel(teams: readonly TeamSpec[] = [], releases: readonly ReleaseSpec[] = []): StackModel {
    return {
        stack: { name: "shop", environment: "shop", kind: "single" },
        environment: SHOP,
        teams,
        releases,
        allowances: [],
        today: "2026-12-01",
    };
}
