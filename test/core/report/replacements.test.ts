import * as assert from "node:assert/strict";
import { TYPE } from "../../../core/base/resourceTypes";
import type { PlanResource } from "../../../core/report/planTypes";
import { consequenceOf, replacingKeys } from "../../../core/report/replacements";

const resource = (type: string, inputs: Record<string, unknown>, more: Partial<PlanResource> = {}): PlanResource => ({
    type,
    name: "prod-weu-x",
    parent: null,
    dependsOn: [],
    protect: false,
    inputs,
    ...more,
});

describe("what replaces a resource, and what that does (core/report/replacements)", () => {
    describe("the changed input keys that replace a resource", () => {
        const cases: [type: string, changed: string[], replacing: string[]][] = [
            [TYPE.release, ["name", "values", "namespace", "version"], ["name", "namespace"]],
            [TYPE.release, ["values", "version", "metadata.name"], []],
            [TYPE.namespace, ["metadata.name", "metadata.labels"], ["metadata.name"]],
            [TYPE.configMap, ["data", "metadata.namespace"], ["metadata.namespace"]],
            ["kubernetes:monitoring.coreos.com/v1:ServiceMonitor", ["spec", "metadata.name"], ["metadata.name"]],
            [TYPE.kubernetesProvider, ["kubeconfig", "clusterIdentifier", "namespace"], ["clusterIdentifier"]],
            [TYPE.managedCluster, ["agentPoolProfiles", "location", "resourceName"], ["location", "resourceName"]],
            [TYPE.registry, ["sku", "registryName"], ["registryName"]],
            [TYPE.replication, ["location", "tags"], ["location"]],
            [TYPE.resourceGroup, ["tags", "resourceGroupName"], ["resourceGroupName"]],
            [TYPE.userAssignedIdentity, ["tags"], []],
            [TYPE.roleAssignment, ["principalId", "description"], ["principalId"]],
            // Types that no rule knows are updated in place, as far as the plan can tell.
            [TYPE.team, ["namespace", "name"], []],
            ["random:index/randomPassword:RandomPassword", ["length"], []],
        ];
        for (const [type, changed, replacing] of cases) {
            it(`GIVEN ${type} with ${changed.join(", ")} changed THEN ${replacing.length ? replacing.join(", ") : "nothing"} replaces it`, () => {
                assert.deepEqual(replacingKeys(type, changed), replacing);
            });
        }

        it("GIVEN no changed keys THEN nothing replaces anything", () => {
            assert.deepEqual(replacingKeys(TYPE.release, []), []);
        });

        it("GIVEN a provider token that only contains 'kubernetes' THEN the Kubernetes objects' rule does not apply to it", () => {
            assert.deepEqual(replacingKeys(TYPE.kubernetesProvider, ["metadata.name"]), []);
        });
    });

    describe("what replacing or removing it does, in words", () => {
        it("GIVEN a namespace THEN it deletes everything in it; retained, it is left unmanaged and a new one made", () => {
            const ns = resource(TYPE.namespace, { metadata: { name: "fintech" } });
            assert.equal(consequenceOf(ns, "prod/weu"), "deletes namespace fintech on prod/weu and everything in it");
            assert.equal(
                consequenceOf({ ...ns, retainOnDelete: true }, "prod/weu"),
                "namespace fintech on prod/weu is left on the cluster unmanaged (retainOnDelete), with everything in it, and a new one is created",
            );
        });

        it("GIVEN a Helm release THEN it uninstalls it, by namespace and name", () => {
            const release = resource(TYPE.release, { name: "fintech-api", namespace: "fintech" });
            assert.equal(consequenceOf(release, "prod/weu"), "uninstalls release fintech/fintech-api on prod/weu");
        });

        it("GIVEN a Kubernetes provider THEN everything deployed through it is replaced", () => {
            assert.equal(
                consequenceOf(resource(TYPE.kubernetesProvider, {}), undefined),
                "replaces everything deployed through provider prod-weu-x",
            );
        });

        it("GIVEN a cluster, a registry or a resource group THEN it deletes it and what it holds", () => {
            assert.equal(
                consequenceOf(resource(TYPE.managedCluster, { resourceName: "aks-prod-weu" }), undefined),
                "deletes cluster aks-prod-weu and everything on it",
            );
            assert.equal(
                consequenceOf(resource(TYPE.registry, { registryName: "acrprod" }), undefined),
                "deletes registry acrprod and every chart and image in it",
            );
            assert.equal(
                consequenceOf(resource(TYPE.resourceGroup, { resourceGroupName: "rg-prod" }), undefined),
                "deletes resource group rg-prod and everything in it",
            );
        });

        it("GIVEN another Kubernetes object THEN it deletes it by kind, namespace and name, on its cluster", () => {
            const role = resource(TYPE.role, { metadata: { name: "tenant-operator", namespace: "fintech" } });
            assert.equal(consequenceOf(role, "prod/weu"), "deletes Role fintech/tenant-operator on prod/weu");
            const binding = resource(TYPE.clusterRoleBinding, { metadata: { name: "platform-view" } });
            assert.equal(consequenceOf(binding, undefined), "deletes ClusterRoleBinding platform-view");
        });

        it("GIVEN a resource without a metadata name THEN it deletes it by type and Pulumi name", () => {
            assert.equal(
                consequenceOf(resource(TYPE.roleAssignment, { scope: "/x" }), "prod/weu"),
                `deletes ${TYPE.roleAssignment} prod-weu-x`,
            );
        });
    });
});
