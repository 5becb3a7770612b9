import * as assert from "node:assert/strict";
import * as k8s from "@pulumi/kubernetes";
import { parse } from "yaml";
import { AdmissionPolicies, AksCluster, ChartRegistry, HelmRelease, MonitoringStack, TenantNamespace } from "../components";
import { AKS_AAD_SERVER_ID, toNonInteractiveKubeconfig } from "../core/azure/kubeconfig";
import { BUILT_IN_ROLES } from "../core/azure/roles";
import { SECRET } from "../core/base/constants";
import type { EnvironmentSpec, ManagedClusterSpec } from "../core/model/environment";
import type { TenantSpec } from "../core/model/platform";
import { load, playAzure, runComponents, SUBSCRIPTION } from "./helpers";

const prod = load("prod").environment;
const dev = load("dev").environment;

/** The i-th cluster of an environment, which the sample creates (not an existing one). */
function managed(env: EnvironmentSpec, i = 0): ManagedClusterSpec {
    const spec = env.clusters[i];
    assert.equal(spec.kind, "managed");
    return spec as ManagedClusterSpec;
}

const USER_KUBECONFIG = [
    "apiVersion: v1",
    "clusters: [{name: aks, cluster: {server: 'https://aks.example:443'}}]",
    "users:",
    "- name: clusterUser",
    "  user:",
    "    exec:",
    "      apiVersion: client.authentication.k8s.io/v1beta1",
    "      command: kubelogin",
    `      args: [get-token, --environment, AzurePublicCloud, --server-id, ${AKS_AAD_SERVER_ID}, --client-id, 80faf920-1908-4b52-b5ef-a8e7bedfc67a, --tenant-id, tenant-1, --login, devicecode]`,
].join("\n");

describe("AksCluster", () => {
    it("GIVEN the prod profile THEN the cluster has Entra ID with Azure RBAC, no local accounts and workload identity", async () => {
        const run = await runComponents(
            () => new AksCluster("prod-weu", { resourceGroupName: "rg", environment: "prod", spec: managed(prod) }),
        );
        const inputs = run.one("azure-native:containerservice:ManagedCluster").inputs as Record<string, any>;
        assert.deepEqual(inputs.aadProfile, { managed: true, enableAzureRBAC: true, adminGroupObjectIDs: [...prod.adminGroupObjectIds] });
        assert.equal(inputs.disableLocalAccounts, true);
        assert.equal(inputs.oidcIssuerProfile.enabled, true);
        assert.equal(inputs.securityProfile.workloadIdentity.enabled, true);
        assert.equal(inputs.identity.type, "UserAssigned");
        assert.deepEqual(inputs.apiServerAccessProfile, { enablePrivateCluster: false, authorizedIPRanges: ["203.0.113.0/24"] });
        assert.equal(inputs.sku.tier, "Standard");
    });

    it("uses Azure CNI overlay with a network policy engine", async () => {
        const run = await runComponents(
            () => new AksCluster("dev-weu", { resourceGroupName: "rg", environment: "dev", spec: managed(dev) }),
        );
        const network = (run.one("azure-native:containerservice:ManagedCluster").inputs as Record<string, any>).networkProfile;
        assert.equal(network.networkPlugin, "azure");
        assert.equal(network.networkPluginMode, "overlay");
        assert.equal(network.networkPolicy, "cilium");
        assert.equal(network.networkDataplane, "cilium");
    });

    it("taints the system pool and autoscales both pools within the profile's zones", async () => {
        const prodRun = await runComponents(
            () => new AksCluster("prod-weu", { resourceGroupName: "rg", environment: "prod", spec: managed(prod) }),
        );
        const [system, user] = (prodRun.one("azure-native:containerservice:ManagedCluster").inputs as Record<string, any>)
            .agentPoolProfiles;
        assert.deepEqual(system.nodeTaints, ["CriticalAddonsOnly=true:NoSchedule"]);
        assert.equal(system.mode, "System");
        assert.equal(user.mode, "User");
        assert.deepEqual([user.enableAutoScaling, user.minCount, user.maxCount], [true, 3, 10]);
        assert.deepEqual(user.availabilityZones, ["1", "2", "3"]);
        const devRun = await runComponents(
            () => new AksCluster("dev-weu", { resourceGroupName: "rg", environment: "dev", spec: managed(dev) }),
        );
        const devPools = (devRun.one("azure-native:containerservice:ManagedCluster").inputs as Record<string, any>).agentPoolProfiles;
        assert.deepEqual(
            devPools.map((p: { availabilityZones: string[] }) => p.availabilityZones),
            [[], []],
        );
        assert.equal((devRun.one("azure-native:containerservice:ManagedCluster").inputs as Record<string, any>).sku.tier, "Free");
    });

    it("GIVEN a deployed cluster THEN its provider gets the user kubeconfig as a secret with a stable cluster identifier", async () => {
        let asked: Record<string, unknown> | undefined;
        const run = await runComponents(
            () =>
                new AksCluster("prod-weu", {
                    resourceGroupName: "rg",
                    environment: "prod",
                    spec: managed(prod),
                    kubeloginMode: "workloadidentity",
                }),
            {
                preview: false,
                cloud: playAzure,
                calls: {
                    "azure-native:containerservice:listManagedClusterUserCredentials": (inputs) => {
                        asked = inputs;
                        return { kubeconfigs: [{ name: "clusterUser", value: Buffer.from(USER_KUBECONFIG).toString("base64") }] };
                    },
                },
            },
        );
        assert.deepEqual(asked, { resourceGroupName: "rg", resourceName: "aks-prod-weu" });
        const provider = run.one("pulumi:providers:kubernetes").inputs;
        assert.equal(provider.kubeconfig, SECRET);
        assert.equal(provider.clusterIdentifier, "prod/weu");
    });
});

