import * as ipaddr from "ipaddr.js";
import type { KeyPath } from "../base/keyPath";
import type { Problem } from "../base/problems";
import { overlaps, parseCidr } from "../config/cidr";
import { type ClusterInput, MANAGED_ONLY, REGIONS_WITHOUT_ZONES } from "../config/cluster";
import type { ClusterSpec, ExistingClusterSpec, ManagedClusterSpec, NetworkSpec } from "../model/environment";
import { type CheckOf, type SettingsStage, settingProblem } from "./check";

/** A problem at a key of one cluster entry. */
type Add = (key: KeyPath, message: string, hint: string) => void;

/** Runs `rule` on every cluster entry (as written and resolved, so defaults count too) of one kind. */
function eachCluster<K extends ClusterSpec["kind"]>(
    kind: K,
    rule: (input: ClusterInput, spec: Extract<ClusterSpec, { kind: K }>, add: Add) => void,
): (stage: SettingsStage) => Problem[] {
    return ({ settings, environment, locate }) => {
        const problems: Problem[] = [];
        settings.clusters.forEach((input, i) => {
            const spec = environment.clusters[i] as ClusterSpec;
            if (spec.kind === kind) {
                const add: Add = (key, message, hint) => problems.push(settingProblem(locate, ["clusters", i, ...key], message, hint));
                rule(input, spec as Extract<ClusterSpec, { kind: K }>, add);
            }
        });
        return problems;
    };
}

export const clusterNamesUnique: CheckOf<"settings"> = {
    id: "cluster-names-unique",
    stage: "settings",
    checks: "every cluster of the environment has its own name",
    run: ({ settings, locate }) => {
        const seen = new Map<string, number>();
        return settings.clusters.flatMap((cluster, i) => {
            const first = seen.get(cluster.name);
            seen.set(cluster.name, i);
            if (first === undefined) {
                return [];
            }
            return [
                settingProblem(
                    locate,
                    ["clusters", i, "name"],
                    `duplicate cluster name "${cluster.name}" (also clusters[${first}])`,
                    "give every cluster a unique name",
                ),
            ];
        });
    },
};

export const clusterIdentity: CheckOf<"settings"> = {
    id: "cluster-identity",
    stage: "settings",
    checks: "a cluster the stack creates names its region, and workload identity comes with the OIDC issuer",
    run: eachCluster("managed", (input, spec, add) => {
        if (input.location === undefined) {
            add(
                ["location"],
                "required key is missing (expected an Azure region)",
                "add the region, or set existing: to use a cluster this stack does not create",
            );
        }
        if (spec.workloadIdentity && !spec.oidcIssuer) {
            add(["workloadIdentity"], "workload identity needs the OIDC issuer", "set oidcIssuer: true or workloadIdentity: false");
        }
    }),
};

export const clusterNetwork: CheckOf<"settings"> = {
    id: "cluster-network",
    stage: "settings",
    checks: "a cluster's network plugin, dataplane and policy engine fit together, a policy engine enforces NetworkPolicies, and its pod, Service, node and DNS addresses fit",
    run: eachCluster("managed", (_input, spec, add) => {
        const n = spec.network;
        const network = (message: string, hint: string) => add(["network"], message, hint);
        if (n.policy === "azure" && n.plugin !== "azure") {
            network(
                `the Azure network policy engine needs Azure CNI, the plugin is "${n.plugin}"`,
                "set network.plugin: azure or choose another policy engine",
            );
        }
        if (n.policy === "cilium" && n.dataplane !== "cilium") {
            network("the Cilium network policy engine needs the Cilium dataplane", "set network.dataplane: cilium");
        }
        if (n.dataplane === "cilium" && n.plugin !== "azure") {
            network("the Cilium dataplane needs Azure CNI", "set network.plugin: azure");
        }
        if (n.pluginMode === "overlay" && n.plugin !== "azure") {
            network("overlay mode exists only for Azure CNI", "set network.plugin: azure or network.pluginMode: none");
        }
        if (n.policy === "none") {
            network(
                "no network policy engine: tenant isolation by NetworkPolicy would silently do nothing",
                "choose cilium, azure or calico",
            );
        }
        for (const [message, hint] of rangeProblems(n)) {
            network(message, hint);
        }
    }),
};

