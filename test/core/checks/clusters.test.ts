import * as assert from "node:assert/strict";
import type { Problem } from "../../../core/base/problems";
import * as clusters from "../../../core/checks/clusters";
import {
    clusterExisting,
    clusterIdentity,
    clusterNamesUnique,
    clusterNetwork,
    clusterPools,
    clusterUpgradesAndAccess,
} from "../../../core/checks/clusters";
import { firingTests } from "./brokenSamples";
import { formatted, smallSettings } from "./stages";

/** The problems of `check` on an environment of the clusters listed (`helm-platform:clusters:` entries), in `more` settings. */
const problems = (check: { run: typeof clusterPools.run }, list: string, more = ""): readonly Problem[] =>
    check.run(smallSettings(more, { clusters: list }));

/** A managed cluster `weu` in westeurope with `keys` (lines of the entry, indented by six). */
const weu = (keys = "") => `    - name: weu\n      location: westeurope\n${keys}`;

/** A cluster with `network:` set to `keys` (lines indented by eight). */
const network = (keys: string) => weu(`      network:\n${keys}`);

/** [message, hint] of each problem. */
const said = (found: readonly Problem[]) => found.map((p) => [p.path, p.message]);

describe("cluster-names-unique: every cluster has its own name", () => {
    it("GIVEN two clusters of one name THEN the second is reported at its name, naming the first", () => {
        const list = `${weu()}    - name: weu\n      location: northeurope\n`;
        assert.deepEqual(formatted(problems(clusterNamesUnique, list)), [
            'Pulumi.dev.yaml:7: helm-platform:clusters[1].name: duplicate cluster name "weu" (also clusters[0]) Fix: give every cluster a unique name',
        ]);
    });

    it("GIVEN three of one name THEN each repeat is reported once, naming the one before it", () => {
        const list = `${weu()}    - name: weu\n      location: northeurope\n    - name: weu\n      location: swedencentral\n`;
        assert.deepEqual(said(problems(clusterNamesUnique, list)), [
            ["helm-platform:clusters[1].name", 'duplicate cluster name "weu" (also clusters[0])'],
            ["helm-platform:clusters[2].name", 'duplicate cluster name "weu" (also clusters[1])'],
        ]);
    });

    it("GIVEN clusters of different names THEN nothing", () => {
        assert.deepEqual(problems(clusterNamesUnique, `${weu()}    - name: neu\n      location: northeurope\n`), []);
    });
});

describe("cluster-identity: a created cluster names its region, and workload identity has the OIDC issuer", () => {
    it("GIVEN a cluster this stack creates without a location THEN the missing region, with the way out to an existing cluster", () => {
        assert.deepEqual(
            problems(clusterIdentity, "    - name: weu\n").map((p) => [p.path, p.message, p.hint]),
            [
                [
                    "helm-platform:clusters[0].location",
                    "required key is missing (expected an Azure region)",
                    "add the region, or set existing: to use a cluster this stack does not create",
                ],
            ],
        );
    });

    it("GIVEN workload identity without the OIDC issuer THEN it is reported at workloadIdentity", () => {
        assert.deepEqual(said(problems(clusterIdentity, weu("      oidcIssuer: false\n      workloadIdentity: true\n"))), [
            ["helm-platform:clusters[0].workloadIdentity", "workload identity needs the OIDC issuer"],
        ]);
    });

    it("GIVEN the OIDC issuer off and workload identity left to its default (on) THEN the default counts", () => {
        assert.equal(problems(clusterIdentity, weu("      oidcIssuer: false\n")).length, 1);
    });

    it("GIVEN both off, or the defaults THEN nothing", () => {
        assert.deepEqual(problems(clusterIdentity, weu("      oidcIssuer: false\n      workloadIdentity: false\n")), []);
        assert.deepEqual(problems(clusterIdentity, weu()), []);
    });

    it("GIVEN a cluster the stack does not create, without a location THEN nothing: it has none", () => {
        assert.deepEqual(problems(clusterIdentity, "    - name: weu\n      existing:\n        kubeconfigContext: dev\n"), []);
    });
});

