import { AKS_AAD_SERVER_ID } from "../../core/azure/kubeconfig";

/** What AKS hands out as a cluster user's kubeconfig: Entra ID through kubelogin, device code login. */
export const USER_KUBECONFIG = [
    "apiVersion: v1",
    "clusters: [{name: aks, cluster: {server: 'https://aks.example:443'}}]",
    "users:",
    "- name: clusterUser",
    "  user:",
    "    exec:",
    "      apiVersion: client.authentication.k8s.io/v1beta1",
    "      command: kubelogin",
    `      args: [get-token, --environment, AzurePublicCloud, --server-id, ${AKS_AAD_SERVER_ID}, --client-id, 80faf920-1908-4b52-b5ef-a8e7bedfc67a, --tenant-id, tenant-1, --login, devicecode]`,
].join("\n");
