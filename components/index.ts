/**
 * Reusable components: each takes args a person would write (only what has no sensible default is
 * required), never reads config or the environment, and takes its cluster and dependencies through the
 * resource options (`provider`, `dependsOn`). The reference is docs/components.md (`npm run api-docs`).
 */

export type { AdmissionException } from "../core/model/allowances";
export type {
    AddressRanges,
    ExistingClusterSpec,
    ExposedServiceType,
    KubeloginMode,
    LimitsSpec,
    NodePoolDefaults,
    PodSecurityLevel,
    PortProtocol,
    QuotaSpec,
} from "../core/model/environment";
export type { PlatformChart } from "../core/model/monitoring";
export type { EgressAllowance, IngressAllowance, PortSpec } from "../core/model/stackModel";
export {
    AKS_CLUSTER_DEFAULTS,
    AksCluster,
    type AksClusterArgs,
    type ClusterNetworkArgs,
    type MaintenanceWindowArgs,
    type NodePoolArgs,
} from "./cluster/aksCluster";
export type { ClusterConnection, ClusterOutputs } from "./cluster/connection";
export { ExistingCluster, type ExistingClusterArgs } from "./cluster/existingCluster";
export { MonitoringStack, type MonitoringStackArgs } from "./monitoring/monitoringStack";
export {
    CHART_REGISTRY_DEFAULTS,
    ChartRegistry,
    type ChartRegistryArgs,
    type RegistryGrantee,
    type RegistryPrivateEndpointArgs,
} from "./registry/chartRegistry";
export { ALLOWED_EXTERNAL_REPOSITORIES, HelmRelease, type HelmReleaseArgs, RELEASE_DEFAULTS } from "./release/helmRelease";
export { AdmissionPolicies } from "./tenant/admissionPolicies";
export { TeamCiIdentity, type TeamCiIdentityArgs } from "./tenant/ciIdentity";
export {
    type ServiceMonitorArgs,
    Team,
    type TeamAlertsArgs,
    type TeamArgs,
    type TeamCluster,
    type TeamMonitoring,
    type TeamReleaseArgs,
} from "./tenant/team";
export {
    type ExposureArgs,
    type PodSecurityArgs,
    TENANT_DEFAULTS,
    TenantNamespace,
    type TenantNamespaceArgs,
} from "./tenant/tenantNamespace";