describe("toNonInteractiveKubeconfig", () => {
    it("replaces the device-code login by the chosen mode and keeps the server and tenant", () => {
        const user = (config: string) => (parse(config) as any).users[0].user.exec.args as string[];
        assert.deepEqual(user(toNonInteractiveKubeconfig(USER_KUBECONFIG, "workloadidentity")), [
            "get-token",
            "--login",
            "workloadidentity",
            "--server-id",
            AKS_AAD_SERVER_ID,
            "--environment",
            "AzurePublicCloud",
            "--tenant-id",
            "tenant-1",
        ]);
        assert.deepEqual(user(toNonInteractiveKubeconfig(USER_KUBECONFIG, "azurecli")), [
            "get-token",
            "--login",
            "azurecli",
            "--server-id",
            AKS_AAD_SERVER_ID,
            "--environment",
            "AzurePublicCloud",
        ]);
    });
});

describe("ChartRegistry", () => {
    it("turns off the admin user and anonymous pull, and replicates where configured", async () => {
        const run = await runComponents(() => new ChartRegistry("prod-registry", { resourceGroupName: "rg", spec: prod.registry }));
        const inputs = run.one("azure-native:containerregistry:Registry").inputs as Record<string, any>;
        assert.equal(inputs.adminUserEnabled, false);
        assert.equal(inputs.anonymousPullEnabled, false);
        assert.equal(inputs.sku.name, "Premium");
        assert.deepEqual(
            run.all("azure-native:containerregistry:Replication").map((r) => r.inputs.location),
            ["northeurope"],
        );
    });

    it("grantPull gives AcrPull on the registry to the principal, grantPush AcrPush", async () => {
        const run = await runComponents(
            () => {
                const registry = new ChartRegistry("r", { resourceGroupName: "rg", spec: prod.registry });
                registry.grantPull("kubelet", { principalId: "kubelet-object-id" });
                registry.grantPush("ci", { principalId: "ci-object-id" });
            },
            { preview: false, cloud: playAzure },
        );
        const registryId = `${SUBSCRIPTION}/resourceGroups/rg/providers/azure-native:containerregistry:Registry/r-acr`;
        const pull = run.one("azure-native:authorization:RoleAssignment", "kubelet-pull").inputs;
        assert.equal(pull.roleDefinitionId, `${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${BUILT_IN_ROLES.acrPull}`);
        assert.equal(pull.scope, registryId);
        assert.equal(pull.principalId, "kubelet-object-id");
        assert.equal(pull.principalType, "ServicePrincipal");
        const push = run.one("azure-native:authorization:RoleAssignment", "ci-push").inputs;
        assert.equal(push.roleDefinitionId, `${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${BUILT_IN_ROLES.acrPush}`);
    });
});

