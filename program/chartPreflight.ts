/**
 * Before any team is registered, asks the environment's chart registry for every chart version the
 * stack installs from it (a manifest `HEAD` per version over the OCI distribution API, with the
 * credentials `helm registry login` stored, the ones the releases pull with), so that a missing chart
 * stops the run with one list and the command that publishes it, instead of a failed release halfway
 * through. It needs the registry: the engine runs it (index.ts); the offline plan never does.
 */
import * as fs from "node:fs";
import * as https from "node:https";
import * as os from "node:os";
import * as path from "node:path";
import { chartKey, chartRepository, parseChartReference } from "../core/base/chartPaths";
import { counted } from "../core/base/words";
import type { StackModel } from "../core/model/stackModel";
import { lockSubjectsOf } from "../core/releases/lock";

/** How to reach the registry; every field has the engine's default. */
export interface ChartPreflightOptions {
    /** The host to ask. @default the environment's registry (`<name>.azurecr.io`) */
    readonly endpoint?: string;
    /** Helm's registry credentials file. @default `$HELM_REGISTRY_CONFIG`, else Helm's own path for this OS */
    readonly registryConfig?: string;
    /** CA certificates to trust instead of the system's (a test registry). @default the system's */
    readonly ca?: string | Buffer;
    /** Requests in flight at once. @default 8 */
    readonly parallel?: number;
    /** Milliseconds one request may take, from start to its answer's last byte. @default 15 000 */
    readonly deadline?: number;
    /**
     * A targeted run's scope: only the charts of these teams' releases (`<team>`) and these releases
     * (`<team>-<app>`), so that another team's missing chart does not hold up a hotfix or a rollback.
     * @default every release's chart and the monitoring charts
     */
    readonly only?: { readonly teams?: readonly string[]; readonly releases?: readonly string[] };
}

/** What the registry said of one chart version. */
type Answer = { readonly found: true; readonly digest?: string } | { readonly found: false } | { readonly error: string };

/**
 * Every chart version of `model` the registry lacks (or serves under another digest than the lock
 * pins), as the lines of one message; empty when all are there.
 */
export async function missingCharts(model: StackModel, options: ChartPreflightOptions = {}): Promise<string[]> {
    const host = options.endpoint ?? model.environment.registry.loginServer;
    const subjects = lockSubjectsOf(inScope(model, options.only));
    if (subjects.length === 0) {
        return [];
    }
    const credentials = helmCredentials(host, options.registryConfig ?? helmRegistryConfig());
    const client = new ManifestClient(host, credentials, options.ca, options.deadline ?? REQUEST_DEADLINE_MS);
    const answers = await inBatches(subjects, options.parallel ?? 8, (s) => client.head(chartRepository(s), s.version));
    // A registry that cannot be reached, or refuses the login, is one problem, not one per chart.
    const errors = new Set(answers.map((a) => ("error" in a ? a.error : "")));
    const [only] = errors;
    if (errors.size === 1 && only) {
        return [`${only} (asked for ${counted(subjects.length, "chart version")})`];
    }
    const publish = `npm run publish-charts -- --stack ${model.environment.name}`;
    const pinned = pinnedDigests(model);
    return subjects.flatMap((s, i) => {
        const answer = answers[i] as Answer;
        const name = `${chartKey(s)} ${s.version}`;
        if ("error" in answer) {
            return [`${name}: ${answer.error}`];
        }
        if (!answer.found) {
            return [`${name} is not in ${host}/${chartRepository(s)}: publish it (${publish})`];
        }
        const locked = pinned.get(`${chartKey(s)}@${s.version}`);
        return locked && answer.digest && answer.digest !== locked
            ? [
                  `${name}: the registry serves ${answer.digest}, charts.lock.yaml pins ${locked}: the tag was pushed again; find out why before deploying`,
              ]
            : [];
    });
}

/** The releases a targeted run asks about; a whole run asks about every release and the monitoring charts. */
function inScope(model: StackModel, only: ChartPreflightOptions["only"]): Pick<StackModel, "releases" | "monitoring"> {
    if (!only) {
        return model;
    }
    const releases = model.releases.filter((r) => only.teams?.includes(r.team) || only.releases?.includes(r.name));
    return { releases, monitoring: undefined };
}

