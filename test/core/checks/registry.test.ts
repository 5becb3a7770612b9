import * as assert from "node:assert/strict";
import * as registry from "../../../core/checks/registry";
import { registryPushRights, registryReachable, registryReplicas } from "../../../core/checks/registry";
import { firingTests } from "./brokenSamples";
import { formatted, smallSettings } from "./stages";

/** The settings of an environment in westeurope whose registry has `keys` (lines indented by four) besides its name. */
const withRegistry = (keys: string) => smallSettings("", { registry: `    name: acrhelmplatformdev\n${keys}` });
const ENDPOINT =
    "    privateEndpoint:\n      subnetId: /subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/acr\n";

describe("registry-push-rights: no registry-wide push rights", () => {
    it("GIVEN pushObjectIds THEN it is reported there, with where each publisher goes now", () => {
        assert.deepEqual(formatted(registryPushRights.run(withRegistry("    pushObjectIds: [someone]\n"))), [
            "Pulumi.dev.yaml:9: helm-platform:registry.pushObjectIds: registry-wide push rights are gone: each publisher writes only under its own path (docs/supply-chain.md) " +
                "Fix: move the platform's publisher to registry.platformPublishers, and each team's to chartPublishers in allowances/<team>.yaml",
        ]);
    });

    it("GIVEN none THEN nothing", () => {
        assert.deepEqual(registryPushRights.run(withRegistry("")), []);
    });
});

describe("registry-replicas: geo-replication and private endpoints come with Premium, replicas elsewhere", () => {
    const paths = (keys: string) => registryReplicas.run(withRegistry(keys)).map((p) => [p.path, p.message]);

    it("GIVEN replicas on the Standard SKU THEN Premium is asked for at replicaLocations", () => {
        assert.deepEqual(paths("    replicaLocations: [northeurope]\n"), [
            ["helm-platform:registry.replicaLocations", "geo-replication needs the Premium SKU, the registry is Standard"],
        ]);
    });

    it("GIVEN a replica in the registry's home region THEN it is reported at its index", () => {
        assert.deepEqual(paths("    sku: Premium\n    replicaLocations: [northeurope, westeurope]\n"), [
            ["helm-platform:registry.replicaLocations[1]", '"westeurope" is the registry\'s home region'],
        ]);
    });

    it("GIVEN a private endpoint on the Basic SKU THEN Premium is asked for at privateEndpoint", () => {
        assert.deepEqual(paths(`    sku: Basic\n${ENDPOINT}`), [
            ["helm-platform:registry.privateEndpoint", "private endpoints need the Premium SKU, the registry is Basic"],
        ]);
    });

    it("GIVEN Premium with replicas elsewhere and a private endpoint, or no replicas at all THEN nothing", () => {
        assert.deepEqual(paths(`    sku: Premium\n    replicaLocations: [northeurope]\n${ENDPOINT}`), []);
        assert.deepEqual(paths("    replicaLocations: []\n"), []);
    });
});

describe("registry-reachable: clusters can reach the registry", () => {
    it("GIVEN public access off and no private endpoint THEN it is reported at publicNetworkAccess", () => {
        assert.deepEqual(
            registryReachable.run(withRegistry("    publicNetworkAccess: false\n")).map((p) => [p.path, p.message, p.hint]),
            [
                [
                    "helm-platform:registry.publicNetworkAccess",
                    "public access is off and there is no private endpoint: no cluster could pull",
                    "add registry.privateEndpoint or set publicNetworkAccess: true",
                ],
            ],
        );
    });

    it("GIVEN public access (the default), or a private endpoint THEN nothing", () => {
        assert.deepEqual(registryReachable.run(withRegistry("")), []);
        assert.deepEqual(registryReachable.run(withRegistry(`    sku: Premium\n    publicNetworkAccess: false\n${ENDPOINT}`)), []);
    });
});

describe("registry checks in the loader", () => {
    firingTests(registry, {
        "registry-push-rights": {
            stack: "dev",
            changes: {
                "Pulumi.dev.yaml": ["    name: acrhelmplatformdev\n", "    name: acrhelmplatformdev\n    pushObjectIds: [someone]\n"],
            },
            reports: "registry-wide push rights are gone",
        },
        "registry-replicas": {
            stack: "dev",
            changes: {
                "Pulumi.dev.yaml": [
                    "    name: acrhelmplatformdev\n",
                    "    name: acrhelmplatformdev\n    replicaLocations: [northeurope]\n",
                ],
            },
            reports: "geo-replication needs the Premium SKU, the registry is Standard",
        },
        "registry-reachable": {
            stack: "dev",
            changes: {
                "Pulumi.dev.yaml": ["    name: acrhelmplatformdev\n", "    name: acrhelmplatformdev\n    publicNetworkAccess: false\n"],
            },
            reports: "public access is off and there is no private endpoint",
        },
    });
});