describe("cluster-network: plugin, dataplane, policy engine and address ranges fit together", () => {
    const cases: { title: string; keys: string; message: string }[] = [
        {
            title: "the Azure policy engine with kubenet",
            keys: "        plugin: kubenet\n        pluginMode: none\n        dataplane: azure\n        policy: azure\n",
            message: 'the Azure network policy engine needs Azure CNI, the plugin is "kubenet"',
        },
        {
            title: "the Cilium policy engine on the Azure dataplane",
            keys: "        dataplane: azure\n        policy: cilium\n",
            message: "the Cilium network policy engine needs the Cilium dataplane",
        },
        {
            title: "the Cilium dataplane with kubenet",
            keys: "        plugin: kubenet\n        pluginMode: none\n        policy: calico\n",
            message: "the Cilium dataplane needs Azure CNI",
        },
        {
            title: "overlay mode with kubenet",
            keys: "        plugin: kubenet\n        dataplane: azure\n        policy: calico\n",
            message: "overlay mode exists only for Azure CNI",
        },
        {
            title: "no policy engine",
            keys: "        policy: none\n",
            message: "no network policy engine: tenant isolation by NetworkPolicy would silently do nothing",
        },
        {
            title: "a pod range over the Service range",
            keys: "        podCidr: 10.0.0.0/16\n",
            message: "the pod range 10.0.0.0/16 overlaps the Service range 10.0.0.0/16",
        },
        {
            title: "a pod range inside the nodes' network (AKS's managed one by default)",
            keys: "        podCidr: 10.224.0.0/16\n",
            message: "the pod range 10.224.0.0/16 overlaps the nodes' network 10.224.0.0/12",
        },
        {
            title: "a Service range inside the nodes' own network",
            keys: "        vnetCidrs: [10.0.0.0/8]\n        podCidr: 192.168.0.0/16\n",
            message: "the Service range 10.0.0.0/16 overlaps the nodes' network 10.0.0.0/8",
        },
        {
            title: "a DNS address outside the Service range",
            keys: "        dnsServiceIp: 10.1.0.10\n",
            message: 'the DNS Service address "10.1.0.10" is not inside the Service range 10.0.0.0/16',
        },
        {
            title: "a DNS address that is no address",
            keys: "        dnsServiceIp: kube-dns\n",
            message: 'the DNS Service address "kube-dns" is not inside the Service range 10.0.0.0/16',
        },
        {
            title: "an IPv6 DNS address for an IPv4 Service range",
            keys: "        dnsServiceIp: fd00::10\n",
            message: 'the DNS Service address "fd00::10" is not inside the Service range 10.0.0.0/16',
        },
    ];

    for (const c of cases) {
        it(`GIVEN ${c.title} THEN that one problem, at the cluster's network`, () => {
            assert.deepEqual(said(problems(clusterNetwork, network(c.keys))), [["helm-platform:clusters[0].network", c.message]]);
        });
    }

    it("GIVEN kubenet with the other defaults (overlay, Cilium) THEN every mismatch at once", () => {
        assert.deepEqual(
            problems(clusterNetwork, network("        plugin: kubenet\n")).map((p) => p.message),
            ["the Cilium dataplane needs Azure CNI", "overlay mode exists only for Azure CNI"],
        );
    });

    it("GIVEN the defaults, or a DNS address inside a moved Service range THEN nothing", () => {
        assert.deepEqual(problems(clusterNetwork, weu()), []);
        assert.deepEqual(problems(clusterNetwork, network("        serviceCidr: 10.2.0.0/16\n        dnsServiceIp: 10.2.0.10\n")), []);
    });

    it("GIVEN a cluster the stack does not create THEN its network is not judged", () => {
        const existing = "    - name: weu\n      existing:\n        kubeconfigContext: dev\n        podCidr: 10.0.0.0/16\n";
        assert.deepEqual(problems(clusterNetwork, existing), []);
    });
});

