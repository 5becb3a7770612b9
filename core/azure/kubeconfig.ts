import { parse, stringify } from "yaml";

/**
 * How `kubelogin` obtains an Entra ID token when Pulumi talks to an AAD-integrated cluster.
 * - `azurecli`: reuse `az login` (a workstation, or CI after `azure/login`).
 * - `workloadidentity`: federated token from `AZURE_FEDERATED_TOKEN_FILE` (CI with OIDC federation).
 * - `msi`: the managed identity of the VM or agent running `pulumi up`.
 * @see https://azure.github.io/kubelogin/concepts/login-modes.html
 */
export type KubeloginMode = "azurecli" | "workloadidentity" | "msi";

/** Application ID of the AKS AAD server, the audience of every AKS user token. */
export const AKS_AAD_SERVER_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";

interface ExecConfig {
    command?: string;
    args?: string[];
    [key: string]: unknown;
}

/**
 * Rewrites the user credentials of an AKS kubeconfig (as `listManagedClusterUserCredentials` returns
 * it, with `kubelogin --login devicecode`) so that no one has to type a device code: the same thing
 * `kubelogin convert-kubeconfig -l <mode>` does, done in code so the provider never needs a shell.
 */
export function toNonInteractiveKubeconfig(kubeconfig: string, mode: KubeloginMode): string {
    const doc = parse(kubeconfig) as { users?: { user?: { exec?: ExecConfig } }[] };
    for (const entry of doc.users ?? []) {
        const exec = entry.user?.exec;
        if (!exec || !exec.command?.includes("kubelogin")) {
            continue;
        }
        const args = exec.args ?? [];
        const keep = (flag: string) => {
            const i = args.indexOf(flag);
            return i >= 0 && i + 1 < args.length ? [flag, args[i + 1]] : [];
        };
        exec.args = [
            "get-token",
            "--login",
            mode,
            ...(keep("--server-id").length ? keep("--server-id") : ["--server-id", AKS_AAD_SERVER_ID]),
            ...keep("--environment"),
            ...(mode === "azurecli" ? [] : keep("--tenant-id")),
        ];
    }
    return stringify(doc);
}
