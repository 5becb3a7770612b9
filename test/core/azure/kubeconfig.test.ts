import * as assert from "node:assert/strict";
import { parse } from "yaml";
import { AKS_AAD_SERVER_ID, toNonInteractiveKubeconfig } from "../../../core/azure/kubeconfig";
import { USER_KUBECONFIG } from "../../support/kubeconfigs";

describe("toNonInteractiveKubeconfig", () => {
    it("replaces the device-code login by the chosen mode and keeps the server and tenant", () => {
        const user = (config: string) => (parse(config) as any).users[0].user.exec.args as string[];
        assert.deepEqual(user(toNonInteractiveKubeconfig(USER_KUBECONFIG, "workloadidentity")), [
            "get-token",
            "--login",
            "workloadidentity",
            "--server-id",
            AKS_AAD_SERVER_ID,
            "--environment",
            "AzurePublicCloud",
            "--tenant-id",
            "tenant-1",
        ]);
        assert.deepEqual(user(toNonInteractiveKubeconfig(USER_KUBECONFIG, "azurecli")), [
            "get-token",
            "--login",
            "azurecli",
            "--server-id",
            AKS_AAD_SERVER_ID,
            "--environment",
            "AzurePublicCloud",
        ]);
    });
});
