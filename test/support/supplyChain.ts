/**
 * How the tests drive `npm run publish-charts` and `npm run lock` on a copy of the sample against the
 * test registry ({@link useRegistry}): the CLIs' context (the test's Helm and registry login), their
 * output, the test signer's flags, and stand-ins for the platform's upstream packages (no internet here).
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { diskTree } from "../../core/base/sourceTree";
import type { SupplyChainContext } from "../../plan/supplyChainCli";
import { type TestKey, testKeys } from "./gpg";
import type { TestRegistry } from "./registry";
import { tempDir } from "./temp";

/** The platform's monitoring charts the production profile mirrors, at the versions the sample installs. */
export const PLATFORM_CHARTS = [
    ["prometheus-operator-crds", "24.0.2"],
    ["kube-prometheus-stack", "79.5.0"],
    ["helm-exporter", "1.3.0"],
] as const;

/** A supply-chain command: `runLockCli` or `runPublishCli`. */
export type SupplyChainCli = (argv: readonly string[], context: SupplyChainContext) => Promise<number>;

/** The test signer as `publish-charts` takes it: the key's name, its legacy secret keyring, a file with its passphrase. */
export interface SignerFiles {
    readonly key: string;
    readonly secring: string;
    readonly passphraseFile: string;
}

export interface SupplyChainHarness {
    /** What the last {@link run} printed. */
    readonly output: { stdout: string; stderr: string };
    /** The context of a command on the copy at `root()`, as it is on disk now. */
    context(): SupplyChainContext;
    /** Runs `cli` with `argv` against the test registry (`--registry-endpoint` added), capturing its output. */
    run(cli: SupplyChainCli, argv: readonly string[]): Promise<number>;
    /** The current test signer, its passphrase written to a fresh temp file. */
    signerFiles(): SignerFiles;
    /** {@link signerFiles} as `publish-charts` flags. */
    signer(): string[];
    /** Replaces the copy's keyring (`keys/charts.pubring.gpg`): its stacks then verify charts against these signers. */
    trust(...keys: TestKey[]): void;
}

/** The harness for the copy of the sample at `root()`, publishing to `registry()`. */
export function supplyChainHarness(registry: () => TestRegistry, root: () => string): SupplyChainHarness {
    const output = { stdout: "", stderr: "" };
    const context = (): SupplyChainContext => ({
        root: root(),
        tree: diskTree(root()),
        helm: registry().helmPath,
        env: registry().env,
        stdout: (t) => {
            output.stdout += t;
        },
        stderr: (t) => {
            output.stderr += t;
        },
    });
    const signerFiles = (): SignerFiles => {
        const key = testKeys().current;
        const passphraseFile = path.join(tempDir("passphrase-"), "passphrase");
        fs.writeFileSync(passphraseFile, key.passphrase);
        return { key: key.email, secring: key.secring, passphraseFile };
    };
    return {
        output,
        context,
        run: async (cli, argv) => {
            output.stdout = "";
            output.stderr = "";
            return cli([...argv, "--registry-endpoint", registry().host], context());
        },
        signerFiles,
        signer: () => {
            const files = signerFiles();
            return ["--sign-key", files.key, "--secret-keyring", files.secring, "--passphrase-file", files.passphraseFile];
        },
        trust: (...keys) => fs.writeFileSync(path.join(root(), "keys/charts.pubring.gpg"), Buffer.concat(keys.map((k) => k.publicKey))),
    };
}

/** Stand-ins for the platform's upstream packages (no internet here): charts of the same names and versions. */
export function standInPlatformPackages(registry: TestRegistry): string {
    const dir = tempDir("mirror-");
    for (const [chart, version] of PLATFORM_CHARTS) {
        const source = path.join(dir, "src", chart);
        fs.mkdirSync(path.join(source, "templates"), { recursive: true });
        fs.writeFileSync(path.join(source, "Chart.yaml"), `apiVersion: v2\nname: ${chart}\nversion: ${version}\n`);
        fs.writeFileSync(
            path.join(source, "templates", "configmap.yaml"),
            `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${chart}\n`,
        );
        assert.equal(registry.helm(["package", source, "-d", dir]).status, 0);
    }
    return dir;
}
