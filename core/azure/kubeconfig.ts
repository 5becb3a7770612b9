import { parse, stringify } from "yaml";

/**
 * How `kubelogin` obtains an Entra ID token when Pulumi talks to an AAD-integrated cluster.
 * - `azurecli`: reuse `az login` (a workstation, or CI after `azure/login`).
 * - `workloadidentity`: federated token from `AZURE_FEDERATED_TOKEN_FILE` (CI with OIDC federation).
 * - `msi`: the managed identity of the VM or agent running `pulumi up`.
 * @see https://azure.github.io/kubelogin/concepts/login-modes.html
 */
import type { KubeloginMode } from "../model/environment";

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
        if (!exec?.command?.includes("kubelogin")) {
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

interface KubeconfigDoc {
    "current-context"?: string;
    contexts?: { name: string; context: { cluster: string; user: string; namespace?: string } }[];
    clusters?: { name: string }[];
    users?: { name: string; user: Record<string, unknown> }[];
}

/**
 * A kubeconfig for one context that acts as `subject` (`as:`, impersonation) with the context user's
 * own credentials. Only the context, its cluster and its user are kept, and no group is impersonated:
 * for a ServiceAccount the API server adds its groups itself, so the caller needs `impersonate` on that
 * ServiceAccount and nothing broader.
 * @see https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation
 */
export function impersonating(kubeconfig: string, subject: string, context?: string): string {
    const doc = parse(kubeconfig) as KubeconfigDoc;
    const name = context ?? doc["current-context"];
    const entry = doc.contexts?.find((c) => c.name === name);
    const cluster = doc.clusters?.find((c) => c.name === entry?.context.cluster);
    const user = doc.users?.find((u) => u.name === entry?.context.user);
    if (!entry || !cluster || !user) {
        throw new Error(`the kubeconfig has no complete context "${name ?? "(none)"}" to impersonate from`);
    }
    const { "as-groups": _groups, "as-uid": _uid, "as-user-extra": _extra, ...credentials } = user.user;
    const asUser = `${user.name}-as-installer`;
    return stringify({
        apiVersion: "v1",
        kind: "Config",
        "current-context": entry.name,
        contexts: [{ name: entry.name, context: { ...entry.context, user: asUser } }],
        clusters: [cluster],
        users: [{ name: asUser, user: { ...credentials, as: subject } }],
    });
}
