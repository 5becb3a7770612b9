import * as ipaddr from "ipaddr.js";
import type { KeyPath } from "../base/keyPath";
import type { ClusterSpec, ExistingClusterSpec, ManagedClusterSpec, NetworkSpec } from "../model/environment";
import { overlaps, parseCidr } from "./cidr";
import { type ClusterInput, MANAGED_ONLY, REGIONS_WITHOUT_ZONES } from "./cluster";

/** A problem between fields of one entry, at a key path inside it. */
export interface CrossProblem {
    readonly path: KeyPath;
    readonly message: string;
    readonly hint: string;
}

type Add = (key: string, message: string, hint: string) => void;

/** Rules between fields of one cluster entry, checked on the resolved spec so defaults count too. */
export function checkCluster(input: ClusterInput, spec: ClusterSpec, at: KeyPath): CrossProblem[] {
    if (spec.kind === "existing") {
        return checkExisting(input, spec, at);
    }
    const problems: CrossProblem[] = [];
    const add: Add = (key, message, hint) => problems.push({ path: [...at, key], message, hint });
    if (input.location === undefined) {
        add(
            "location",
            "required key is missing (expected an Azure region)",
            "add the region, or set existing: to use a cluster this stack does not create",
        );
    }
    if (spec.workloadIdentity && !spec.oidcIssuer) {
        add("workloadIdentity", "workload identity needs the OIDC issuer", "set oidcIssuer: true or workloadIdentity: false");
    }
    checkNetwork(spec.network, add);
    checkUpgradesAndAccess(spec, add);
    problems.push(...checkPools(spec, at));
    return problems;
}

/** The plugin, dataplane and policy engine fit together, and the address ranges do. */
function checkNetwork(n: NetworkSpec, add: Add): void {
    if (n.policy === "azure" && n.plugin !== "azure") {
        add(
            "network",
            `the Azure network policy engine needs Azure CNI, the plugin is "${n.plugin}"`,
            "set network.plugin: azure or choose another policy engine",
        );
    }
    if (n.policy === "cilium" && n.dataplane !== "cilium") {
        add("network", "the Cilium network policy engine needs the Cilium dataplane", "set network.dataplane: cilium");
    }
    if (n.dataplane === "cilium" && n.plugin !== "azure") {
        add("network", "the Cilium dataplane needs Azure CNI", "set network.plugin: azure");
    }
    if (n.pluginMode === "overlay" && n.plugin !== "azure") {
        add("network", "overlay mode exists only for Azure CNI", "set network.plugin: azure or network.pluginMode: none");
    }
    if (n.policy === "none") {
        add(
            "network",
            "no network policy engine: tenant isolation by NetworkPolicy would silently do nothing",
            "choose cilium, azure or calico",
        );
    }
    checkRanges(n, add);
}

function checkRanges(n: NetworkSpec, add: Add): void {
    const pods = parseCidr(n.podCidr);
    const services = parseCidr(n.serviceCidr);
    if ("cidr" in pods && "cidr" in services && overlaps(pods.cidr, services.cidr)) {
        add("network", `the pod range ${n.podCidr} overlaps the Service range ${n.serviceCidr}`, "choose ranges that do not overlap");
    }
    // AKS refuses overlay pod and Service ranges inside the nodes' network.
    for (const vnet of n.vnetCidrs) {
        const range = parseCidr(vnet);
        for (const [what, own] of [
            ["pod", pods],
            ["Service", services],
        ] as const) {
            if ("cidr" in range && "cidr" in own && overlaps(own.cidr, range.cidr)) {
                add(
                    "network",
                    `the ${what} range ${own.cidr.text} overlaps the nodes' network ${vnet}`,
                    "choose ranges outside network.vnetCidrs",
                );
            }
        }
    }
    const dns = ipaddr.isValid(n.dnsServiceIp) ? ipaddr.parse(n.dnsServiceIp) : undefined;
    if (
        !dns ||
        ("cidr" in services && (dns.kind() !== services.cidr.address.kind() || !dns.match(services.cidr.address, services.cidr.prefix)))
    ) {
        add(
            "network",
            `the DNS Service address "${n.dnsServiceIp}" is not inside the Service range ${n.serviceCidr}`,
            "set network.dnsServiceIp to an address of serviceCidr, such as its .10",
        );
    }
}

function checkUpgradesAndAccess(spec: ManagedClusterSpec, add: Add): void {
    if (spec.upgradeChannel === "node-image" && spec.nodeOsUpgradeChannel !== "NodeImage") {
        add(
            "nodeOsUpgradeChannel",
            `upgradeChannel node-image forces node OS upgrades to NodeImage, not ${spec.nodeOsUpgradeChannel}`,
            "set nodeOsUpgradeChannel: NodeImage",
        );
    }
    if (spec.privateCluster && spec.authorizedIpRanges.length > 0) {
        add(
            "authorizedIpRanges",
            "authorized IP ranges apply to a public API server; this cluster is private",
            "remove authorizedIpRanges or privateCluster",
        );
    }
}

function checkPools(spec: ManagedClusterSpec, at: KeyPath): CrossProblem[] {
    const problems: CrossProblem[] = [];
    for (const poolName of ["systemPool", "userPool"] as const) {
        const pool = spec[poolName];
        if (pool.minCount > pool.maxCount) {
            problems.push({
                path: [...at, poolName, "minCount"],
                message: `minCount ${pool.minCount} is greater than maxCount ${pool.maxCount}`,
                hint: "make minCount <= maxCount",
            });
        }
        if (pool.zones.length > 0 && REGIONS_WITHOUT_ZONES.has(spec.location)) {
            problems.push({
                path: [...at, poolName, "zones"],
                message: `${spec.location} has no availability zones`,
                hint: "set zones: [] for this pool or choose a zonal region",
            });
        }
        if (new Set(pool.zones).size !== pool.zones.length) {
            problems.push({
                path: [...at, poolName, "zones"],
                message: `zones repeat: ${pool.zones.join(", ")}`,
                hint: "list each zone once",
            });
        }
    }
    return problems;
}

function checkExisting(input: ClusterInput, spec: ExistingClusterSpec, at: KeyPath): CrossProblem[] {
    const problems: CrossProblem[] = [];
    const existing = input.existing ?? {};
    const aks = existing.aksName !== undefined || existing.resourceGroupName !== undefined;
    if (aks === (existing.kubeconfigContext !== undefined) || (aks && !spec.aks)) {
        problems.push({
            path: [...at, "existing"],
            message: "must name either an AKS cluster (aksName and resourceGroupName) or a kubeconfigContext",
            hint: "set aksName and resourceGroupName, or kubeconfigContext alone",
        });
    }
    for (const key of MANAGED_ONLY) {
        if (input[key] !== undefined) {
            problems.push({
                path: [...at, key],
                message: "only applies to clusters this stack creates",
                hint: "remove it, or remove existing:",
            });
        }
    }
    return problems;
}
