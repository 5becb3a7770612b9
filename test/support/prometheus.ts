import { type ChildProcess, execFile, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as net from "node:net";
import * as path from "node:path";
import { stringify } from "yaml";
import { tempDir } from "./temp";

/**
 * The path of one of Prometheus's own tools (`prometheus`, `promtool`, `amtool`). Missing is a failure,
 * never a skip: `scripts/setup.sh` installs Debian's `prometheus` and `prometheus-alertmanager` packages.
 */
export function tool(name: "prometheus" | "promtool" | "amtool"): string {
    for (const dir of (process.env["PATH"] ?? "").split(path.delimiter)) {
        const file = path.join(dir, name);
        try {
            fs.accessSync(file, fs.constants.X_OK);
            return file;
        } catch {
            // not in this directory
        }
    }
    const debian = name === "amtool" ? "prometheus-alertmanager" : "prometheus";
    throw new Error(`${name} is not on the PATH: scripts/setup.sh installs it (Debian package ${debian}); elsewhere see docs/setup.md`);
}

export interface ToolRun {
    readonly code: number;
    readonly stdout: string;
    /** stdout and stderr together. */
    readonly output: string;
}

/** Runs a tool to the end; its exit code and its output, stdout and stderr together. */
export function runTool(name: "promtool" | "amtool", args: readonly string[], cwd?: string): Promise<ToolRun> {
    return new Promise((resolve) => {
        execFile(tool(name), [...args], { cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
            const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
            resolve({ code, stdout, output: `${stdout}${stderr}` });
        });
    });
}

/** A fresh folder of the test's own. */
export const scratch = (prefix: string) => tempDir(`${prefix}-`);

/** Writes `document` as YAML into `dir` and returns the file's path. */
export function writeYaml(dir: string, name: string, document: unknown): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, stringify(document, { lineWidth: 0 }));
    return file;
}

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const port = (server.address() as net.AddressInfo).port;
            server.close(() => resolve(port));
        });
    });
}

/** Serves fixed texts by path over HTTP on loopback: exporters' `/metrics` pages. */
export class TextServer {
    private constructor(
        private readonly server: http.Server,
        readonly address: string,
    ) {}

    static async start(pages: ReadonlyMap<string, () => string>): Promise<TextServer> {
        const server = http.createServer((req, res) => {
            const page = pages.get(req.url ?? "");
            res.writeHead(page ? 200 : 404, { "content-type": "text/plain; version=0.0.4" });
            res.end(page ? page() : "");
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        return new TextServer(server, `127.0.0.1:${(server.address() as net.AddressInfo).port}`);
    }

    stop(): Promise<void> {
        return new Promise((resolve) => this.server.close(() => resolve()));
    }
}

/** One series of an instant query's answer. */
export interface Sample {
    readonly metric: Readonly<Record<string, string>>;
    readonly value: number;
}

/** The real Prometheus server, on loopback, with a configuration of the test's. */
export class PrometheusServer {
    private constructor(
        private readonly child: ChildProcess,
        readonly address: string,
        private readonly log: () => string,
    ) {}

    /** Starts Prometheus on `address` (a free loopback port unless given) and waits until it is ready. */
    static async start(config: unknown, address?: string): Promise<PrometheusServer> {
        const dir = scratch("prometheus");
        const file = writeYaml(dir, "prometheus.yml", config);
        address ??= `127.0.0.1:${await freePort()}`;
        const child = spawn(
            tool("prometheus"),
            [
                `--config.file=${file}`,
                `--storage.tsdb.path=${path.join(dir, "data")}`,
                `--web.listen-address=${address}`,
                "--log.level=warn",
            ],
            { stdio: ["ignore", "ignore", "pipe"] },
        );
        let log = "";
        child.stderr?.on("data", (chunk: Buffer) => {
            log += chunk.toString();
        });
        const server = new PrometheusServer(child, address, () => log);
        await server.until(async () => (await fetchStatus(`http://${address}/-/ready`)) === 200, "to be ready");
        return server;
    }

    /** Waits until `ready` holds, polling; fails with the server's log after `seconds`. */
    async until(ready: () => Promise<boolean>, what: string, seconds = 30): Promise<void> {
        const deadline = Date.now() + seconds * 1000;
        while (Date.now() < deadline) {
            if (this.child.exitCode !== null) {
                throw new Error(`prometheus exited (${this.child.exitCode}):\n${this.log()}`);
            }
            if (await ready().catch(() => false)) {
                return;
            }
            await new Promise((resolve) => setTimeout(resolve, 250));
        }
        throw new Error(`prometheus at ${this.address} did not get ${what} within ${seconds}s:\n${this.log()}`);
    }

    /** An instant query, as Grafana sends a panel's query for the current moment. */
    async query(expr: string): Promise<Sample[]> {
        const body = (await this.api("/api/v1/query", { query: expr })) as {
            resultType: string;
            result: { metric: Record<string, string>; value: [number, string] }[];
        };
        if (body.resultType !== "vector") {
            throw new Error(`${expr} is a ${body.resultType}, not a vector`);
        }
        return body.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
    }

    /** A label's values among the series `match` selects: what Grafana asks for `label_values(match, label)`. */
    async labelValues(label: string, match: string): Promise<string[]> {
        return (await this.api(`/api/v1/label/${encodeURIComponent(label)}/values`, { "match[]": match })) as string[];
    }

    /** Every series `match` selects, with all its labels (`__name__` included). */
    async series(match: string): Promise<Record<string, string>[]> {
        return (await this.api("/api/v1/series", { "match[]": match })) as Record<string, string>[];
    }

    private async api(route: string, params: Record<string, string>): Promise<unknown> {
        const url = `http://${this.address}${route}?${new URLSearchParams(params)}`;
        const response = await fetch(url);
        const body = (await response.json()) as { status: string; data: unknown; error?: string };
        if (body.status !== "success") {
            throw new Error(`${route} ${JSON.stringify(params)}: ${body.error}`);
        }
        return body.data;
    }

    async stop(): Promise<void> {
        if (this.child.exitCode === null) {
            const exited = new Promise((resolve) => this.child.once("exit", resolve));
            this.child.kill("SIGTERM");
            await exited;
        }
    }
}

async function fetchStatus(url: string): Promise<number> {
    return (await fetch(url)).status;
}

/** The Prometheus operator's relabeling (camelCase, as a ServiceMonitor or scrape class writes it) → Prometheus's. */
export function prometheusRelabeling(operator: Readonly<Record<string, unknown>>): Record<string, unknown> {
    const names: Record<string, string> = {
        sourceLabels: "source_labels",
        separator: "separator",
        targetLabel: "target_label",
        regex: "regex",
        modulus: "modulus",
        replacement: "replacement",
        action: "action",
    };
    return Object.fromEntries(
        Object.entries(operator).map(([key, value]) => {
            const name = names[key];
            if (!name) {
                throw new Error(`relabeling field ${key} is not one the operator knows`);
            }
            return [name, key === "action" ? String(value).toLowerCase() : value];
        }),
    );
}
