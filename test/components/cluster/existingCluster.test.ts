import * as assert from "node:assert/strict";
import { UNKNOWN } from "../../../core/base/constants";
import { CLOUD_ONLY_CALLS } from "../../../plan/runPlan";
import { Platform } from "../../../program/platform";
import { changedTree, load, runComponents, SAMPLE_SECRETS, sampleTree } from "../../helpers";

const devStack = sampleTree().read("Pulumi.dev.yaml") as string;

/** Plans the dev platform with its only cluster replaced by an existing one. */
async function devWithExisting(existing: string, kubeconfigs?: Record<string, string>) {
    const tree = changedTree({
        "Pulumi.dev.yaml": devStack.replace('      location: westeurope\n      kubernetesVersion: "1.33"\n', existing),
    });
    const model = load("dev", tree);
    return runComponents(() => new Platform("dev", { model, secrets: SAMPLE_SECRETS, kubeconfigs }), { calls: CLOUD_ONLY_CALLS });
}

const KIND_KUBECONFIG = [
    "apiVersion: v1",
    "kind: Config",
    "current-context: kind-dev",
    "contexts: [{name: kind-dev, context: {cluster: kind-dev, user: kind-dev}}, {name: other, context: {cluster: other, user: other}}]",
    "clusters: [{name: kind-dev, cluster: {server: 'https://127.0.0.1:6443'}}, {name: other, cluster: {server: 'https://10.0.0.1'}}]",
    "users: [{name: kind-dev, user: {token: kind-token}}, {name: other, user: {token: other-token}}]",
].join("\n");

describe("existing clusters", () => {
    it("GIVEN an existing AKS cluster THEN releases go there through its user credentials and its kubelet may pull", async () => {
        const run = await devWithExisting("      existing:\n        aksName: aks-shared-dev\n        resourceGroupName: rg-shared\n");
        assert.equal(run.all("azure-native:containerservice:ManagedCluster").length, 0);
        const provider = run.one("pulumi:providers:kubernetes", "-weu-k8s").inputs;
        assert.equal(provider.kubeconfig, UNKNOWN, "credentials are Azure's to give");
        assert.equal(provider.clusterIdentifier, "dev/weu");
        const pull = run.all("azure-native:authorization:RoleAssignment").find((r) => r.name.endsWith("weu-kubelet-pull"));
        assert.ok(pull, "the existing cluster's kubelet gets AcrPull");
        const teamReleases = run.all("kubernetes:helm.sh/v3:Release").filter((r) => r.inputs.namespace !== "monitoring");
        assert.ok(teamReleases.length > 0);
        for (const r of teamReleases) {
            assert.equal(
                r.provider,
                `pulumi:providers:kubernetes::dev-weu-${String(r.inputs.name).split("-")[0]}-installer`,
                `${r.name} installs as its team`,
            );
        }
    });

    it("GIVEN a kubeconfig context and its kubeconfig THEN the platform uses that context, teams impersonate from it, and nothing in Azure is touched", async () => {
        const run = await devWithExisting("      existing:\n        kubeconfigContext: kind-dev\n", { weu: KIND_KUBECONFIG });
        const provider = run.one("pulumi:providers:kubernetes", "-weu-k8s").inputs;
        assert.equal(provider.context, "kind-dev");
        assert.equal(provider.kubeconfig, "[secret]");
        assert.equal(run.one("pulumi:providers:kubernetes", "-fintech-installer").inputs.kubeconfig, "[secret]");
        assert.equal(run.all("azure-native:containerservice:ManagedCluster").length, 0);
        assert.equal(run.all("azure-native:authorization:RoleAssignment").filter((r) => r.name.includes("kubelet")).length, 0);
    });

    it("GIVEN a kubeconfig context without its kubeconfig THEN it refuses to install team charts with the platform's rights", async () => {
        await assert.rejects(
            devWithExisting("      existing:\n        kubeconfigContext: kind-dev\n"),
            /reached through an ambient kubeconfig, so team \w+'s releases cannot impersonate their installer/,
        );
    });
});
