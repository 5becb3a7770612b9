/**
 * What the supply-chain scripts ask a chart registry, through the real Helm and its registry login
 * (`helm registry login`, as scripts/registry-login.sh does it): one credential path for pulling,
 * publishing, locking and checking, the same as `pulumi up` uses.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type ChartId, chartReference, pushTarget } from "../core/base/chartPaths";
import { DIGEST } from "../core/releases/lock";

/** How to reach a registry: Helm, the address to talk to, and the environment Helm runs in. */
export interface RegistryClient {
    readonly helm: string;
    /** The host Helm talks to: the environment's registry, or a mirror of it (`--registry-endpoint`). */
    readonly endpoint: string;
    readonly env?: NodeJS.ProcessEnv;
}

/** What the registry says of one chart version; `unverified` when its signature does not verify against the keyring asked for. */
export type Lookup = { readonly digest: string; readonly unverified?: string } | { readonly missing: true } | { readonly error: string };

const DIGEST_LINE = /^Digest: (sha256:[0-9a-f]{64})$/m;

function helm(client: Pick<RegistryClient, "helm" | "env">, args: readonly string[]) {
    const result = spawnSync(client.helm, [...args], { encoding: "utf8", env: client.env ?? process.env, maxBuffer: 64 * 1024 * 1024 });
    const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
    return { ok: result.status === 0, output, error: result.error ? String(result.error) : firstError(output) };
}

const firstError = (output: string) =>
    (output.split("\n").find((l) => l.startsWith("Error:")) ?? output.trim().split("\n").pop() ?? "").trim();

/**
 * The manifest digest the registry serves now for `<owner>/<chart>:<version>` (Helm pulls it and prints
 * it); with a keyring, whether its signature verifies against it too (`helm pull --verify`).
 */
export function remoteDigest(client: RegistryClient, id: ChartId, version: string, keyring?: string): Lookup {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "oci-pull-"));
    try {
        const verify = keyring ? ["--verify", "--keyring", keyring] : [];
        const result = helm(client, ["pull", chartReference(client.endpoint, id), "--version", version, "--destination", work, ...verify]);
        const digest = DIGEST_LINE.exec(result.output)?.[1];
        if (digest && DIGEST.test(digest) && (result.ok || keyring)) {
            return result.ok ? { digest } : { digest, unverified: result.error };
        }
        return /: not found\b/.test(result.output) ? { missing: true } : { error: result.error || "helm printed no digest" };
    } finally {
        fs.rmSync(work, { recursive: true, force: true });
    }
}

/** Signing for `helm package --sign`: an RSA key in a legacy secret keyring, and its passphrase. */
export interface Signer {
    readonly key: string;
    readonly keyring: string;
    readonly passphraseFile?: string;
}

/** Packages (and signs) a chart source into `destination`; returns the package, or why not. */
export function packageChart(
    client: Pick<RegistryClient, "helm" | "env">,
    source: string,
    destination: string,
    signer?: Signer,
): { file: string } | { error: string } {
    const sign = signer
        ? [
              "--sign",
              "--key",
              signer.key,
              "--keyring",
              signer.keyring,
              ...(signer.passphraseFile ? ["--passphrase-file", signer.passphraseFile] : []),
          ]
        : [];
    const result = helm(client, ["package", source, "--destination", destination, ...sign]);
    const file = /saved it to: (.+\.tgz)$/m.exec(result.output)?.[1];
    return result.ok && file ? { file: file.trim() } : { error: result.error };
}

/** Pushes a package (and the `.prov` next to it) under an owner's path; returns the digest it got. */
export function pushChart(client: RegistryClient, file: string, owner: string): Lookup {
    const result = helm(client, ["push", file, pushTarget(client.endpoint, owner)]);
    const digest = DIGEST_LINE.exec(result.output)?.[1];
    return result.ok && digest ? { digest } : { error: result.error };
}

/** Downloads a chart version from a public chart repository (what mirroring copies). */
export function pullUpstream(
    client: Pick<RegistryClient, "helm" | "env">,
    repository: string,
    chart: string,
    version: string,
    destination: string,
): { file: string } | { error: string } {
    const result = helm(client, ["pull", chart, "--repo", repository, "--version", version, "--destination", destination]);
    const file = path.join(destination, `${chart}-${version}.tgz`);
    return result.ok && fs.existsSync(file) ? { file } : { error: result.error };
}
