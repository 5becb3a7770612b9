/**
 * The program's check that the registry has every chart the stack installs, against a real OCI
 * registry (Debian's docker-registry on 127.0.0.1, basic auth, TLS) with Helm's own login.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import type { StackModel } from "../../core/model/stackModel";
import { type ChartPreflightOptions, missingCharts, parseChallenge, preflightMessage } from "../../program/chartPreflight";
import { load, ROOT } from "../helpers";
import { useRegistry } from "../support/registry";
import { tempDir } from "../support/temp";

describe("the registry asked for every chart before any team is registered", function () {
    this.timeout(60_000);
    const registry = useRegistry();
    // The sample's lock holds stand-in digests; what the registry serves is checked against a pin below.
    const dev: StackModel = (({ releases, ...rest }) => ({ ...rest, releases: releases.map(({ digest: _, ...r }) => r) }))(load("dev"));
    const options = (extra: Partial<ChartPreflightOptions> = {}): ChartPreflightOptions => ({
        endpoint: registry().host,
        registryConfig: registry().env["HELM_REGISTRY_CONFIG"] as string,
        ca: fs.readFileSync(registry().env["SSL_CERT_FILE"] as string),
        ...extra,
    });
    /** Packages the sample's source of a chart version and pushes it under its team's path, as publishing does. */
    const publish = (team: string, chart: string, version: string) => {
        const out = tempDir("preflight-package-");
        assert.equal(registry().helm(["package", path.join(ROOT, "charts", team, chart, version), "-d", out]).status, 0);
        const pushed = registry().helm(["push", path.join(out, `${chart}-${version}.tgz`), `oci://${registry().host}/helm-charts/${team}`]);
        assert.equal(pushed.status, 0, pushed.stderr);
    };

    before(() => registry().login());

    it("GIVEN an empty registry THEN every chart version of the stack is named, with the command that publishes it", async () => {
        const missing = await missingCharts(dev, options());
        const versions = new Set(dev.releases.map((r) => `${r.chartOwner}/${r.chartName} ${r.version}`));
        assert.ok(versions.size > 0);
        assert.deepEqual(missing.map((m) => m.slice(0, m.indexOf(" is not in "))).sort(), [...versions].sort());
        assert.match(
            missing.find((m) => m.startsWith("fintech/payments-api ")) ?? "",
            new RegExp(
                `^fintech/payments-api 1\\.5\\.0 is not in ${registry().host}/helm-charts/fintech/payments-api: publish it \\(npm run publish-charts -- --stack dev\\)$`,
            ),
        );
        assert.match(
            preflightMessage(dev, missing) ?? "",
            /^The releases' charts cannot all be pulled from acrhelmplatformdev\.azurecr\.io; no team was registered:\n {2}- /,
        );
    });

    it("GIVEN a targeted run's scope THEN only the charts of its teams' and releases' are asked about", async () => {
        const fintech = await missingCharts(dev, options({ only: { teams: ["fintech"] } }));
        const charts = [
            ...new Set(dev.releases.filter((r) => r.team === "fintech").map((r) => `${r.chartOwner}/${r.chartName} ${r.version}`)),
        ];
        assert.ok(charts.length > 0);
        assert.deepEqual(fintech.map((m) => m.slice(0, m.indexOf(" is not in "))).sort(), charts.sort());
        const one = await missingCharts(dev, options({ only: { releases: ["retail-catalog"] } }));
        assert.deepEqual(
            one.map((m) => m.slice(0, m.indexOf(" is not in "))),
            ["retail/catalog 0.9.1"],
        );
        assert.deepEqual(await missingCharts(dev, options({ only: { teams: ["nobody"] } })), [], "nothing in scope, nothing asked");
    });

    it("GIVEN a chart version published THEN it is no longer named, and with all of them there is nothing to say", async () => {
        publish("fintech", "payments-api", "1.5.0");
        const missing = await missingCharts(dev, options());
        assert.ok(!missing.some((m) => m.startsWith("fintech/payments-api ")), missing.join("\n"));
        for (const r of new Map(dev.releases.map((r) => [`${r.chartOwner}/${r.chartName}@${r.version}`, r])).values()) {
            if (!(r.chartOwner === "fintech" && r.chartName === "payments-api")) {
                publish(r.chartOwner, r.chartName, r.version);
            }
        }
        assert.deepEqual(await missingCharts(dev, options()), []);
        assert.equal(preflightMessage(dev, []), undefined);
    });

    it("GIVEN the lock pins another digest than the registry serves THEN the re-pushed tag is named", async () => {
        const pinned: StackModel = {
            ...dev,
            releases: dev.releases.map((r) => (r.chartName === "payments-api" ? { ...r, digest: `sha256:${"0".repeat(64)}` } : r)),
        };
        const [problem, ...rest] = await missingCharts(pinned, options());
        assert.deepEqual(rest, []);
        assert.match(
            problem ?? "",
            /^fintech\/payments-api 1\.5\.0: the registry serves sha256:[0-9a-f]{64}, charts\.lock\.yaml pins sha256:0{64}: the tag was pushed again/,
        );
    });

    it("GIVEN no login, or a password the registry refuses THEN one line says so, not one per chart", async () => {
        const dir = tempDir("preflight-login-");
        const none = await missingCharts(dev, options({ registryConfig: path.join(dir, "absent.json") }));
        assert.deepEqual(none, [
            `${registry().host} asks for credentials Helm has none of (helm registry login) (asked for 5 chart versions)`,
        ]);
        const wrong = path.join(dir, "wrong.json");
        const auth = Buffer.from("00000000-0000-0000-0000-000000000000:not-the-password").toString("base64");
        fs.writeFileSync(wrong, JSON.stringify({ auths: { [registry().host]: { auth } } }));
        const refused = await missingCharts(dev, options({ registryConfig: wrong }));
        assert.equal(refused.length, 1);
        assert.match(refused[0] ?? "", /refused Helm's credentials \(HTTP 401\): log in again/);
    });

    /** A TLS server on 127.0.0.1 (the registry's certificate) that answers as `handle` does, for the duration of `work`. */
    const misbehaving = async (
        handle: (request: import("node:http").IncomingMessage, response: import("node:http").ServerResponse) => void,
        work: (host: string) => Promise<void>,
    ) => {
        const dir = registry().dir;
        const server = https.createServer(
            { key: fs.readFileSync(path.join(dir, "key.pem")), cert: fs.readFileSync(path.join(dir, "cert.pem")) },
            handle,
        );
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        try {
            await work(`127.0.0.1:${(server.address() as AddressInfo).port}`);
        } finally {
            server.closeAllConnections();
            server.close();
        }
    };

    it("GIVEN a registry that sends its answer a byte at a time, never finishing THEN the run gives up at the deadline", async () => {
        const timers: NodeJS.Timeout[] = [];
        await misbehaving(
            (_request, response) => {
                const socket = response.socket;
                socket?.write("HTTP/1.1 200 OK\r\n");
                // Well within any socket idle timeout: only a deadline on the whole request ends this.
                timers.push(setInterval(() => socket?.write("X"), 50));
            },
            async (host) => {
                const started = Date.now();
                const answer = await missingCharts(dev, options({ endpoint: host, deadline: 500 }));
                const took = Date.now() - started;
                assert.deepEqual(answer, [
                    `${host} could not be reached (no complete answer within 0.5 s): a new environment's registry exists after its bootstrap up (asked for 5 chart versions)`,
                ]);
                assert.ok(took < 5_000, `took ${took} ms`);
            },
        );
        for (const t of timers) {
            clearInterval(t);
        }
    });

    it("GIVEN a token service whose answer never ends THEN it is cut off, and the chart is not taken for present", async () => {
        const dir = tempDir("preflight-token-");
        let served = 0;
        await misbehaving(
            (request, response) => {
                if (request.url?.startsWith("/token")) {
                    response.writeHead(200, { "content-type": "application/json" });
                    const chunk = "x".repeat(64 * 1024);
                    // Far more than a token: 16 MiB, unless the client hangs up first.
                    const pump = () => {
                        while (served < 16 * 1024 * 1024 && response.write(chunk)) {
                            served += chunk.length;
                        }
                        if (served < 16 * 1024 * 1024) {
                            response.once("drain", pump);
                        } else {
                            response.end();
                        }
                    };
                    pump();
                    return;
                }
                response.writeHead(401, { "www-authenticate": `Bearer realm="https://${request.headers.host}/token",service="test"` });
                response.end();
            },
            async (host) => {
                const config = path.join(dir, "config.json");
                fs.writeFileSync(config, JSON.stringify({ auths: { [host]: { auth: Buffer.from("user:secret").toString("base64") } } }));
                const answer = await missingCharts(dev, options({ endpoint: host, registryConfig: config, parallel: 1 }));
                assert.deepEqual(answer, [
                    `${host} could not be reached (an answer over 128 KiB): a new environment's registry exists after its bootstrap up (asked for 5 chart versions)`,
                ]);
            },
        );
        assert.ok(served < 16 * 1024 * 1024, `the client read ${served} bytes`);
    });

    it("GIVEN ACR's challenge THEN the token service, its service and scope are read from it", () => {
        assert.deepEqual(
            parseChallenge(
                'Bearer realm="https://acr.azurecr.io/oauth2/token",service="acr.azurecr.io",scope="repository:helm-charts/a/b:pull"',
            ),
            {
                scheme: "bearer",
                realm: "https://acr.azurecr.io/oauth2/token",
                service: "acr.azurecr.io",
                scope: "repository:helm-charts/a/b:pull",
            },
        );
        assert.deepEqual(parseChallenge('Basic realm="Registry Realm"'), { scheme: "basic" });
        assert.equal(parseChallenge("Bearer"), undefined, "a bearer challenge without a realm cannot be answered");
        assert.equal(parseChallenge(undefined), undefined);
    });
});
