/**
 * What a real `pulumi up` of one stack needs from the machine running it: the Pulumi CLI, a backend,
 * the Azure CLI logged in to the right subscription, kubelogin, and the stack's Key Vault key.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as semver from "semver";
import { parse } from "yaml";
import { CONFIG_NAMESPACE } from "../core/base/constants";
import { LAYOUT } from "../core/base/layout";
import { type Check, firstLine, type Machine, macOS, PULUMI_CLI_MINIMUM, run, which } from "./doctorChecks";

/** What a stack file says about where and how it deploys. */
interface StackFile {
    readonly secretsProvider?: string;
    readonly subscriptionId?: string;
    readonly location?: string;
}

function readStackFile(machine: Machine, stack: string): StackFile {
    const doc = parse(fs.readFileSync(path.join(machine.root, LAYOUT.stackFile(stack)), "utf8")) as {
        secretsprovider?: string;
        config?: Record<string, unknown>;
    };
    const text = (key: string) => (typeof doc.config?.[key] === "string" ? (doc.config[key] as string) : undefined);
    return {
        secretsProvider: doc.secretsprovider,
        subscriptionId: text("azure-native:subscriptionId"),
        location: text(`${CONFIG_NAMESPACE}:location`),
    };
}

/** The checks for deploying `stack` from this machine. */
export function deploymentChecks(machine: Machine, stack: string): Check[] {
    const file = readStackFile(machine, stack);
    const pulumi = which(machine, "pulumi");
    const az = which(machine, "az");
    const account = az ? azAccount(machine, az, file) : undefined;
    const loggedIn = account !== undefined && !("loggedOut" in account);
    return [
        pulumiCheck(machine, pulumi),
        backendCheck(machine, pulumi),
        account ?? { name: "az", ok: false, found: "not on the PATH", fix: azInstall(machine) },
        kubeloginCheck(machine),
        keyCheck(machine, az ? { az, loggedIn } : undefined, stack, file),
    ];
}

function pulumiCheck(machine: Machine, pulumi: string | undefined): Check {
    const install = macOS(machine) ? "brew install pulumi/tap/pulumi" : "curl -fsSL https://get.pulumi.com | sh";
    if (!pulumi) {
        return { name: "pulumi", ok: false, found: "not on the PATH", fix: install };
    }
    const reported = firstLine(run(machine, pulumi, ["version"]).stdout);
    const version = semver.coerce(reported)?.version;
    const ok = version !== undefined && semver.gte(version, PULUMI_CLI_MINIMUM);
    return {
        name: "pulumi",
        ok,
        found: `${reported || "no version"} (this project needs ${PULUMI_CLI_MINIMUM} or newer)`,
        ...(ok ? {} : { fix: `${install}   (installs the newest)` }),
    };
}

/** The state backend: PULUMI_BACKEND_URL, or what `pulumi login` stored. */
function backendCheck(machine: Machine, pulumi: string | undefined): Check {
    const login = "pulumi login 'azblob://<container>?storage_account=<account>'   (or export PULUMI_BACKEND_URL=...)";
    if (!pulumi) {
        return { name: "backend", ok: false, found: "not checked: needs the Pulumi CLI (above)", fix: login };
    }
    const whoami = run(machine, pulumi, ["whoami", "--json"]);
    if (!whoami.ok) {
        return { name: "backend", ok: false, found: firstLine(whoami.stderr), fix: login };
    }
    const { user, url } = JSON.parse(whoami.stdout) as { user: string; url: string };
    const from = machine.env["PULUMI_BACKEND_URL"] ? " (PULUMI_BACKEND_URL)" : "";
    return { name: "backend", ok: true, found: `${url}${from} as ${user}` };
}

function azInstall(machine: Machine): string {
    return macOS(machine) ? "brew install azure-cli" : "curl -sL https://aka.ms/InstallAzureCLIDeb | sudo bash";
}

