import * as assert from "node:assert/strict";
import { ChartRegistry } from "../../../components";
import { playAzure, runComponents, SUBSCRIPTION } from "../../helpers";

describe("ChartRegistry private endpoint", () => {
    it("connects the registry sub-resource to the subnet and registers it in the private DNS zone", async () => {
        const subnetId = `${SUBSCRIPTION}/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/hub/subnets/pe`;
        const privateDnsZoneId = `${SUBSCRIPTION}/resourceGroups/dns/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io`;
        const run = await runComponents(
            () =>
                new ChartRegistry("r", {
                    resourceGroupName: "rg",
                    registryName: "acrplatformprod",
                    location: "westeurope",
                    publicNetworkAccess: false,
                    privateEndpoint: { subnetId, privateDnsZoneId },
                }),
            { preview: false, cloud: playAzure },
        );
        const registry = run.one("azure-native:containerregistry:Registry").inputs;
        assert.equal(registry.publicNetworkAccess, "Disabled");
        const endpoint = run.one("azure-native:network:PrivateEndpoint").inputs as Record<string, any>;
        assert.equal(endpoint.subnet.id, subnetId);
        assert.deepEqual(endpoint.privateLinkServiceConnections[0].groupIds, ["registry"]);
        assert.equal(
            endpoint.privateLinkServiceConnections[0].privateLinkServiceId,
            `${SUBSCRIPTION}/resourceGroups/rg/providers/azure-native:containerregistry:Registry/r-acr`,
        );
        const zoneGroup = run.one("azure-native:network:PrivateDnsZoneGroup").inputs as Record<string, any>;
        assert.deepEqual(zoneGroup.privateDnsZoneConfigs, [{ name: "privatelink-azurecr-io", privateDnsZoneId }]);
    });
});