describe("TenantNamespace and HelmRelease", () => {
    const build = () => {
        const provider = new k8s.Provider("c1-k8s", { kubeconfig: "unused" });
        const fintech = load("dev").tenants.find((t) => t.team === "fintech") as TenantSpec;
        const tenant = new TenantNamespace(
            "c1-fintech",
            {
                environment: "dev",
                tenant: { ...fintech, ownerGroupObjectIds: ["owners-group"], viewerGroupObjectIds: ["viewers-group"] },
                ciPrincipalId: "ci-object-id",
            },
            { provider },
        );
        new HelmRelease(
            "c1-fintech-payments-api",
            {
                releaseName: "fintech-payments-api",
                namespace: tenant.namespaceName,
                chart: "oci://acr.azurecr.io/helm-charts/payments-api",
                version: "1.4.2",
                values: { replicaCount: 2 },
            },
            { provider, dependsOn: tenant.ready },
        );
    };

    it("binds owners to the namespace's operator role and viewers to view, inside the namespace only", async () => {
        const run = await runComponents(build);
        const namespace = run.one("kubernetes:core/v1:Namespace").inputs as Record<string, any>;
        assert.equal(namespace.metadata.name, "fintech");
        assert.equal(namespace.metadata.labels["helm-platform/team"], "fintech");
        const operate = run.one("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", "-fintech-operate").inputs as Record<string, any>;
        assert.equal(operate.metadata.namespace, "fintech");
        assert.deepEqual(operate.roleRef, { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "tenant-operator" });
        assert.deepEqual(operate.subjects, [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "owners-group" }]);
        const role = run.one("kubernetes:rbac.authorization.k8s.io/v1:Role", "-role-tenant-operator").inputs as Record<string, any>;
        const policyRules = role.rules.filter((r: { resources: string[] }) => r.resources.includes("networkpolicies"));
        assert.deepEqual(
            policyRules.map((r: { verbs: string[] }) => r.verbs),
            [["get", "list", "watch"]],
            "owners must not be able to delete their default-deny policy",
        );
        const view = run.one("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", "-view").inputs as Record<string, any>;
        assert.deepEqual(
            view.subjects.map((s: { name: string }) => s.name),
            ["viewers-group"],
        );
        const ci = run.one("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", "-ci-operate").inputs as Record<string, any>;
        assert.deepEqual(
            [ci.roleRef.name, ci.subjects],
            ["tenant-operator", [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "ci-object-id" }]],
        );
        assert.equal(run.all("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding").length, 0);
        for (const r of run.resources.filter((x) => x.type.startsWith("kubernetes:"))) {
            assert.equal(r.provider, "pulumi:providers:kubernetes::c1-k8s", `${r.name} must use the cluster's provider`);
        }
    });

    it("installs the release atomically into the team's namespace after its namespace and RBAC", async () => {
        const run = await runComponents(build);
        const release = run.one("kubernetes:helm.sh/v3:Release");
        const { name, namespace, chart, version, atomic, cleanupOnFail, createNamespace, maxHistory, timeout } = release.inputs;
        assert.deepEqual(
            { name, namespace, chart, version, atomic, cleanupOnFail, createNamespace, maxHistory, timeout },
            {
                name: "fintech-payments-api",
                namespace: "fintech",
                chart: "oci://acr.azurecr.io/helm-charts/payments-api",
                version: "1.4.2",
                atomic: true,
                cleanupOnFail: true,
                createNamespace: false,
                maxHistory: 10,
                timeout: 600,
            },
        );
        assert.deepEqual(release.inputs.values, { replicaCount: 2 });
        // The release waits for its namespace and everything that isolates it.
        for (const needed of [
            "kubernetes:core/v1:Namespace::c1-fintech-ns",
            "kubernetes:core/v1:ResourceQuota::c1-fintech-resourcequota-fintech-quota",
            "kubernetes:core/v1:LimitRange::c1-fintech-limitrange-fintech-limits",
            "kubernetes:networking.k8s.io/v1:NetworkPolicy::c1-fintech-networkpolicy-default-deny",
            "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding::c1-fintech-rolebinding-fintech-operate",
            "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding::c1-fintech-rolebinding-fintech-view",
        ]) {
            assert.ok(release.dependsOn.includes(needed), `release does not wait for ${needed}`);
        }
        assert.equal(release.parent, "helm-platform:release:HelmRelease::c1-fintech-payments-api");
    });
});