/** The digest `charts.lock.yaml` pins for each chart version (`<owner>/<chart>@<version>`) the model installs by digest. */
function pinnedDigests(model: StackModel): Map<string, string> {
    const pinned = new Map<string, string>();
    for (const r of model.releases) {
        if (r.digest) {
            pinned.set(`${chartKey({ owner: r.chartOwner, chart: r.chartName })}@${r.version}`, r.digest);
        }
    }
    for (const r of model.monitoring?.releases ?? []) {
        const id = parseChartReference(r.chart);
        if (id && r.digest) {
            pinned.set(`${chartKey(id)}@${r.version}`, r.digest);
        }
    }
    return pinned;
}

/** The message a run stops with when charts are missing, or undefined when none is. */
export function preflightMessage(model: StackModel, problems: readonly string[]): string | undefined {
    if (problems.length === 0) {
        return undefined;
    }
    return [
        `The releases' charts cannot all be pulled from ${model.environment.registry.loginServer}; no team was registered:`,
        ...problems.map((p) => `  - ${p}`),
        `Helm logs in with scripts/registry-login.sh ${model.stack.name}; a new environment publishes its charts after its bootstrap up (docs/first-deployment.md).`,
    ].join("\n");
}

/** Helm's registry credentials file: `$HELM_REGISTRY_CONFIG`, else `<Helm's config home>/registry/config.json`. */
function helmRegistryConfig(): string {
    const explicit = process.env["HELM_REGISTRY_CONFIG"];
    if (explicit) {
        return explicit;
    }
    const home = process.env["HELM_CONFIG_HOME"];
    if (home) {
        return path.join(home, "registry", "config.json");
    }
    const base =
        process.platform === "darwin"
            ? path.join(os.homedir(), "Library", "Preferences")
            : process.platform === "win32"
              ? (process.env["APPDATA"] ?? os.homedir())
              : (process.env["XDG_CONFIG_HOME"] ?? path.join(os.homedir(), ".config"));
    return path.join(base, "helm", "registry", "config.json");
}

/** The `user:password` Helm stored for `host` (Docker's config format), if any. */
function helmCredentials(host: string, file: string): string | undefined {
    let auths: Record<string, { auth?: string }> | undefined;
    try {
        auths = (JSON.parse(fs.readFileSync(file, "utf8")) as { auths?: Record<string, { auth?: string }> }).auths;
    } catch {
        return undefined;
    }
    const entry = auths?.[host] ?? auths?.[`https://${host}`];
    return entry?.auth ? Buffer.from(entry.auth, "base64").toString("utf8") : undefined;
}

/** A `WWW-Authenticate` challenge: Basic, or Bearer with the token service to ask. */
export type Challenge =
    | { readonly scheme: "basic" }
    | { readonly scheme: "bearer"; readonly realm: string; readonly service?: string; readonly scope?: string };

