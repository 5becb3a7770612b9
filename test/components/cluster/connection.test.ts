import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { kubeletObjectIdOf, userKubeconfig } from "../../../components/cluster/connection";
import { CALL } from "../../../core/base/resourceTypes";
import type { Values } from "../../../core/values/merge";
import { runComponents } from "../../helpers";
import { USER_KUBECONFIG } from "../../support/kubeconfigs";

/** What an Output settles to: its value, or the error it failed with (the SDK's own promise of it). */
const settled = <T>(output: pulumi.Output<T>): Promise<T> => (output as unknown as { promise(): Promise<T> }).promise();

/** Runs `make` in a stack on the mocks, under a component, with AKS answering `credentials` for user credentials. */
async function underCluster<T>(make: (parent: pulumi.Resource) => pulumi.Output<T>, credentials: Values = {}) {
    let output: pulumi.Output<T> | undefined;
    const asked: Values[] = [];
    const calls = {
        [CALL.managedClusterUserCredentials]: (inputs: Values) => {
            asked.push(inputs);
            return credentials;
        },
    };
    await runComponents(
        () => {
            output = make(new pulumi.ComponentResource("test:index:Cluster", "shop-weu", {}, {}));
        },
        { calls, preview: false },
    );
    return { output: output as pulumi.Output<T>, asked };
}

describe("reaching a cluster (components/cluster/connection.ts)", () => {
    describe("userKubeconfig", () => {
        it("GIVEN AKS's user credentials THEN the kubeconfig is theirs, made non-interactive for the mode, and secret", async () => {
            const value = Buffer.from(USER_KUBECONFIG).toString("base64");
            const { output, asked } = await underCluster(
                (parent) => userKubeconfig(parent, "rg-shop", "aks-shop-weu", "workloadidentity"),
                { kubeconfigs: [{ name: "clusterUser", value }] },
            );
            assert.deepEqual(asked, [{ resourceGroupName: "rg-shop", resourceName: "aks-shop-weu" }]);
            const kubeconfig = await settled(output);
            assert.match(kubeconfig, /- --login\n\s+- workloadidentity\n/);
            assert.doesNotMatch(kubeconfig, /devicecode/);
            assert.match(kubeconfig, /server: https:\/\/aks\.example:443/);
            assert.equal(await pulumi.isSecret(output), true);
        });

        it("GIVEN AKS returns no kubeconfig THEN it fails on the cluster, naming it", async () => {
            const { output } = await underCluster((parent) => userKubeconfig(parent, "rg-shop", "aks-shop-weu", "azurecli"), {
                kubeconfigs: [],
            });
            await assert.rejects(
                settled(output),
                (e: Error) => e instanceof pulumi.ResourceError && e.message === "cluster aks-shop-weu returned no user kubeconfig",
            );
        });
    });

    describe("kubeletObjectIdOf", () => {
        it("GIVEN the cluster's identity profile THEN the kubelet identity's object ID", async () => {
            const profile = pulumi.output({ kubeletidentity: { objectId: "kubelet-object" } });
            const { output } = await underCluster((parent) => kubeletObjectIdOf(parent, "weu", profile));
            assert.equal(await settled(output), "kubelet-object");
        });

        for (const [what, profile] of [
            ["no identity profile", undefined],
            ["no kubelet identity", { other: { objectId: "x" } }],
            ["a kubelet identity without an object ID", { kubeletidentity: {} }],
        ] as const) {
            it(`GIVEN ${what} THEN it fails on the cluster, naming it`, async () => {
                const { output } = await underCluster((parent) => kubeletObjectIdOf(parent, "weu", pulumi.output(profile as never)));
                await assert.rejects(
                    settled(output),
                    (e: Error) => e instanceof pulumi.ResourceError && e.message === "cluster weu reported no kubelet identity",
                );
            });
        }
    });
});