describe("components take their cluster and dependencies through the resource options", () => {
    const provider = "pulumi:providers:kubernetes::cluster-k8s";

    it("every Kubernetes object of a TenantNamespace, a HelmRelease, AdmissionPolicies and a MonitoringStack uses the provider given in opts", async () => {
        const run = await runComponents(() => {
            const cluster = new k8s.Provider("cluster-k8s", { kubeconfig: "unused" });
            const fintech = load("dev").tenants.find((t) => t.team === "fintech") as TenantSpec;
            const policies = new AdmissionPolicies("policies", { provider: cluster });
            const tenant = new TenantNamespace(
                "ns",
                { environment: "dev", tenant: fintech, ciPrincipalId: "ci" },
                { provider: cluster, dependsOn: policies.ready },
            );
            new HelmRelease(
                "app",
                {
                    releaseName: "fintech-app",
                    namespace: tenant.namespaceName,
                    chart: "oci://acr.azurecr.io/helm-charts/app",
                    version: "1.0.0",
                    values: {},
                },
                { provider: cluster, dependsOn: tenant.ready },
            );
            new MonitoringStack(
                "mon",
                { environment: "dev", cluster: "weu", stackValues: {}, rules: { groups: [] }, dashboards: {}, teams: [] },
                { provider: cluster },
            );
        });
        const kubernetes = run.resources.filter((r) => r.type.startsWith("kubernetes:"));
        assert.ok(kubernetes.length > 20);
        for (const r of kubernetes) {
            assert.equal(r.provider, provider, `${r.type}::${r.name}`);
        }
    });

    it("dependsOn in opts makes the objects inside wait: a namespace for the admission policies, a release for what it needs", async () => {
        const run = await runComponents(() => {
            const cluster = new k8s.Provider("cluster-k8s", { kubeconfig: "unused" });
            const fintech = load("dev").tenants.find((t) => t.team === "fintech") as TenantSpec;
            const policies = new AdmissionPolicies("policies", { provider: cluster });
            new TenantNamespace(
                "ns",
                { environment: "dev", tenant: fintech, ciPrincipalId: "ci" },
                { provider: cluster, dependsOn: policies.ready },
            );
            const first = new HelmRelease(
                "first",
                { releaseName: "first", namespace: "fintech", chart: "oci://r/c", version: "1.0.0", values: {} },
                { provider: cluster },
            );
            new HelmRelease(
                "second",
                { releaseName: "second", namespace: "fintech", chart: "oci://r/c", version: "1.0.0", values: {} },
                { provider: cluster, dependsOn: [first.release] },
            );
        });
        const namespace = run.one("kubernetes:core/v1:Namespace");
        assert.equal(namespace.dependsOn.filter((d) => d.includes("ValidatingAdmissionPolicy")).length, 12, "every policy and binding");
        assert.deepEqual(run.one("kubernetes:helm.sh/v3:Release", "second-release").dependsOn, [
            "kubernetes:helm.sh/v3:Release::first-release",
        ]);
    });
});
