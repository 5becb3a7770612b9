/**
 * Every Pulumi type token the platform registers or reads back, owned here once: the components'
 * own (part of every URN: renaming one needs an alias) and the provider resources the plan's readers
 * look for.
 */
export const TYPE = {
    // The platform's components.
    platform: "helm-platform:index:Platform",
    aksCluster: "helm-platform:cluster:AksCluster",
    existingCluster: "helm-platform:cluster:ExistingCluster",
    sharedCluster: "helm-platform:cluster:SharedCluster",
    chartRegistry: "helm-platform:registry:ChartRegistry",
    team: "helm-platform:tenant:Team",
    tenantNamespace: "helm-platform:tenant:TenantNamespace",
    teamCiIdentity: "helm-platform:tenant:TeamCiIdentity",
    admissionPolicies: "helm-platform:tenant:AdmissionPolicies",
    helmRelease: "helm-platform:release:HelmRelease",
    monitoringStack: "helm-platform:monitoring:MonitoringStack",
    // Pulumi's own.
    stack: "pulumi:pulumi:Stack",
    stackReference: "pulumi:pulumi:StackReference",
    kubernetesProvider: "pulumi:providers:kubernetes",
    // Kubernetes.
    release: "kubernetes:helm.sh/v3:Release",
    namespace: "kubernetes:core/v1:Namespace",
    configMap: "kubernetes:core/v1:ConfigMap",
    resourceQuota: "kubernetes:core/v1:ResourceQuota",
    networkPolicy: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
    role: "kubernetes:rbac.authorization.k8s.io/v1:Role",
    roleBinding: "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
    clusterRoleBinding: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
    serviceMonitor: "kubernetes:monitoring.coreos.com/v1:ServiceMonitor",
    prometheusRule: "kubernetes:monitoring.coreos.com/v1:PrometheusRule",
    // Azure.
    resourceGroup: "azure-native:resources:ResourceGroup",
    managedCluster: "azure-native:containerservice:ManagedCluster",
    registry: "azure-native:containerregistry:Registry",
    replication: "azure-native:containerregistry:Replication",
    roleAssignment: "azure-native:authorization:RoleAssignment",
    userAssignedIdentity: "azure-native:managedidentity:UserAssignedIdentity",
} as const;

export type TypeToken = (typeof TYPE)[keyof typeof TYPE];
