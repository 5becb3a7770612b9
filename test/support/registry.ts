/**
 * A real OCI registry for the tests: Debian's `docker-registry` (the CNCF distribution registry) on
 * 127.0.0.1, on a free port, with basic auth (bcrypt htpasswd, written with bcryptjs) and TLS from a
 * throwaway certificate for 127.0.0.1 that only the tests' Helm trusts (`SSL_CERT_FILE`), so every
 * script runs exactly as against Azure: no `--plain-http`, no `--insecure`. Helm's configuration,
 * cache and registry credentials live in the registry's temp folder, never in the user's home.
 *
 * One registry per test file ({@link useRegistry}); it stops after the file, and by itself when the
 * test process dies (a watchdog follows the process) or after ten minutes at most.
 */
import { type ChildProcess, execFileSync, type SpawnSyncReturns, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as https from "node:https";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import * as bcrypt from "bcryptjs";
import { helmBinary } from "../../scripts/tools";

/** The user the tests log in as: ACR's fixed user for Entra tokens, so scripts pass it as they do to Azure. */
export const REGISTRY_USER = "00000000-0000-0000-0000-000000000000";

export interface TestRegistry {
    /** `127.0.0.1:<port>`. */
    readonly host: string;
    readonly password: string;
    /** The temp folder of this registry: storage, certificate, Helm's homes. */
    readonly dir: string;
    /** Environment for every process that talks to the registry: Helm's homes and the CA. */
    readonly env: NodeJS.ProcessEnv;
    readonly helmPath: string;
    /** Runs Helm with {@link env}; never throws. */
    helm(args: readonly string[], options?: { cwd?: string; input?: string }): SpawnSyncReturns<string>;
    /** `helm registry login`, as the scripts do it. */
    login(): void;
    /** The manifest digest the registry serves for `<repository>:<tag>`, read over its HTTP API (not through Helm). */
    digestOf(repository: string, tag: string): Promise<string>;
    stop(): void;
}

/** Starts a registry for the current test file and stops it after the file. */
export function useRegistry(): () => TestRegistry {
    let registry: TestRegistry | undefined;
    before(async function () {
        this.timeout(30_000);
        registry = await startRegistry();
    });
    after(() => registry?.stop());
    return () => {
        if (!registry) {
            throw new Error("the registry is not running (useRegistry() must be called inside describe())");
        }
        return registry;
    };
}

/** Fails with how to install a tool the tests need, instead of a raw ENOENT. */
export function requireTool(name: string, install: string): void {
    if (spawnSync("bash", ["-c", `command -v ${name}`]).status !== 0) {
        throw new Error(`${name} is not installed: ${install} (.ci/run installs it)`);
    }
}

export async function startRegistry(): Promise<TestRegistry> {
    requireTool("docker-registry", "apt-get install docker-registry");
    requireTool("openssl", "apt-get install openssl");
    // Not a tempDir: the registry may write until it is gone, and its watchdog removes the folder then.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "registry-"));
    const password = `test-${Math.random().toString(36).slice(2)}`;
    fs.writeFileSync(path.join(dir, "htpasswd"), `${REGISTRY_USER}:${bcrypt.hashSync(password, 4)}\n`);
    certificate(dir);
    const port = await freePort();
    const host = `127.0.0.1:${port}`;
    fs.writeFileSync(path.join(dir, "config.yml"), config(dir, host));
    const child = watched(path.join(dir, "config.yml"));
    const env = helmEnvironment(dir);
    const helmPath = await helmBinary();
    try {
        await ready(host, path.join(dir, "cert.pem"), child);
    } catch (error) {
        child.kill();
        throw error;
    }
    const registry: TestRegistry = {
        host,
        password,
        dir,
        env,
        helmPath,
        helm: (args, options = {}) =>
            spawnSync(helmPath, [...args], { encoding: "utf8", env, cwd: options.cwd, input: options.input, maxBuffer: 64 * 1024 * 1024 }),
        login() {
            const result = registry.helm(["registry", "login", host, "--username", REGISTRY_USER, "--password-stdin"], { input: password });
            if (result.status !== 0) {
                throw new Error(`helm registry login failed: ${result.stderr}`);
            }
        },
        digestOf: (repository, tag) => manifestDigest(host, path.join(dir, "cert.pem"), password, repository, tag),
        stop() {
            child.kill("SIGTERM"); // the watchdog stops the registry and removes its folder
        },
    };
    return registry;
}

/** A self-signed certificate for 127.0.0.1, the registry's own CA for the tests. */
function certificate(dir: string): void {
    execFileSync(
        "openssl",
        [
            ...["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1"],
            ...["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
            ...["-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem")],
        ],
        { stdio: "ignore" },
    );
}

function config(dir: string, host: string): string {
    return [
        "version: 0.1",
        "log: {level: error, accesslog: {disabled: true}}",
        `storage: {filesystem: {rootdirectory: ${path.join(dir, "storage")}}, delete: {enabled: true}}`,
        `http: {addr: "${host}", tls: {certificate: ${path.join(dir, "cert.pem")}, key: ${path.join(dir, "key.pem")}}}`,
        `auth: {htpasswd: {realm: helm-platform-tests, path: ${path.join(dir, "htpasswd")}}}`,
        "",
    ].join("\n");
}

/**
 * `docker-registry serve` under a watchdog shell: the registry stops when this process is gone (the
 * shell polls it), when the shell is told to stop, or after ten minutes, whichever comes first; then
 * its folder is removed.
 */
function watched(configFile: string): ChildProcess {
    const script = [
        'timeout 600 docker-registry serve "$1" & registry=$!',
        // Stopped or orphaned: the registry goes, and so does its folder.
        'trap \'kill "$registry" 2>/dev/null; wait "$registry" 2>/dev/null; rm -rf "$3"\' EXIT',
        "trap 'exit 0' TERM INT",
        'while kill -0 "$2" 2>/dev/null && kill -0 "$registry" 2>/dev/null; do sleep 0.5; done',
    ].join("\n");
    const args = ["-c", script, "registry-watchdog", configFile, String(process.pid), path.dirname(configFile)];
    const child = spawn("bash", args, { stdio: ["ignore", "ignore", "pipe"] });
    child.on("error", () => undefined);
    return child;
}

/** Helm's homes in the registry's folder, and the registry's certificate as the only trusted CA. */
function helmEnvironment(dir: string): NodeJS.ProcessEnv {
    return {
        ...process.env,
        HELM_CONFIG_HOME: path.join(dir, "helm", "config"),
        HELM_CACHE_HOME: path.join(dir, "helm", "cache"),
        HELM_DATA_HOME: path.join(dir, "helm", "data"),
        HELM_REGISTRY_CONFIG: path.join(dir, "helm", "registry.json"),
        SSL_CERT_FILE: path.join(dir, "cert.pem"),
    };
}

function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const port = (server.address() as net.AddressInfo).port;
            server.close(() => resolve(port));
        });
    });
}