describe("cluster-upgrades-and-access: node OS upgrades follow the channel, authorized ranges only when public", () => {
    it("GIVEN the node-image channel with another node OS channel THEN it is reported at nodeOsUpgradeChannel", () => {
        const found = problems(
            clusterUpgradesAndAccess,
            weu("      upgradeChannel: node-image\n      nodeOsUpgradeChannel: SecurityPatch\n"),
        );
        assert.deepEqual(
            found.map((p) => [p.path, p.message, p.hint]),
            [
                [
                    "helm-platform:clusters[0].nodeOsUpgradeChannel",
                    "upgradeChannel node-image forces node OS upgrades to NodeImage, not SecurityPatch",
                    "set nodeOsUpgradeChannel: NodeImage",
                ],
            ],
        );
    });

    it("GIVEN the node-image channel and the profile's node OS channel (NodeImage) THEN nothing", () => {
        assert.deepEqual(problems(clusterUpgradesAndAccess, weu("      upgradeChannel: node-image\n")), []);
    });

    it("GIVEN a private cluster with authorized IP ranges THEN they are reported", () => {
        const found = problems(clusterUpgradesAndAccess, weu("      privateCluster: true\n      authorizedIpRanges: [203.0.113.0/24]\n"));
        assert.deepEqual(said(found), [
            ["helm-platform:clusters[0].authorizedIpRanges", "authorized IP ranges apply to a public API server; this cluster is private"],
        ]);
    });

    it("GIVEN a private cluster without ranges, or a public one with them THEN nothing", () => {
        assert.deepEqual(problems(clusterUpgradesAndAccess, weu("      privateCluster: true\n")), []);
        assert.deepEqual(problems(clusterUpgradesAndAccess, weu("      authorizedIpRanges: [203.0.113.0/24]\n")), []);
    });
});

describe("cluster-pools: pool sizes and zones", () => {
    it("GIVEN a pool whose minCount is above its maxCount THEN it is reported at minCount; equal counts are fine", () => {
        assert.deepEqual(said(problems(clusterPools, weu("      systemPool:\n        minCount: 3\n        maxCount: 2\n"))), [
            ["helm-platform:clusters[0].systemPool.minCount", "minCount 3 is greater than maxCount 2"],
        ]);
        assert.deepEqual(problems(clusterPools, weu("      userPool:\n        minCount: 2\n        maxCount: 2\n")), []);
    });

    it("GIVEN the profile's minCount above a pool's own maxCount THEN the default counts", () => {
        const list = "    - name: weu\n      location: westeurope\n      userPool:\n        maxCount: 2\n";
        assert.deepEqual(
            problems(clusterPools, list, "  helm-platform:profile: production\n").map((p) => p.message),
            ["minCount 3 is greater than maxCount 2"],
        );
    });

    it("GIVEN zones in a region without zones THEN each pool with zones is reported", () => {
        const list = "    - name: wus\n      location: westus\n      userPool:\n        zones: ['1']\n";
        assert.deepEqual(said(problems(clusterPools, list)), [
            ["helm-platform:clusters[0].userPool.zones", "westus has no availability zones"],
        ]);
    });

    it("GIVEN the production profile (zonal pools) in a region without zones THEN both pools, by their defaults", () => {
        const list = "    - name: wus\n      location: westus\n";
        assert.deepEqual(
            problems(clusterPools, list, "  helm-platform:profile: production\n").map((p) => p.path),
            ["helm-platform:clusters[0].systemPool.zones", "helm-platform:clusters[0].userPool.zones"],
        );
    });

    it("GIVEN a zone listed twice THEN the repeat is reported", () => {
        assert.deepEqual(said(problems(clusterPools, weu("      systemPool:\n        zones: ['1', '2', '1']\n"))), [
            ["helm-platform:clusters[0].systemPool.zones", "zones repeat: 1, 2, 1"],
        ]);
    });
});

