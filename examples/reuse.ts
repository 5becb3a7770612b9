// Another platform team's Pulumi program, reusing the components on a cluster it already runs. It
// writes only what has no default: the rest is the platform's safe choice (Pod Security restricted,
// default-deny networking, the platform's quota, atomic releases), listed in docs/components.md.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { AdmissionPolicies, HelmRelease, Team, TenantNamespace } from "helm-platform";

const kubeconfig = new pulumi.Config().requireSecret("kubeconfig");
// The cluster goes in the resource options, the Pulumi way; every child object inherits it.
const provider = new k8s.Provider("shared-aks", { kubeconfig });
// The platform's admission policies first: every tenant namespace is checked from its first moment.
const policies = new AdmissionPolicies("shared-aks-admission", { provider });

// A team: its namespace and isolation, and releases installed as the namespace's own installer.
const payments = new Team(
    "payments",
    {
        cluster: { clusterName: "shared-aks", provider, access: { kubeconfig } },
        namespace: "payments",
        ownerGroupObjectIds: ["0b4a1f6e-2c3d-4e5f-8a9b-0c1d2e3f4a51"],
    },
    { dependsOn: policies.ready },
);
const api = payments.release("api", { chart: "oci://myacr.azurecr.io/helm-charts/payments/api", version: "1.4.2" });

// A namespace of the platform team's own, and a release it installs there with its own rights.
const tools = new TenantNamespace(
    "tools",
    { namespace: "tools", ownerGroupObjectIds: ["6c1e9a2b-3d4f-4a5b-9c8d-7e6f5a4b3c21"] },
    { provider, dependsOn: policies.ready },
);
new HelmRelease(
    "status-page",
    { namespace: tools.namespaceName, chart: "oci://myacr.azurecr.io/helm-charts/tools/status-page", version: "0.3.1" },
    { provider, dependsOn: tools.ready },
);

export const status = api.status.status;