/** Parses a registry's `WWW-Authenticate` header (RFC 7235 auth-params, as the distribution spec uses them). */
export function parseChallenge(header: string | undefined): Challenge | undefined {
    const match = /^\s*(\w+)\s*(.*)$/s.exec(header ?? "");
    if (!match) {
        return undefined;
    }
    const scheme = (match[1] as string).toLowerCase();
    const params = Object.fromEntries([...(match[2] as string).matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (scheme === "basic") {
        return { scheme };
    }
    return scheme === "bearer" && params["realm"]
        ? { scheme, realm: params["realm"], service: params["service"], scope: params["scope"] }
        : undefined;
}

/** How long one request to the registry or its token service may take, start to end (ms). */
const REQUEST_DEADLINE_MS = 15_000;
/** The largest answer read (oras-go, which Helm uses, reads 128 KiB of a token answer). */
const MAX_BODY_BYTES = 128 * 1024;

const MANIFEST_TYPES = ["application/vnd.oci.image.manifest.v1+json", "application/vnd.oci.image.index.v1+json"].join(", ");

/** Manifest `HEAD`s against one registry, answering its auth challenge with Helm's stored credentials. */
class ManifestClient {
    constructor(
        private readonly host: string,
        private readonly credentials: string | undefined,
        private readonly ca: string | Buffer | undefined,
        private readonly deadline: number,
    ) {}

    async head(repository: string, reference: string): Promise<Answer> {
        const target = `https://${this.host}/v2/${repository}/manifests/${encodeURIComponent(reference)}`;
        try {
            let response = await this.request("HEAD", target, {});
            if (response.status === 401) {
                const authorization = await this.authorize(parseChallenge(response.header("www-authenticate")));
                if (!authorization) {
                    return { error: `${this.host} asks for credentials Helm has none of (helm registry login)` };
                }
                response = await this.request("HEAD", target, { authorization });
            }
            switch (response.status) {
                case 200:
                    return { found: true, digest: response.header("docker-content-digest") };
                case 404:
                    return { found: false };
                case 401:
                case 403:
                    return {
                        error: `${this.host} refused Helm's credentials (HTTP ${response.status}): log in again, or grant the deployer pull on this path`,
                    };
                default:
                    return { error: `${this.host} answered HTTP ${response.status}` };
            }
        } catch (error) {
            const reason = error instanceof Error ? error.message : String(error);
            return { error: `${this.host} could not be reached (${reason}): a new environment's registry exists after its bootstrap up` };
        }
    }

    /** The `Authorization` header that answers `challenge`, if the stored credentials can. */
    private async authorize(challenge: Challenge | undefined): Promise<string | undefined> {
        if (!challenge || !this.credentials) {
            return undefined;
        }
        const basic = `Basic ${Buffer.from(this.credentials).toString("base64")}`;
        if (challenge.scheme === "basic") {
            return basic;
        }
        const url = new URL(challenge.realm);
        for (const [key, value] of Object.entries({ service: challenge.service, scope: challenge.scope })) {
            if (value) {
                url.searchParams.set(key, value);
            }
        }
        const response = await this.request("GET", url.toString(), { authorization: basic });
        if (response.status !== 200) {
            return undefined;
        }
        const body = JSON.parse(response.body) as { token?: string; access_token?: string };
        const token = body.token ?? body.access_token;
        return token ? `Bearer ${token}` : undefined;
    }

    /**
     * One request, given up `deadline` ms after it starts however the server paces its
     * answer (a socket timeout alone never fires on a server that sends a byte now and then), and
     * refused past {@link MAX_BODY_BYTES} of body (a token answer is a few KiB).
     */
    private request(method: string, url: string, headers: Record<string, string>) {
        return new Promise<{ status: number; header(name: string): string | undefined; body: string }>((resolve, reject) => {
            const request = https.request(
                url,
                { method, headers: { accept: MANIFEST_TYPES, ...headers }, ...(this.ca ? { ca: this.ca } : {}) },
                (response) => {
                    let body = "";
                    response.setEncoding("utf8");
                    response.on("data", (chunk: string) => {
                        body += chunk;
                        if (Buffer.byteLength(body) > MAX_BODY_BYTES) {
                            request.destroy(new Error(`an answer over ${MAX_BODY_BYTES / 1024} KiB`));
                        }
                    });
                    response.on("error", reject);
                    response.on("end", () => {
                        const header = (name: string) => {
                            const value = response.headers[name];
                            return Array.isArray(value) ? value[0] : value;
                        };
                        resolve({ status: response.statusCode ?? 0, header, body });
                    });
                },
            );
            const timer = setTimeout(
                () => request.destroy(new Error(`no complete answer within ${this.deadline / 1000} s`)),
                this.deadline,
            );
            request.on("close", () => clearTimeout(timer));
            request.on("error", reject);
            request.end();
        });
    }
}

/** `work` over `items`, at most `parallel` at a time, answers in the items' order. */
async function inBatches<T, R>(items: readonly T[], parallel: number, work: (item: T) => Promise<R>): Promise<R[]> {
    const results: R[] = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const index = next++;
            results[index] = await work(items[index] as T);
        }
    };
    await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, worker));
    return results;
}
