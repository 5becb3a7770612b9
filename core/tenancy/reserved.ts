import { MONITORING_NAMESPACE } from "../base/constants";
import type { EnvironmentSpec } from "../model/environment";

/**
 * Namespaces of well-known cluster add-ons: a team holding one could install into the add-on's
 * namespace, or be granted what the add-on's own objects are, once someone installs it.
 */
export const ADD_ON_NAMESPACES: readonly string[] = [
    "argocd",
    "cert-manager",
    "cilium",
    "cilium-secrets",
    "calico-apiserver",
    "dapr",
    "external-dns",
    "external-secrets",
    "ingress-nginx",
    "istio-ingress",
    "keda",
    "kyverno",
    "linkerd",
    "linkerd-viz",
    "local-path-storage",
    "tigera-operator",
    "velero",
];

/** Names that belong to Kubernetes, AKS, add-ons or the platform: no team may take them. */
const RESERVED_PATTERNS: readonly { test: (ns: string) => boolean; why: string }[] = [
    { test: (ns) => ns === "default", why: "Kubernetes' default namespace" },
    { test: (ns) => ns.startsWith("kube-"), why: "Kubernetes' own" },
    { test: (ns) => ns.endsWith("-system"), why: "a system namespace (gatekeeper-system, flux-system, ...)" },
    { test: (ns) => ns.startsWith("aks-") || ns.startsWith("azure-"), why: "AKS's own" },
    { test: (ns) => ns.startsWith("calico-") || ns.startsWith("tigera-") || ns.startsWith("cilium-"), why: "the network plugin's own" },
    { test: (ns) => ADD_ON_NAMESPACES.includes(ns), why: "a well-known cluster add-on's" },
    { test: (ns) => ns === MONITORING_NAMESPACE, why: "the platform's monitoring" },
];

/** Why the namespace is the platform's, or undefined when a team may have it. */
export function reservedNamespace(namespace: string, environment: EnvironmentSpec): string | undefined {
    if (namespace === environment.tenancy.ingressNamespace) {
        return "the ingress controller's namespace, which every tenant admits";
    }
    if (environment.tenancy.reservedNamespaces.includes(namespace)) {
        return "reserved by helm-platform:tenancy.reservedNamespaces";
    }
    return RESERVED_PATTERNS.find((p) => p.test(namespace))?.why;
}
