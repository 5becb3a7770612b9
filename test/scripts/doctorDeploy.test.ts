import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { type Check, type Machine, PULUMI_CLI_MINIMUM } from "../../scripts/doctorChecks";
import { deploymentChecks, keyVaultKeyOf } from "../../scripts/doctorDeploy";
import { azWith, deploymentTools, machineWith, STAND_IN_SUBSCRIPTION } from "../support/machine";
import { tempDir } from "../support/temp";

/** The deployment checks of `stack` on `machine`, by name. */
function checks(machine: Machine, stack = "dev"): Record<string, Check> {
    const all = deploymentChecks(machine, stack);
    assert.deepEqual(
        all.map((c) => c.name),
        ["pulumi", "backend", "az", "kubelogin", "key vault"],
    );
    return Object.fromEntries(all.map((c) => [c.name, c]));
}

/** A repository holding only `Pulumi.<stack>.yaml` with `text`. */
function repositoryWith(stack: string, text: string): string {
    const root = tempDir("doctor-deploy-");
    fs.writeFileSync(path.join(root, `Pulumi.${stack}.yaml`), text);
    return root;
}

const OTHER_SUBSCRIPTION = "0c9e8d7f-6a5b-4c3d-2e1f-0a9b8c7d6e5f";

describe("the doctor's deployment checks (scripts/doctorDeploy.ts)", () => {
    it("GIVEN everything a deployment of dev needs THEN every check passes, naming the CLI, backend, subscription and key", () => {
        const bin = deploymentTools();
        const found = checks(machineWith([bin]));
        assert.deepEqual(found["pulumi"], {
            name: "pulumi",
            ok: true,
            found: `v3.248.0 (this project needs ${PULUMI_CLI_MINIMUM} or newer)`,
        });
        assert.deepEqual(found["backend"], { name: "backend", ok: true, found: "azblob://state?storage_account=sthelmplatform as ops" });
        assert.deepEqual(found["az"], {
            name: "az",
            ok: true,
            found: `subscription platform-dev (${STAND_IN_SUBSCRIPTION}) as ops@contoso.example; the stack deploys there (azure-native:subscriptionId pins one)`,
        });
        assert.deepEqual(found["kubelogin"], { name: "kubelogin", ok: true, found: path.join(bin, "kubelogin") });
        assert.deepEqual(found["key vault"], {
            name: "key vault",
            ok: true,
            found: "https://kv-helm-platform-dev.vault.azure.net/keys/pulumi-dev/0a1b2c3d",
        });
    });

    it("GIVEN an old CLI, no backend, az on another subscription, no kubelogin and a key it may not read THEN each has its fix", () => {
        const bin = deploymentTools({
            pulumi: `case "$1" in
  version) echo v3.140.0 ;;
  whoami) echo "error: PULUMI_ACCESS_TOKEN must be set for login during non-interactive CLI sessions" >&2; exit 255 ;;
esac`,
            az: azWith(`echo "ERROR: (Forbidden) Caller is not authorized to perform action on resource." >&2; exit 1`),
            kubelogin: null,
        });
        const found = checks(machineWith([bin], { env: { PATH: `${bin}:/usr/bin`, ARM_SUBSCRIPTION_ID: OTHER_SUBSCRIPTION } }));
        assert.deepEqual(found["pulumi"], {
            name: "pulumi",
            ok: false,
            found: `v3.140.0 (this project needs ${PULUMI_CLI_MINIMUM} or newer)`,
            fix: "curl -fsSL https://get.pulumi.com | sh   (installs the newest)",
        });
        assert.equal(found["backend"]?.found, "error: PULUMI_ACCESS_TOKEN must be set for login during non-interactive CLI sessions");
        assert.match(found["backend"]?.fix ?? "", /^pulumi login 'azblob:\/\/<container>\?storage_account=<account>'/);
        assert.equal(found["az"]?.fix, `az account set --subscription ${OTHER_SUBSCRIPTION}`);
        assert.match(found["az"]?.found ?? "", new RegExp(`; the stack deploys into ${OTHER_SUBSCRIPTION} \\(ARM_SUBSCRIPTION_ID\\)$`));
        assert.deepEqual(found["kubelogin"], {
            name: "kubelogin",
            ok: false,
            found: "not on the PATH",
            fix: "sudo az aks install-cli   (installs kubectl and kubelogin)",
        });
        assert.equal(
            found["key vault"]?.fix,
            'az role assignment create --role "Key Vault Crypto User" --assignee "$(az ad signed-in-user show --query id --output tsv)" --scope "$(az keyvault show --name kv-helm-platform-dev --query id --output tsv)"',
        );
    });

    it("GIVEN a missing key, a vault that does not exist, or another error THEN the fix creates what is missing, or says where to read more", () => {
        const fixFor = (message: string) =>
            checks(machineWith([deploymentTools({ az: azWith(`echo "${message}" >&2; exit 1`) })]))["key vault"]?.fix;
        const createKey = "az keyvault key create --vault-name kv-helm-platform-dev --name pulumi-dev --kty RSA --size 2048";
        assert.equal(fixFor("ERROR: (KeyNotFound) A key with (name/id) pulumi-dev was not found in this key vault."), createKey);
        assert.equal(
            fixFor("ERROR: Failed to resolve 'kv-helm-platform-dev.vault.azure.net'"),
            `az keyvault create --name kv-helm-platform-dev --resource-group <resource group> --location westeurope --enable-rbac-authorization true && ${createKey}`,
        );
        assert.equal(
            fixFor("ERROR: something else"),
            "az keyvault key show --vault-name kv-helm-platform-dev --name pulumi-dev   (says more)",
        );
    });

    it("GIVEN az not logged in THEN the fix is az login, and the key waits for it", () => {
        const found = checks(
            machineWith([deploymentTools({ az: `echo "ERROR: Please run 'az login' to setup account." >&2; exit 1` })]),
            "prod",
        );
        const az = found["az"];
        assert.deepEqual(
            [az?.ok, az?.found, az?.fix],
            [false, "not logged in (ERROR: Please run 'az login' to setup account.)", "az login"],
        );
        assert.deepEqual(found["key vault"], {
            name: "key vault",
            ok: false,
            found: "kv-helm-platform-prod/pulumi-prod: not checked, needs az logged in",
            fix: "az login",
        });
    });

    it("GIVEN neither the Pulumi CLI nor az THEN their installs, the backend and the key waiting for them", () => {
        const found = checks(machineWith([deploymentTools({ pulumi: null, az: null })]));
        assert.deepEqual(found["pulumi"], {
            name: "pulumi",
            ok: false,
            found: "not on the PATH",
            fix: "curl -fsSL https://get.pulumi.com | sh",
        });
        assert.equal(found["backend"]?.found, "not checked: needs the Pulumi CLI (above)");
        const azInstall = "curl -sL https://aka.ms/InstallAzureCLIDeb | sudo bash";
        assert.deepEqual(found["az"], { name: "az", ok: false, found: "not on the PATH", fix: azInstall });
        assert.deepEqual([found["key vault"]?.ok, found["key vault"]?.fix], [false, azInstall]);
    });

    it("GIVEN macOS without the tools THEN the fixes are Homebrew's", () => {
        const found = checks(machineWith([], { platform: "darwin", arch: "arm64", env: { PATH: tempDir("empty-") } }));
        assert.deepEqual(
            ["pulumi", "az", "kubelogin"].map((name) => found[name]?.fix),
            ["brew install pulumi/tap/pulumi", "brew install azure-cli", "brew install Azure/kubelogin/kubelogin"],
        );
    });

    it("GIVEN PULUMI_BACKEND_URL set THEN the backend says it comes from there", () => {
        const bin = deploymentTools();
        const found = checks(machineWith([bin], { env: { PATH: `${bin}:/usr/bin`, PULUMI_BACKEND_URL: "azblob://state" } }));
        assert.equal(found["backend"]?.found, "azblob://state?storage_account=sthelmplatform (PULUMI_BACKEND_URL) as ops");
    });

    describe("the stack file", () => {
        it("GIVEN a subscription pinned in the stack file THEN az must be on it, whatever ARM_SUBSCRIPTION_ID says", () => {
            const root = repositoryWith("qa", `config:\n  azure-native:subscriptionId: ${OTHER_SUBSCRIPTION}\n`);
            const bin = deploymentTools();
            const az = checks(
                machineWith([bin], { root, env: { PATH: `${bin}:/usr/bin`, ARM_SUBSCRIPTION_ID: STAND_IN_SUBSCRIPTION } }),
                "qa",
            )["az"];
            assert.equal(az?.ok, false);
            assert.match(az?.found ?? "", new RegExp(`; the stack deploys into ${OTHER_SUBSCRIPTION} \\(azure-native:subscriptionId\\)$`));
            assert.equal(az?.fix, `az account set --subscription ${OTHER_SUBSCRIPTION}`);
        });

        it("GIVEN no secrets provider THEN the fix initialises the stack with a Key Vault key", () => {
            const root = repositoryWith("qa", "config: {}\n");
            assert.deepEqual(checks(machineWith([deploymentTools()], { root }), "qa")["key vault"], {
                name: "key vault",
                ok: false,
                found: "Pulumi.qa.yaml: no secretsprovider",
                fix: "pulumi stack init qa --secrets-provider 'azurekeyvault://<vault>.vault.azure.net/keys/<key>'",
            });
        });

        it("GIVEN a secrets provider other than a Key Vault key THEN it passes unchecked, saying so", () => {
            const root = repositoryWith("qa", "secretsprovider: passphrase\nconfig: {}\n");
            assert.deepEqual(checks(machineWith([deploymentTools()], { root }), "qa")["key vault"], {
                name: "key vault",
                ok: true,
                found: "Pulumi.qa.yaml: secrets provider passphrase: not a Key Vault key, not checked",
            });
        });

        it("GIVEN a key's version in the secrets provider THEN az reads that version of that key of that vault", () => {
            const root = repositoryWith("qa", "secretsprovider: azurekeyvault://kv-qa.vault.azure.net/keys/pulumi-qa/v7\nconfig: {}\n");
            const bin = deploymentTools({ az: azWith('echo "$*"') });
            assert.equal(
                checks(machineWith([bin], { root }), "qa")["key vault"]?.found,
                "keyvault key show --vault-name kv-qa --name pulumi-qa --version v7 --query key.kid --output tsv",
            );
        });
    });

    it("reads the vault, the key and its version from an azurekeyvault:// secrets provider, and nothing from another", () => {
        const cases: [string, ReturnType<typeof keyVaultKeyOf>][] = [
            ["azurekeyvault://kv-a.vault.azure.net/keys/k1", { vault: "kv-a", key: "k1" }],
            ["azurekeyvault://kv-a.vault.azure.net/keys/k1/v2", { vault: "kv-a", key: "k1", version: "v2" }],
            ["azurekeyvault://kv-a.vault.azure.net/keys/k1?query=1", { vault: "kv-a", key: "k1" }],
            ["awskms://alias/pulumi", undefined],
            ["azurekeyvault://kv-a.example.com/keys/k1", undefined],
            ["azurekeyvault://kv-a.vault.azure.net/secrets/k1", undefined],
        ];
        for (const [provider, target] of cases) {
            assert.deepEqual(keyVaultKeyOf(provider), target, provider);
        }
    });
});
