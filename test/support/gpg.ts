/**
 * Throwaway RSA signing keys for the tests (Helm's OpenPGP code reads RSA, not EdDSA), generated with
 * the real gpg once and cached in the gitignored `.tools/test-keys/` (RSA generation takes seconds on a
 * busy machine); regenerated when missing or within a week of expiry. Never trusted anywhere: each
 * exists to sign sample charts in a temp registry.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "../helpers";
import { requireTool } from "./registry";
import { tempDir } from "./temp";

export interface TestKey {
    /** The user ID's e-mail: what `helm package --key` and the workflow's `signing-key-name` name. */
    readonly email: string;
    /** ASCII-armored secret key, as the workflow's CHART_SIGNING_KEY secret holds it. */
    readonly armoredSecret: string;
    readonly passphrase: string;
    /** Its public key alone, binary (what `gpg --export` writes to keys/charts.pubring.gpg). */
    readonly publicKey: Buffer;
    /** A legacy secret keyring holding this key only, as `helm package --sign --keyring` reads it. */
    readonly secring: string;
}

export interface TestKeys {
    /** The signer the keyring trusts. */
    readonly current: TestKey;
    /** Another signer: unknown to the keyring, or the one a rotation moves to. */
    readonly next: TestKey;
}

const CACHE = path.join(ROOT, ".tools", "test-keys");
const PASSPHRASE = "test-only-passphrase";
const NAMES = { current: "current@charts.test", next: "next@charts.test" } as const;
const VALID_DAYS = 60;

/** The two test signers, generated on first use. */
export function testKeys(): TestKeys {
    if (!fresh()) {
        generate();
    }
    const read = (name: string): TestKey => ({
        email: name,
        armoredSecret: fs.readFileSync(path.join(CACHE, `${name}.secret.asc`), "utf8"),
        passphrase: PASSPHRASE,
        publicKey: fs.readFileSync(path.join(CACHE, `${name}.public.gpg`)),
        secring: path.join(CACHE, `${name}.secring.gpg`),
    });
    return { current: read(NAMES.current), next: read(NAMES.next) };
}

/** A public keyring of these keys, written to a fresh temp file. */
export function keyring(...keys: readonly TestKey[]): string {
    const file = path.join(tempDir("keyring-"), "pubring.gpg");
    fs.writeFileSync(file, Buffer.concat(keys.map((k) => k.publicKey)));
    return file;
}

function fresh(): boolean {
    const stamp = path.join(CACHE, "expires");
    return fs.existsSync(stamp) && Number(fs.readFileSync(stamp, "utf8")) - Date.now() > 7 * 86_400_000;
}

/** Generates both keys in a temp GNUPGHOME and moves the result into the cache in one rename. */
function generate(): void {
    requireTool("gpg", "apt-get install gnupg");
    fs.mkdirSync(path.dirname(CACHE), { recursive: true });
    const work = fs.mkdtempSync(path.join(path.dirname(CACHE), "test-keys-"));
    const home = path.join(work, "gnupg");
    fs.mkdirSync(home, { mode: 0o700 });
    const gpg = (args: readonly string[]) =>
        execFileSync("gpg", ["--batch", "--pinentry-mode", "loopback", "--passphrase", PASSPHRASE, ...args], {
            env: { ...process.env, GNUPGHOME: home },
            stdio: ["ignore", "pipe", "ignore"],
        });
    try {
        for (const name of Object.values(NAMES)) {
            gpg(["--quick-gen-key", `helm-platform test signer <${name}>`, "rsa2048", "sign", `${VALID_DAYS}d`]);
            fs.writeFileSync(path.join(work, `${name}.secret.asc`), gpg(["--armor", "--export-secret-keys", name]));
            fs.writeFileSync(path.join(work, `${name}.public.gpg`), gpg(["--export", name]));
            fs.writeFileSync(path.join(work, `${name}.secring.gpg`), gpg(["--export-secret-keys", name]));
        }
        fs.writeFileSync(path.join(work, "expires"), String(Date.now() + VALID_DAYS * 86_400_000));
        execFileSync("gpgconf", ["--kill", "gpg-agent"], { env: { ...process.env, GNUPGHOME: home }, stdio: "ignore" });
        fs.rmSync(home, { recursive: true, force: true });
        if (fresh()) {
            fs.rmSync(work, { recursive: true, force: true }); // another test file was quicker
            return;
        }
        fs.rmSync(CACHE, { recursive: true, force: true });
        fs.renameSync(work, CACHE);
    } catch (error) {
        fs.rmSync(work, { recursive: true, force: true });
        // Another test file generated them at the same time: theirs are as good.
        if (!fresh()) {
            throw error;
        }
    }
}
