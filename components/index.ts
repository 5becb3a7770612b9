/** Reusable components: every one takes typed args and never reads config or the environment. */

export type {
    AddressRanges,
    ClusterSpec,
    EnvironmentSpec,
    ExistingClusterSpec,
    KubeloginMode,
    LimitsSpec,
    ManagedClusterSpec,
    PodSecurityLevel,
    QuotaSpec,
    RegistrySpec,
} from "../core/model/environment";
export type { PlatformChart, TeamAlerts } from "../core/model/monitoring";
export type {
    CiIdentitySpec,
    EgressAllowance,
    IngressAllowance,
    PlatformModel,
    PodSecuritySpec,
    ReleaseSpec,
    TenantSpec,
} from "../core/model/platform";
export { AksCluster, type AksClusterArgs } from "./cluster/aksCluster";
export type { ClusterConnection, ClusterOutputs } from "./cluster/connection";
export { ExistingCluster, type ExistingClusterArgs } from "./cluster/existingCluster";
export { MonitoringStack, type MonitoringStackArgs } from "./monitoring/monitoringStack";
export { Platform, type PlatformArgs } from "./platform";
export { ChartRegistry, type ChartRegistryArgs, type RegistryGrantee } from "./registry/chartRegistry";
export { ALLOWED_EXTERNAL_REPOSITORIES, HelmRelease, type HelmReleaseArgs } from "./release/helmRelease";
export { AdmissionPolicies } from "./tenant/admissionPolicies";
export { TeamCiIdentity, type TeamCiIdentityArgs } from "./tenant/ciIdentity";
export { Team, type TeamArgs } from "./tenant/team";
export { TenantNamespace, type TenantNamespaceArgs } from "./tenant/tenantNamespace";