/** `az` logged in, on the subscription the stack deploys into. */
function azAccount(machine: Machine, az: string, file: StackFile): Check | (Check & { loggedOut: true }) {
    const shown = run(machine, az, ["account", "show", "--output", "json"]);
    if (!shown.ok) {
        return { name: "az", ok: false, found: `not logged in (${firstLine(shown.stderr)})`, fix: "az login", loggedOut: true };
    }
    const account = JSON.parse(shown.stdout) as { id: string; name: string; user?: { name?: string } };
    const current = `subscription ${account.name} (${account.id}) as ${account.user?.name ?? "?"}`;
    const wanted = file.subscriptionId ?? machine.env["ARM_SUBSCRIPTION_ID"];
    if (wanted && wanted !== account.id) {
        const source = file.subscriptionId ? "azure-native:subscriptionId" : "ARM_SUBSCRIPTION_ID";
        return {
            name: "az",
            ok: false,
            found: `${current}; the stack deploys into ${wanted} (${source})`,
            fix: `az account set --subscription ${wanted}`,
        };
    }
    return { name: "az", ok: true, found: wanted ? current : `${current}; the stack deploys there (azure-native:subscriptionId pins one)` };
}

function kubeloginCheck(machine: Machine): Check {
    const file = which(machine, "kubelogin");
    if (file) {
        return { name: "kubelogin", ok: true, found: file };
    }
    const fix = macOS(machine) ? "brew install Azure/kubelogin/kubelogin" : "sudo az aks install-cli   (installs kubectl and kubelogin)";
    return { name: "kubelogin", ok: false, found: "not on the PATH", fix };
}

/** `azurekeyvault://<vault>.vault.azure.net/keys/<key>[/<version>]`: the vault and the key. */
export function keyVaultKeyOf(provider: string): { vault: string; key: string; version?: string } | undefined {
    const match = /^azurekeyvault:\/\/([^./]+)\.vault\.azure\.net\/keys\/([^/?]+)(?:\/([^/?]+))?/.exec(provider);
    return match ? { vault: match[1] as string, key: match[2] as string, ...(match[3] ? { version: match[3] } : {}) } : undefined;
}

/** The stack's secrets provider key, read with the `az` session as Pulumi will use it. */
function keyCheck(machine: Machine, cli: { az: string; loggedIn: boolean } | undefined, stack: string, file: StackFile): Check {
    const name = "key vault";
    const provider = file.secretsProvider;
    const target = provider ? keyVaultKeyOf(provider) : undefined;
    if (!provider || !target) {
        const found = provider ? `secrets provider ${provider.split(":")[0]}: not a Key Vault key, not checked` : "no secretsprovider";
        return {
            name,
            ok: provider !== undefined,
            found: `${LAYOUT.stackFile(stack)}: ${found}`,
            ...(provider
                ? {}
                : { fix: `pulumi stack init ${stack} --secrets-provider 'azurekeyvault://<vault>.vault.azure.net/keys/<key>'` }),
        };
    }
    const { vault, key, version } = target;
    if (!cli?.loggedIn) {
        return { name, ok: false, found: `${vault}/${key}: not checked, needs az logged in`, fix: cli ? "az login" : azInstall(machine) };
    }
    const { az } = cli;
    const shown = run(machine, az, [
        "keyvault",
        "key",
        "show",
        "--vault-name",
        vault,
        "--name",
        key,
        ...(version ? ["--version", version] : []),
        "--query",
        "key.kid",
        "--output",
        "tsv",
    ]);
    if (shown.ok) {
        return { name, ok: true, found: firstLine(shown.stdout) };
    }
    const message = firstLine(shown.stderr);
    const createKey = `az keyvault key create --vault-name ${vault} --name ${key} --kty RSA --size 2048`;
    let fix = `az keyvault key show --vault-name ${vault} --name ${key}   (says more)`;
    if (/Forbidden|not authorized|AuthorizationFailed|does not have .* permission/i.test(shown.stderr)) {
        fix = `az role assignment create --role "Key Vault Crypto User" --assignee "$(az ad signed-in-user show --query id --output tsv)" --scope "$(az keyvault show --name ${vault} --query id --output tsv)"`;
    } else if (/KeyNotFound/i.test(shown.stderr)) {
        fix = createKey;
    } else if (/resolve|Name or service not known|getaddrinfo|nodename nor servname|VaultNotFound/i.test(shown.stderr)) {
        fix = `az keyvault create --name ${vault} --resource-group <resource group> --location ${file.location ?? "<region>"} --enable-rbac-authorization true && ${createKey}`;
    }
    return { name, ok: false, found: `${vault}/${key}: ${message}`, fix };
}
