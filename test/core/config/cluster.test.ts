import * as assert from "node:assert/strict";
import { formatProblem } from "../../../core/base/problems";
import { changedTree, load, problemsOf, sampleTree } from "../../helpers";

const devStack = sampleTree().read("Pulumi.dev.yaml") as string;

/** Adds keys to the dev stack's only cluster entry (written as list-item keys). */
const withClusterKeys = (extra: string) => (stack: string) =>
    stack.replace('      kubernetesVersion: "1.33"\n', `      kubernetesVersion: "1.33"\n${extra.replace(/^/gm, "      ")}\n`);

describe("cluster cross-field checks", () => {
    const cases: { given: string; change: (stack: string) => string; path: string; message: RegExp }[] = [
        {
            given: "workload identity without the OIDC issuer",
            change: withClusterKeys("oidcIssuer: false"),
            path: "helm-platform:clusters[0].workloadIdentity",
            message: /workload identity needs the OIDC issuer/,
        },
        {
            given: "the Azure policy engine on kubenet",
            change: withClusterKeys("network:\n  plugin: kubenet\n  pluginMode: none\n  dataplane: azure\n  policy: azure"),
            path: "helm-platform:clusters[0].network",
            message: /the Azure network policy engine needs Azure CNI, the plugin is "kubenet"/,
        },
        {
            given: "Cilium policy on the Azure dataplane",
            change: withClusterKeys("network:\n  dataplane: azure"),
            path: "helm-platform:clusters[0].network",
            message: /the Cilium network policy engine needs the Cilium dataplane/,
        },
        {
            given: "no network policy engine",
            change: withClusterKeys("network:\n  policy: none"),
            path: "helm-platform:clusters[0].network",
            message: /no network policy engine/,
        },
        {
            given: "the node-image channel with SecurityPatch node OS upgrades",
            change: withClusterKeys("upgradeChannel: node-image\nnodeOsUpgradeChannel: SecurityPatch"),
            path: "helm-platform:clusters[0].nodeOsUpgradeChannel",
            message: /node-image forces node OS upgrades to NodeImage, not SecurityPatch/,
        },
        {
            given: "autoscaling bounds in the wrong order",
            change: withClusterKeys("userPool:\n  minCount: 5\n  maxCount: 2"),
            path: "helm-platform:clusters[0].userPool.minCount",
            message: /minCount 5 is greater than maxCount 2/,
        },
        {
            given: "zones in a region without zones",
            change: (stack) =>
                withClusterKeys('userPool:\n  zones: ["1", "2"]')(stack).replace("      location: westeurope", "      location: westus"),
            path: "helm-platform:clusters[0].userPool.zones",
            message: /westus has no availability zones/,
        },
        {
            given: "a private API server with authorized IP ranges",
            change: withClusterKeys("privateCluster: true\nauthorizedIpRanges: [198.51.100.0/24]"),
            path: "helm-platform:clusters[0].authorizedIpRanges",
            message: /authorized IP ranges apply to a public API server/,
        },
        {
            given: "a pod range inside the nodes' network",
            change: withClusterKeys("network:\n  podCidr: 10.225.0.0/16"),
            path: "helm-platform:clusters[0].network",
            message: /the pod range 10\.225\.0\.0\/16 overlaps the nodes' network 10\.224\.0\.0\/12/,
        },
        {
            given: "a Kubernetes version that is not MAJOR.MINOR[.PATCH]",
            change: (stack) => stack.replace('kubernetesVersion: "1.33"', "kubernetesVersion: v1.33"),
            path: "helm-platform:clusters[0].kubernetesVersion",
            message: /must be MAJOR\.MINOR or MAJOR\.MINOR\.PATCH/,
        },
    ];
    for (const c of cases) {
        it(`GIVEN ${c.given} THEN ${c.path} is rejected`, () => {
            const problems = problemsOf("dev", changedTree({ "Pulumi.dev.yaml": c.change(devStack) }));
            const p = problems.find((x) => x.path === c.path);
            assert.ok(p, problems.map(formatProblem).join("\n"));
            assert.equal(p.file, "Pulumi.dev.yaml");
            assert.ok(p.line !== undefined && p.line > 8, formatProblem(p));
            assert.match(p.message, c.message);
        });
    }

    it("GIVEN an existing cluster with settings only a created cluster has THEN each is rejected", () => {
        const tree = changedTree({
            "Pulumi.dev.yaml": devStack.replace("      location: westeurope\n", "      existing:\n        kubeconfigContext: dev-shared\n"),
        });
        const problems = problemsOf("dev", tree);
        assert.deepEqual(
            problems.map((p) => [p.path, p.message]),
            [["helm-platform:clusters[0].kubernetesVersion", "only applies to clusters this stack creates"]],
        );
    });

    it("GIVEN an existing cluster named both ways THEN it must choose one", () => {
        const tree = changedTree({
            "Pulumi.dev.yaml": devStack.replace(
                '      location: westeurope\n      kubernetesVersion: "1.33"\n',
                "      existing:\n        aksName: aks-shared\n        kubeconfigContext: dev-shared\n",
            ),
        });
        const [p] = problemsOf("dev", tree);
        assert.equal(p.path, "helm-platform:clusters[0].existing");
        assert.match(p.message, /either an AKS cluster \(aksName and resourceGroupName\) or a kubeconfigContext/);
    });

    it("GIVEN a registry with public access off and no private endpoint THEN nothing could pull", () => {
        const tree = changedTree({
            "Pulumi.dev.yaml": devStack.replace(
                "    name: acrhelmplatformdev\n",
                "    name: acrhelmplatformdev\n    publicNetworkAccess: false\n",
            ),
        });
        const [p] = problemsOf("dev", tree);
        assert.equal(p.path, "helm-platform:registry.publicNetworkAccess");
        assert.match(p.message, /no cluster could pull/);
    });

    it("GIVEN a private endpoint on a Standard registry THEN it needs Premium", () => {
        const subnet = "/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/v/subnets/pe";
        const tree = changedTree({
            "Pulumi.dev.yaml": devStack.replace(
                "    name: acrhelmplatformdev\n",
                `    name: acrhelmplatformdev\n    privateEndpoint:\n      subnetId: ${subnet}\n`,
            ),
        });
        const [p] = problemsOf("dev", tree);
        assert.equal(p.path, "helm-platform:registry.privateEndpoint");
        assert.match(p.message, /private endpoints need the Premium SKU, the registry is Standard/);
    });
});

