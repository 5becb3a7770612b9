import * as assert from "node:assert/strict";
import type * as pulumi from "@pulumi/pulumi";
import { SharedCluster, type SharedClusterArgs } from "../../../components/cluster/sharedCluster";
import { SECRET } from "../../../core/base/constants";
import { CALL, TYPE } from "../../../core/base/resourceTypes";
import type { ExistingClusterSpec } from "../../../core/model/environment";
import type { Values } from "../../../core/values/merge";
import { runComponents } from "../../helpers";
import { USER_KUBECONFIG } from "../../support/kubeconfigs";
import { WEU } from "../../support/smallModel";

const FOUNDATION = { name: "aks-shop-weu", resourceGroupName: "rg-helm-platform-shop", id: "/subscriptions/s/clusters/aks-shop-weu" };
const network = WEU.network;
const CONTEXT: ExistingClusterSpec = { kind: "existing", name: "kind", kubeconfigContext: "kind-shop", network };
const EXISTING_AKS: ExistingClusterSpec = {
    kind: "existing",
    name: "shared",
    aks: { name: "aks-shared", resourceGroupName: "rg-shared" },
    network,
};

/** A shard's SharedCluster of `args` on the mocks, AKS answering for user credentials: what it registered and asked, and the component. */
async function shared(args: Partial<SharedClusterArgs>) {
    const asked: Values[] = [];
    const calls = {
        [CALL.managedClusterUserCredentials]: (inputs: Values) => {
            asked.push(inputs);
            return { kubeconfigs: [{ name: "clusterUser", value: Buffer.from(USER_KUBECONFIG).toString("base64") }] };
        },
    };
    let cluster: SharedCluster | undefined;
    const run = await runComponents(
        () => {
            cluster = new SharedCluster("shop-weu", { environment: "shop", spec: WEU, foundation: FOUNDATION, ...args });
        },
        { calls, preview: false },
    );
    return { run, asked, cluster: cluster as SharedCluster, provider: run.one(TYPE.kubernetesProvider, "shop-weu-k8s").inputs };
}

const known = <T>(output: pulumi.Output<T> | undefined): Promise<T | undefined> =>
    output ? new Promise((resolve) => output.apply(resolve)) : Promise.resolve(undefined);

describe("a cluster as a shard reaches it (components/cluster/sharedCluster.ts)", () => {
    describe("GIVEN a cluster the foundation created", () => {
        let created: Awaited<ReturnType<typeof shared>>;
        before(async () => {
            created = await shared({});
        });

        it("THEN the shard reads its own user credentials by the foundation's names, through a provider of its own", () => {
            const { run, asked, provider, cluster } = created;
            assert.deepEqual(asked, [{ resourceGroupName: "rg-helm-platform-shop", resourceName: "aks-shop-weu" }]);
            // Provider settings reach the engine as strings.
            assert.deepEqual(provider, { kubeconfig: SECRET, clusterIdentifier: "shop/weu", enableServerSideApply: "true" });
            assert.equal(run.one(TYPE.kubernetesProvider).parent, `${TYPE.sharedCluster}::shop-weu`);
            assert.deepEqual([cluster.clusterName, cluster.clusterIdentifier, cluster.access?.context], ["weu", "shop/weu", undefined]);
        });

        it("THEN it authorizes with Azure RBAC on the foundation's cluster ID, and exports the cluster's name", async () => {
            assert.equal(await known(created.cluster.azureRbacClusterId), FOUNDATION.id);
            assert.equal(await known(created.cluster.outputs.name as pulumi.Output<string>), "aks-shop-weu");
        });

        it("THEN without a kubelogin mode the kubeconfig logs in as the Azure CLI; GIVEN one THEN as that one", async () => {
            assert.match((await known(created.cluster.access?.kubeconfig)) ?? "", /- --login\n\s+- azurecli\n/);
            const msi = await known((await shared({ kubeloginMode: "msi" })).cluster.access?.kubeconfig);
            assert.match(msi ?? "", /- --login\n\s+- msi\n/);
        });
    });

    it("GIVEN an existing AKS cluster THEN its credentials too are read by the names the foundation exports, and no Azure RBAC is assumed", async () => {
        const { asked, cluster } = await shared({ spec: EXISTING_AKS });
        assert.deepEqual(asked, [{ resourceGroupName: "rg-helm-platform-shop", resourceName: "aks-shop-weu" }]);
        assert.equal(cluster.azureRbacClusterId, undefined);
    });

    it("GIVEN a kubeconfig context and its kubeconfig THEN the provider uses that context from it, a secret, and Azure is not asked", async () => {
        const { asked, provider, cluster } = await shared({ spec: CONTEXT, kubeconfig: "apiVersion: v1\n" });
        assert.deepEqual(asked, []);
        assert.deepEqual(provider, {
            kubeconfig: SECRET,
            context: "kind-shop",
            clusterIdentifier: "shop/kind",
            enableServerSideApply: "true",
        });
        assert.equal(cluster.access?.context, "kind-shop");
        assert.equal(await known(cluster.access?.kubeconfig), "apiVersion: v1\n");
    });

    it("GIVEN a kubeconfig context without its kubeconfig THEN the provider reads the ambient one, and there is no access to impersonate from", async () => {
        const { provider, cluster } = await shared({ spec: CONTEXT });
        assert.deepEqual(provider, { context: "kind-shop", clusterIdentifier: "shop/kind", enableServerSideApply: "true" });
        assert.equal(cluster.access, undefined);
    });
});
