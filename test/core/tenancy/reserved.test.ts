import * as assert from "node:assert/strict";
import { readEnvironment } from "../../../core/config/environment";
import { readStackConfig } from "../../../core/config/stackFile";
import type { EnvironmentSpec } from "../../../core/model/environment";
import { ADD_ON_NAMESPACES, reservedNamespace } from "../../../core/tenancy/reserved";
import { sampleTree } from "../../helpers";

/** prod's environment as its stack settings read (ingress-nginx is its ingress namespace), reserving `legacy-billing` too. */
function prod(): EnvironmentSpec {
    const { read, problems } = readEnvironment(readStackConfig(sampleTree(), "prod").config, "prod", undefined);
    assert.deepEqual(problems, []);
    const environment = read?.environment as EnvironmentSpec;
    assert.equal(environment.tenancy.ingressNamespace, "ingress-nginx");
    return { ...environment, tenancy: { ...environment.tenancy, reservedNamespaces: ["legacy-billing"] } };
}

describe("namespaces no team may take (core/tenancy/reserved)", () => {
    const environment = prod();
    const cases: [namespace: string, why: string | undefined][] = [
        ["ingress-nginx", "the ingress controller's namespace, which every tenant admits"],
        ["legacy-billing", "reserved by helm-platform:tenancy.reservedNamespaces"],
        ["default", "Kubernetes' default namespace"],
        ["kube-system", "Kubernetes' own"],
        ["kube-node-lease", "Kubernetes' own"],
        ["gatekeeper-system", "a system namespace (gatekeeper-system, flux-system, ...)"],
        ["flux-system", "a system namespace (gatekeeper-system, flux-system, ...)"],
        ["aks-command", "AKS's own"],
        ["azure-workload-identity", "AKS's own"],
        ["calico-system", "a system namespace (gatekeeper-system, flux-system, ...)"],
        ["calico-apiserver", "the network plugin's own"],
        ["tigera-operator", "the network plugin's own"],
        ["cilium-secrets", "the network plugin's own"],
        ["cert-manager", "a well-known cluster add-on's"],
        ["argocd", "a well-known cluster add-on's"],
        ["monitoring", "the platform's monitoring"],
        // Names that only resemble reserved ones belong to teams.
        ["fintech", undefined],
        ["kube", undefined],
        ["my-kube-tools", undefined],
        ["system", undefined],
        ["systems-team", undefined],
        ["defaults", undefined],
        ["cert-manager-tools", undefined],
        ["monitoring-team", undefined],
        ["ingress-nginx-2", undefined],
    ];
    for (const [namespace, why] of cases) {
        it(`GIVEN ${namespace} THEN ${why === undefined ? "a team may have it" : `it is ${why}`}`, () => {
            assert.equal(reservedNamespace(namespace, environment), why);
        });
    }

    it("GIVEN an environment without an ingress namespace THEN ingress-nginx is reserved only as an add-on's", () => {
        const noIngress = { ...environment, tenancy: { ...environment.tenancy, ingressNamespace: undefined } };
        assert.equal(reservedNamespace("ingress-nginx", noIngress), "a well-known cluster add-on's");
    });

    it("GIVEN an environment's ingress namespace outside every pattern THEN it is reserved all the same", () => {
        const custom = { ...environment, tenancy: { ...environment.tenancy, ingressNamespace: "edge" } };
        assert.equal(reservedNamespace("edge", custom), "the ingress controller's namespace, which every tenant admits");
    });

    it("GIVEN every add-on's namespace THEN each is reserved", () => {
        assert.ok(ADD_ON_NAMESPACES.length > 10);
        for (const namespace of ADD_ON_NAMESPACES) {
            assert.notEqual(reservedNamespace(namespace, { ...environment, tenancy: { reservedNamespaces: [] } }), undefined, namespace);
        }
    });
});