/** Waits until the registry answers `/v2/` (401: it asks for credentials), or fails with its stderr. */
async function ready(host: string, ca: string, child: ChildProcess): Promise<void> {
    let stderr = "";
    child.stderr?.on("data", (chunk) => {
        stderr += String(chunk);
    });
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
        if (child.exitCode !== null) {
            throw new Error(`docker-registry exited with ${child.exitCode}: ${stderr}`);
        }
        const status = await request(host, ca, "/v2/", {}).then(
            (r) => r.status,
            () => 0,
        );
        if (status === 401) {
            return;
        }
        await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`docker-registry did not answer on ${host}: ${stderr || "no output (is Debian's docker-registry installed?)"}`);
}

async function manifestDigest(host: string, ca: string, password: string, repository: string, tag: string): Promise<string> {
    const auth = Buffer.from(`${REGISTRY_USER}:${password}`).toString("base64");
    const response = await request(host, ca, `/v2/${repository}/manifests/${tag}`, {
        Authorization: `Basic ${auth}`,
        Accept: "application/vnd.oci.image.manifest.v1+json",
    });
    const digest = response.headers["docker-content-digest"];
    if (response.status !== 200 || typeof digest !== "string") {
        throw new Error(`${repository}:${tag}: HTTP ${response.status}`);
    }
    return digest;
}

function request(
    host: string,
    ca: string,
    pathname: string,
    headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, unknown> }> {
    const [hostname, port] = host.split(":");
    return new Promise((resolve, reject) => {
        const req = https.request(
            { hostname, port: Number(port), path: pathname, method: "HEAD", ca: fs.readFileSync(ca), headers, timeout: 5000 },
            (res) => {
                res.resume();
                resolve({ status: res.statusCode ?? 0, headers: res.headers });
            },
        );
        req.on("error", reject);
        req.on("timeout", () => req.destroy(new Error("timeout")));
        req.end();
    });
}
