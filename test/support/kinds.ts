/**
 * The API resource each kind is created through, and whether it lives in a namespace: what the API
 * server's discovery says for the kinds the tests render (Kubernetes 1.33).
 */
export const API_RESOURCES: Readonly<Record<string, { readonly group: string; readonly resource: string; readonly namespaced: boolean }>> =
    {
        ServiceAccount: { group: "", resource: "serviceaccounts", namespaced: true },
        ConfigMap: { group: "", resource: "configmaps", namespaced: true },
        Secret: { group: "", resource: "secrets", namespaced: true },
        Service: { group: "", resource: "services", namespaced: true },
        Pod: { group: "", resource: "pods", namespaced: true },
        PersistentVolumeClaim: { group: "", resource: "persistentvolumeclaims", namespaced: true },
        ResourceQuota: { group: "", resource: "resourcequotas", namespaced: true },
        LimitRange: { group: "", resource: "limitranges", namespaced: true },
        Namespace: { group: "", resource: "namespaces", namespaced: false },
        Deployment: { group: "apps", resource: "deployments", namespaced: true },
        StatefulSet: { group: "apps", resource: "statefulsets", namespaced: true },
        DaemonSet: { group: "apps", resource: "daemonsets", namespaced: true },
        Job: { group: "batch", resource: "jobs", namespaced: true },
        CronJob: { group: "batch", resource: "cronjobs", namespaced: true },
        HorizontalPodAutoscaler: { group: "autoscaling", resource: "horizontalpodautoscalers", namespaced: true },
        PodDisruptionBudget: { group: "policy", resource: "poddisruptionbudgets", namespaced: true },
        Ingress: { group: "networking.k8s.io", resource: "ingresses", namespaced: true },
        NetworkPolicy: { group: "networking.k8s.io", resource: "networkpolicies", namespaced: true },
        Role: { group: "rbac.authorization.k8s.io", resource: "roles", namespaced: true },
        RoleBinding: { group: "rbac.authorization.k8s.io", resource: "rolebindings", namespaced: true },
        ClusterRole: { group: "rbac.authorization.k8s.io", resource: "clusterroles", namespaced: false },
        ClusterRoleBinding: { group: "rbac.authorization.k8s.io", resource: "clusterrolebindings", namespaced: false },
        CustomResourceDefinition: { group: "apiextensions.k8s.io", resource: "customresourcedefinitions", namespaced: false },
        ValidatingWebhookConfiguration: {
            group: "admissionregistration.k8s.io",
            resource: "validatingwebhookconfigurations",
            namespaced: false,
        },
        ServiceMonitor: { group: "monitoring.coreos.com", resource: "servicemonitors", namespaced: true },
    };
