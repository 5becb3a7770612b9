// A Pulumi program of another team that reuses the components on a cluster it already has.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { AdmissionPolicies, HelmRelease, TenantNamespace, type TenantSpec } from "helm-platform";

const config = new pulumi.Config();
// The cluster goes in the resource options, the Pulumi way; every child object inherits it.
const cluster = new k8s.Provider("shared-aks", { kubeconfig: config.requireSecret("kubeconfig") });

const payments: TenantSpec = {
    team: "payments",
    file: "teams/payments.yaml",
    namespace: "payments",
    ownerGroupObjectIds: ["0b4a1f6e-2c3d-4e5f-8a9b-0c1d2e3f4a51"],
    viewerGroupObjectIds: [],
    podSecurity: { enforce: "restricted", warn: "restricted", audit: "restricted" },
    quota: { "requests.cpu": "4", "requests.memory": "8Gi", pods: "50" },
    limits: { defaultRequest: { cpu: "100m", memory: "128Mi" }, default: { cpu: "500m", memory: "512Mi" } },
    egress: [],
    ingressFrom: [],
    exposure: { serviceTypes: [], ingressDomains: [] },
};

// The platform's admission policies first: the namespace is checked from its first moment.
const policies = new AdmissionPolicies("shared-aks-admission", { provider: cluster });
const tenant = new TenantNamespace("payments", { environment: "dev", tenant: payments }, { provider: cluster, dependsOn: policies.ready });
const api = new HelmRelease(
    "payments-api",
    {
        releaseName: "payments-api",
        namespace: tenant.namespaceName,
        chart: "oci://myacr.azurecr.io/helm-charts/fintech/payments-api",
        version: "1.4.2",
        values: { replicaCount: 2 },
    },
    { provider: cluster, dependsOn: tenant.ready },
);

export const status = api.status.status;
