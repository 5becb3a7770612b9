/** Reusable components: every one takes typed args and never reads config or the environment. */
export { AksCluster, type AksClusterArgs } from "./cluster/aksCluster";
export { ExistingCluster, type ExistingClusterArgs } from "./cluster/existingCluster";
export type { ClusterConnection, ClusterOutputs } from "./cluster/connection";
export { ChartRegistry, type ChartRegistryArgs, type RegistryGrantee } from "./registry/chartRegistry";
export { TenantNamespace, type TenantNamespaceArgs } from "./tenant/tenantNamespace";
export { Team, type TeamArgs } from "./tenant/team";
export { AdmissionPolicies, type AdmissionPoliciesArgs } from "./tenant/admissionPolicies";
export { TeamCiIdentity, type TeamCiIdentityArgs } from "./tenant/ciIdentity";
export { ALLOWED_EXTERNAL_REPOSITORIES, HelmRelease, type HelmReleaseArgs } from "./release/helmRelease";
export { MonitoringStack, type MonitoringStackArgs, teamDashboard } from "./monitoring/monitoringStack";
export { Platform, type PlatformArgs } from "./platform";
