import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as authorization from "@pulumi/azure-native/authorization";
import * as containerregistry from "@pulumi/azure-native/containerregistry";
import * as containerservice from "@pulumi/azure-native/containerservice";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as resources from "@pulumi/azure-native/resources";
import * as k8s from "@pulumi/kubernetes";
import { CALL, kubernetesKindOf, TYPE } from "../../../core/base/resourceTypes";

/** The SDK class that registers each provider resource the platform reads back. */
const SDK_CLASSES: Partial<Record<keyof typeof TYPE, unknown>> = {
    release: k8s.helm.v3.Release,
    namespace: k8s.core.v1.Namespace,
    configMap: k8s.core.v1.ConfigMap,
    resourceQuota: k8s.core.v1.ResourceQuota,
    networkPolicy: k8s.networking.v1.NetworkPolicy,
    role: k8s.rbac.v1.Role,
    roleBinding: k8s.rbac.v1.RoleBinding,
    clusterRoleBinding: k8s.rbac.v1.ClusterRoleBinding,
    validatingAdmissionPolicy: k8s.admissionregistration.v1.ValidatingAdmissionPolicy,
    validatingAdmissionPolicyBinding: k8s.admissionregistration.v1.ValidatingAdmissionPolicyBinding,
    resourceGroup: resources.ResourceGroup,
    managedCluster: containerservice.ManagedCluster,
    registry: containerregistry.Registry,
    replication: containerregistry.Replication,
    roleAssignment: authorization.RoleAssignment,
    userAssignedIdentity: managedidentity.UserAssignedIdentity,
};

/** The SDK's own token for a class (its internal `__pulumiType`, what it registers with). */
const tokenOf = (cls: unknown) => (cls as { __pulumiType: string }).__pulumiType;

describe("type tokens (core/base/resourceTypes)", () => {
    it("GIVEN each provider resource the plan reads THEN its token is the one the SDK registers that class with", () => {
        const checked = Object.entries(SDK_CLASSES).map(([key, cls]) => [key, tokenOf(cls)]);
        assert.deepEqual(
            checked,
            checked.map(([key]) => [key, TYPE[key as keyof typeof TYPE]]),
        );
        assert.equal(checked.length, 16);
    });

    it("GIVEN each function the plan answers THEN the SDK invokes it by exactly that token", () => {
        const modules = {
            clientConfig: "authorization/getClientConfig",
            managedCluster: "containerservice/getManagedCluster",
            managedClusterUserCredentials: "containerservice/listManagedClusterUserCredentials",
        };
        for (const [key, module] of Object.entries(modules)) {
            const source = fs.readFileSync(require.resolve(`@pulumi/azure-native/${module}`), "utf8");
            assert.ok(source.includes(`invoke("${CALL[key as keyof typeof CALL]}"`), `${module} invokes another token`);
        }
        assert.deepEqual(Object.keys(modules).sort(), Object.keys(CALL).sort());
    });

    it("GIVEN a custom resource's token THEN its apiVersion and kind are read from it, the core group as v1", () => {
        assert.deepEqual(kubernetesKindOf(TYPE.alertmanagerConfig), {
            apiVersion: "monitoring.coreos.com/v1alpha1",
            kind: "AlertmanagerConfig",
        });
        assert.deepEqual(kubernetesKindOf(TYPE.serviceMonitor), { apiVersion: "monitoring.coreos.com/v1", kind: "ServiceMonitor" });
        assert.deepEqual(kubernetesKindOf(TYPE.namespace), { apiVersion: "v1", kind: "Namespace" });
    });

    it("GIVEN a token of another provider THEN it is refused, naming it", () => {
        assert.throws(() => kubernetesKindOf(TYPE.team), /helm-platform:tenant:Team is not a Kubernetes type token/);
    });
});