describe("cluster-existing: a cluster the stack does not create", () => {
    const existing = (keys: string, more = "") => `    - name: weu\n      existing:\n${keys}${more}`;

    it("GIVEN a kubeconfig context, or an AKS cluster by name and group THEN nothing", () => {
        assert.deepEqual(problems(clusterExisting, existing("        kubeconfigContext: dev\n")), []);
        assert.deepEqual(problems(clusterExisting, existing("        aksName: aks-dev\n        resourceGroupName: rg-dev\n")), []);
    });

    const neither = "must name either an AKS cluster (aksName and resourceGroupName) or a kubeconfigContext";
    for (const [title, keys] of [
        [
            "both an AKS cluster and a context",
            "        aksName: aks-dev\n        resourceGroupName: rg-dev\n        kubeconfigContext: dev\n",
        ],
        ["an AKS name without its group", "        aksName: aks-dev\n"],
        ["a group without an AKS name", "        resourceGroupName: rg-dev\n"],
        ["neither", "        podCidr: 10.244.0.0/16\n"],
    ]) {
        it(`GIVEN ${title} THEN it is reported at existing`, () => {
            assert.deepEqual(said(problems(clusterExisting, existing(keys as string))), [["helm-platform:clusters[0].existing", neither]]);
        });
    }

    it("GIVEN settings of a created cluster THEN each is reported at its key", () => {
        const found = problems(
            clusterExisting,
            existing("        kubeconfigContext: dev\n", "      location: westeurope\n      privateCluster: true\n"),
        );
        assert.deepEqual(
            found.map((p) => [p.path, p.message]),
            [
                ["helm-platform:clusters[0].location", "only applies to clusters this stack creates"],
                ["helm-platform:clusters[0].privateCluster", "only applies to clusters this stack creates"],
            ],
        );
    });

    it("GIVEN a cluster the stack creates THEN it is not judged", () => {
        assert.deepEqual(problems(clusterExisting, weu("      privateCluster: true\n")), []);
    });
});

describe("cluster checks in the loader", () => {
    firingTests(clusters, {
        "cluster-names-unique": {
            stack: "dev",
            changes: {
                "Pulumi.dev.yaml": [
                    '    - name: weu\n      location: westeurope\n      kubernetesVersion: "1.33"\n',
                    '    - name: weu\n      location: westeurope\n      kubernetesVersion: "1.33"\n    - name: weu\n      location: northeurope\n',
                ],
            },
            reports: 'duplicate cluster name "weu" (also clusters[0])',
        },
        "cluster-identity": {
            stack: "dev",
            changes: {
                "Pulumi.dev.yaml": [
                    'kubernetesVersion: "1.33"\n',
                    'kubernetesVersion: "1.33"\n      oidcIssuer: false\n      workloadIdentity: true\n',
                ],
            },
            reports: "workload identity needs the OIDC issuer",
        },
        "cluster-network": {
            stack: "dev",
            changes: {
                "Pulumi.dev.yaml": ['kubernetesVersion: "1.33"\n', 'kubernetesVersion: "1.33"\n      network:\n        policy: none\n'],
            },
            reports: "no network policy engine",
        },
        "cluster-upgrades-and-access": {
            stack: "dev",
            changes: {
                "Pulumi.dev.yaml": [
                    'kubernetesVersion: "1.33"\n',
                    'kubernetesVersion: "1.33"\n      privateCluster: true\n      authorizedIpRanges: [203.0.113.0/24]\n',
                ],
            },
            reports: "authorized IP ranges apply to a public API server",
        },
        "cluster-pools": {
            stack: "dev",
            changes: {
                "Pulumi.dev.yaml": [
                    'kubernetesVersion: "1.33"\n',
                    'kubernetesVersion: "1.33"\n      systemPool:\n        minCount: 3\n        maxCount: 2\n',
                ],
            },
            reports: "minCount 3 is greater than maxCount 2",
        },
        "cluster-existing": {
            stack: "dev",
            changes: { "Pulumi.dev.yaml": ["      location: westeurope\n", "      existing:\n        kubeconfigContext: dev-cluster\n"] },
            reports: "clusters[0].kubernetesVersion: only applies to clusters this stack creates",
        },
    });
});