/** The address ranges of one cluster that do not fit together, as message and fix. */
function rangeProblems(n: NetworkSpec): [string, string][] {
    const problems: [string, string][] = [];
    const pods = parseCidr(n.podCidr);
    const services = parseCidr(n.serviceCidr);
    if ("cidr" in pods && "cidr" in services && overlaps(pods.cidr, services.cidr)) {
        problems.push([`the pod range ${n.podCidr} overlaps the Service range ${n.serviceCidr}`, "choose ranges that do not overlap"]);
    }
    // AKS refuses overlay pod and Service ranges inside the nodes' network.
    for (const vnet of n.vnetCidrs) {
        const range = parseCidr(vnet);
        for (const [what, own] of [
            ["pod", pods],
            ["Service", services],
        ] as const) {
            if ("cidr" in range && "cidr" in own && overlaps(own.cidr, range.cidr)) {
                problems.push([
                    `the ${what} range ${own.cidr.text} overlaps the nodes' network ${vnet}`,
                    "choose ranges outside network.vnetCidrs",
                ]);
            }
        }
    }
    const dns = ipaddr.isValid(n.dnsServiceIp) ? ipaddr.parse(n.dnsServiceIp) : undefined;
    if (
        !dns ||
        ("cidr" in services && (dns.kind() !== services.cidr.address.kind() || !dns.match(services.cidr.address, services.cidr.prefix)))
    ) {
        problems.push([
            `the DNS Service address "${n.dnsServiceIp}" is not inside the Service range ${n.serviceCidr}`,
            "set network.dnsServiceIp to an address of serviceCidr, such as its .10",
        ]);
    }
    return problems;
}

export const clusterUpgradesAndAccess: CheckOf<"settings"> = {
    id: "cluster-upgrades-and-access",
    stage: "settings",
    checks: "a cluster's node OS upgrades follow its upgrade channel, and authorized IP ranges are only for a public API server",
    run: eachCluster("managed", (_input, spec: ManagedClusterSpec, add) => {
        if (spec.upgradeChannel === "node-image" && spec.nodeOsUpgradeChannel !== "NodeImage") {
            add(
                ["nodeOsUpgradeChannel"],
                `upgradeChannel node-image forces node OS upgrades to NodeImage, not ${spec.nodeOsUpgradeChannel}`,
                "set nodeOsUpgradeChannel: NodeImage",
            );
        }
        if (spec.privateCluster && spec.authorizedIpRanges.length > 0) {
            add(
                ["authorizedIpRanges"],
                "authorized IP ranges apply to a public API server; this cluster is private",
                "remove authorizedIpRanges or privateCluster",
            );
        }
    }),
};

export const clusterPools: CheckOf<"settings"> = {
    id: "cluster-pools",
    stage: "settings",
    checks: "each node pool's minCount is at most its maxCount, and its zones exist in the region and are listed once",
    run: eachCluster("managed", (_input, spec, add) => {
        for (const poolName of ["systemPool", "userPool"] as const) {
            const pool = spec[poolName];
            if (pool.minCount > pool.maxCount) {
                add(
                    [poolName, "minCount"],
                    `minCount ${pool.minCount} is greater than maxCount ${pool.maxCount}`,
                    "make minCount <= maxCount",
                );
            }
            if (pool.zones.length > 0 && REGIONS_WITHOUT_ZONES.has(spec.location)) {
                add(
                    [poolName, "zones"],
                    `${spec.location} has no availability zones`,
                    "set zones: [] for this pool or choose a zonal region",
                );
            }
            if (new Set(pool.zones).size !== pool.zones.length) {
                add([poolName, "zones"], `zones repeat: ${pool.zones.join(", ")}`, "list each zone once");
            }
        }
    }),
};

export const clusterExisting: CheckOf<"settings"> = {
    id: "cluster-existing",
    stage: "settings",
    checks: "a cluster the stack does not create names either an AKS cluster or a kubeconfig context, and sets nothing of a created cluster",
    run: eachCluster("existing", (input, spec: ExistingClusterSpec, add) => {
        const existing = input.existing ?? {};
        const aks = existing.aksName !== undefined || existing.resourceGroupName !== undefined;
        if (aks === (existing.kubeconfigContext !== undefined) || (aks && !spec.aks)) {
            add(
                ["existing"],
                "must name either an AKS cluster (aksName and resourceGroupName) or a kubeconfigContext",
                "set aksName and resourceGroupName, or kubeconfigContext alone",
            );
        }
        for (const key of MANAGED_ONLY) {
            if (input[key] !== undefined) {
                add([key], "only applies to clusters this stack creates", "remove it, or remove existing:");
            }
        }
    }),
};
