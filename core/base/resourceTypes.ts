/**
 * Every Pulumi type token the platform registers or reads back, owned here once: the components'
 * own (part of every URN: renaming one needs an alias) and the provider resources the plan's readers
 * look for. A Kubernetes custom resource's token is `kubernetes:<apiVersion>:<kind>`: the components
 * create them with {@link kubernetesKindOf} of their token, so the two never disagree.
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
    validatingAdmissionPolicy: "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy",
    validatingAdmissionPolicyBinding: "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding",
    // Custom resources of the Prometheus operator.
    serviceMonitor: "kubernetes:monitoring.coreos.com/v1:ServiceMonitor",
    prometheusRule: "kubernetes:monitoring.coreos.com/v1:PrometheusRule",
    alertmanagerConfig: "kubernetes:monitoring.coreos.com/v1alpha1:AlertmanagerConfig",
    // Azure.
    resourceGroup: "azure-native:resources:ResourceGroup",
    managedCluster: "azure-native:containerservice:ManagedCluster",
    registry: "azure-native:containerregistry:Registry",
    replication: "azure-native:containerregistry:Replication",
    roleAssignment: "azure-native:authorization:RoleAssignment",
    userAssignedIdentity: "azure-native:managedidentity:UserAssignedIdentity",
    federatedIdentityCredential: "azure-native:managedidentity:FederatedIdentityCredential",
} as const;

export type TypeToken = (typeof TYPE)[keyof typeof TYPE];

/** Prefixes that name a family of tokens: every Kubernetes object, every provider. */
export const TYPE_PREFIX = {
    kubernetes: "kubernetes:",
    provider: "pulumi:providers:",
} as const;

/**
 * Functions the program calls (`pulumi.runtime.invoke` tokens), which only the cloud can answer: the
 * plan answers each with unknowns.
 */
export const CALL = {
    clientConfig: "azure-native:authorization:getClientConfig",
    managedCluster: "azure-native:containerservice:getManagedCluster",
    managedClusterUserCredentials: "azure-native:containerservice:listManagedClusterUserCredentials",
} as const;

/**
 * The `apiVersion` and `kind` a Kubernetes object of type `token` (`kubernetes:<group>/<version>:<kind>`)
 * is written with; the core group's token says `core/v1` where its objects say `v1`.
 */
export function kubernetesKindOf(token: TypeToken): { readonly apiVersion: string; readonly kind: string } {
    const [provider, groupVersion, kind] = token.split(":");
    if (`${provider}:` !== TYPE_PREFIX.kubernetes || !groupVersion || !kind) {
        throw new Error(`${token} is not a Kubernetes type token`);
    }
    return { apiVersion: groupVersion.replace(/^core\//, ""), kind };
}