describe("environment tiering from profiles", () => {
    it("gives dev a small regional cluster without SLA, protection or Azure Policy", () => {
        const env = load("dev").environment;
        const [c] = env.clusters;
        assert.equal(c.kind, "managed");
        if (c.kind !== "managed") return;
        assert.deepEqual([c.skuTier, c.systemPool.zones, c.userPool.zones, c.azurePolicy, env.protect], ["Free", [], [], false, false]);
        assert.equal(env.governanceLevel, "advise");
    });

    it("gives uat and prod zonal pools, the Standard tier, Azure Policy and protection", () => {
        for (const stack of ["uat", "prod"]) {
            const env = load(stack).environment;
            assert.equal(env.protect, true, stack);
            assert.equal(env.governanceLevel, "enforce", stack);
            for (const c of env.clusters) {
                assert.equal(c.kind, "managed");
                if (c.kind !== "managed") continue;
                assert.deepEqual(
                    [c.skuTier, c.systemPool.zones, c.userPool.zones, c.azurePolicy],
                    ["Standard", ["1", "2", "3"], ["1", "2", "3"], true],
                    `${stack}/${c.name}`,
                );
            }
        }
    });

    it("lets a stack override one field of a profile and keep the rest", () => {
        const [c] = load("uat").environment.clusters;
        if (c.kind !== "managed") throw new Error("uat/weu is managed");
        assert.deepEqual(c.userPool, { vmSize: "Standard_D4ds_v5", minCount: 2, maxCount: 4, zones: ["1", "2", "3"] });
    });

    it("replicates a Premium registry to every other region a cluster runs in", () => {
        assert.deepEqual(load("prod").environment.registry.replicaLocations, ["northeurope"]);
        assert.deepEqual(load("dev").environment.registry.replicaLocations, []);
    });
});
