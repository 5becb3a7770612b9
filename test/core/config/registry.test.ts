import * as assert from "node:assert/strict";
import { clusterSchema, resolveCluster } from "../../../core/config/cluster";
import { PROFILES } from "../../../core/config/profiles";
import { REGISTRY_PUBLIC_NETWORK_ACCESS, type RegistryInput, registrySchema, resolveRegistry } from "../../../core/config/registry";
import type { ClusterSpec } from "../../../core/model/environment";
import { schemaProblems, schemaValue } from "../../support/schemaProblems";

const production = PROFILES.production;
const development = PROFILES.development;

/** Clusters as the environment resolves them from a stack file. */
const clusters = (...written: unknown[]): ClusterSpec[] =>
    written.map((c) => resolveCluster(schemaValue(clusterSchema, c), production, { adminGroupObjectIds: [] }));
const managed = (name: string, location: string) => ({ name, location });

const registry = (fields: Partial<RegistryInput> = {}): RegistryInput => ({
    ...schemaValue(registrySchema, { name: "acrHelmPlatform" }),
    ...fields,
});

describe("registrySchema", () => {
    it("GIVEN only a name THEN the registry is open to the internet (behind Entra) and no identity publishes the platform's charts", () => {
        assert.equal(REGISTRY_PUBLIC_NETWORK_ACCESS, true);
        assert.deepEqual(schemaValue(registrySchema, { name: "acrhelmplatform" }), {
            name: "acrhelmplatform",
            publicNetworkAccess: true,
            platformPublishers: [],
        });
    });

    it("GIVEN a name with a '-', or shorter than 5 or longer than 50 characters THEN it is refused as ACR refuses it", () => {
        for (const name of ["acr-helm", "acr1", "a".repeat(51)]) {
            assert.deepEqual(
                schemaProblems(registrySchema, { name }),
                [
                    `name: must be 5-50 letters and digits (ACR names are global) (got "${name}") Fix: make it 5-50 letters and digits (ACR names are global)`,
                ],
                name,
            );
        }
        assert.deepEqual(schemaProblems(registrySchema, { name: "a".repeat(50) }), []);
    });

    it("GIVEN a private endpoint in a subnet named by anything but its resource ID THEN it says what an ID looks like", () => {
        assert.deepEqual(schemaProblems(registrySchema, { name: "acrhelmplatform", privateEndpoint: { subnetId: "snet-registry" } }), [
            'privateEndpoint.subnetId: must be an Azure resource ID (/subscriptions/.../resourceGroups/.../providers/...) (got "snet-registry") Fix: make it an Azure resource ID (/subscriptions/.../resourceGroups/.../providers/...)',
        ]);
    });

    it("GIVEN retention past a year THEN it is refused", () => {
        assert.deepEqual(schemaProblems(registrySchema, { name: "acrhelmplatform", retentionDays: 366 }), [
            "retentionDays: Too big: expected number to be <=365 (got 366) Fix: use 365 or less",
        ]);
    });
});

describe("resolveRegistry", () => {
    it("GIVEN a name with capitals THEN the login server is its lowercase name under azurecr.io, known before the registry exists", () => {
        assert.equal(resolveRegistry(registry(), "westeurope", production, []).loginServer, "acrhelmplatform.azurecr.io");
    });

    it("GIVEN no SKU or retention THEN the profile's apply; GIVEN them THEN they win", () => {
        const fromProfile = resolveRegistry(registry(), "westeurope", development, []);
        assert.deepEqual([fromProfile.sku, fromProfile.retentionDays], [development.registry.sku, development.registry.retentionDays]);
        const given = resolveRegistry(registry({ sku: "Basic", retentionDays: 3 }), "westeurope", production, []);
        assert.deepEqual([given.sku, given.retentionDays], ["Basic", 3]);
    });

    it("GIVEN Premium and clusters in several regions THEN it is replicated to each other region once, not to its own", () => {
        const spec = resolveRegistry(
            registry({ sku: "Premium" }),
            "westeurope",
            production,
            clusters(managed("weu", "westeurope"), managed("neu", "northeurope"), managed("neu2", "northeurope")),
        );
        assert.deepEqual(spec.replicaLocations, ["northeurope"]);
    });

    it("GIVEN a cluster the stack does not manage THEN its region does not count", () => {
        const spec = resolveRegistry(
            registry({ sku: "Premium" }),
            "westeurope",
            production,
            clusters({ name: "shared", existing: { kubeconfigContext: "shared" } }),
        );
        assert.deepEqual(spec.replicaLocations, []);
    });

    it("GIVEN a SKU below Premium THEN it is replicated nowhere, whatever the clusters", () => {
        const spec = resolveRegistry(registry({ sku: "Standard" }), "westeurope", production, clusters(managed("neu", "northeurope")));
        assert.deepEqual(spec.replicaLocations, []);
    });

    it("GIVEN replica regions THEN they are those, not the clusters'", () => {
        const spec = resolveRegistry(
            registry({ sku: "Premium", replicaLocations: ["swedencentral"] }),
            "westeurope",
            production,
            clusters(managed("neu", "northeurope")),
        );
        assert.deepEqual(spec.replicaLocations, ["swedencentral"]);
    });
});
