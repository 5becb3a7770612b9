/**
 * `npm run publish-charts -- --stack <env>`: publishes every chart version the stack installs that its
 * registry lacks. Team charts are packaged from `charts/<team>/<chart>/<version>/`, signed, and pushed
 * under `helm-charts/<team>/`; the platform's own charts, where the profile mirrors them, are copied
 * from their public repositories (or a folder of packages, `--mirror-from`) to `helm-charts/platform/`.
 * What the registry already has is never pushed again.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { chartKey, chartRepository, chartSourceDir, PLATFORM_CHART_OWNER, pushTarget } from "../core/base/chartPaths";
import { knownEnvironments } from "../core/load/loadConfiguration";
import type { StackModel } from "../core/model/stackModel";
import { MONITORING_CHARTS } from "../core/monitoring/charts";
import { type LockSubject, lockCommand, lockSubjectsOf } from "../core/releases/lock";
import { packageChart, pullUpstream, pushChart, type RegistryClient, remoteDigest, type Signer } from "./oci";
import {
    bootstrapping,
    Command,
    clientFor,
    endpointOption,
    loadEnvironment,
    Option,
    parse,
    type SupplyChainContext,
} from "./supplyChainCli";

interface Options {
    readonly stack: string;
    readonly registryEndpoint?: string;
    readonly signKey?: string;
    readonly secretKeyring?: string;
    readonly passphraseFile?: string;
    readonly mirrorFrom?: string;
    readonly dryRun: boolean;
}

function command(context: SupplyChainContext): Command {
    return new Command("publish-charts")
        .description(
            "Packages, signs and pushes every chart version the stack installs and its registry lacks; mirrors the platform's charts.",
        )
        .addOption(
            new Option("-s, --stack <stack>", "the stack whose charts to publish")
                .choices(knownEnvironments(context.tree))
                .makeOptionMandatory(),
        )
        .addOption(endpointOption())
        .option("--sign-key <name>", "the signer's key (name or e-mail) for helm package --sign; required where the stack verifies charts")
        .option("--secret-keyring <file>", "the legacy secret keyring holding it (gpg --export-secret-keys > secring.gpg)")
        .option("--passphrase-file <file>", "the key's passphrase")
        .option(
            "--mirror-from <dir>",
            "take the platform's charts from this folder of packages (<chart>-<version>.tgz), not their public repositories",
        )
        .option("--dry-run", "say what would be published; publish nothing", false)
        .addHelpText(
            "after",
            "\nHelm reaches the registry with its own login (scripts/registry-login.sh <stack>), as an identity that may write the paths\npublished to. Exit codes: 0 published (or nothing to publish); 1 something could not be published; 2 bad arguments.",
        );
}

/** A chart version to publish, and where its package comes from. */
interface Publication extends LockSubject {
    readonly source: { readonly kind: "source"; readonly dir: string } | { readonly kind: "mirror"; readonly repository: string };
}

/** Runs `npm run publish-charts` with `argv` and returns its exit code. */
export async function runPublishCli(argv: readonly string[], context: SupplyChainContext): Promise<number> {
    const options = parse<Options>(command(context), argv, context);
    if (typeof options === "number") {
        return options;
    }
    const loaded = loadEnvironment(context, options.stack);
    const model = typeof loaded === "string" ? loaded : (bootstrapping(loaded, "npm run publish-charts") ?? loaded);
    const client = typeof model === "string" ? model : clientFor(context, model, options.registryEndpoint);
    if (typeof model === "string" || typeof client === "string") {
        context.stderr(`✗ ${typeof model === "string" ? model : client}\n`);
        return 1;
    }
    const { missing, problems } = missingFrom(client, model, context);
    const signer = signerOf(options, model, missing, problems);
    if (problems.length > 0 || options.dryRun) {
        context.stderr(problems.map((p) => `✗ ${p}\n`).join(""));
        context.stdout(
            missing.map((m) => `would publish ${chartKey(m)} ${m.version} to ${pushTarget(client.endpoint, m.owner)}\n`).join(""),
        );
        return problems.length > 0 ? 1 : 0;
    }
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "publish-"));
    try {
        for (const m of missing) {
            const pushed = publish(client, m, { work, signer, mirrorFrom: options.mirrorFrom, root: context.root });
            context.stderr(`  ${chartKey(m)} ${m.version}: ${"digest" in pushed ? `pushed, ${pushed.digest}` : `✗ ${pushed.error}`}\n`);
            if (!("digest" in pushed)) {
                problems.push(`${chartKey(m)} ${m.version}: ${pushed.error}`);
            }
        }
    } finally {
        fs.rmSync(work, { recursive: true, force: true });
    }
    context.stdout(nextSteps(model, missing, problems));
    return problems.length > 0 ? 1 : 0;
}

/** The stack's chart versions the registry does not have, each with its source; and what cannot be published. */
function missingFrom(client: RegistryClient, model: StackModel, context: SupplyChainContext) {
    const problems: string[] = [];
    const missing: Publication[] = [];
    for (const s of lockSubjectsOf(model)) {
        const found = remoteDigest(client, s, s.version);
        if ("digest" in found) {
            context.stderr(`  ${chartKey(s)} ${s.version}: in the registry (${found.digest})\n`);
        } else if ("error" in found) {
            problems.push(`${chartKey(s)} ${s.version}: ${found.error}`);
        } else {
            const source = sourceOf(s, context, problems);
            if (source) {
                missing.push({ ...s, source });
            }
        }
    }
    return { missing, problems };
}

function sourceOf(s: LockSubject, context: SupplyChainContext, problems: string[]): Publication["source"] | undefined {
    if (s.owner === PLATFORM_CHART_OWNER) {
        const upstream = Object.values(MONITORING_CHARTS).find((c) => c.chart === s.chart);
        return upstream ? { kind: "mirror", repository: upstream.repository } : undefined;
    }
    const dir = chartSourceDir(s, s.version);
    const text = context.tree.read(`${dir}/Chart.yaml`);
    const meta = text === undefined ? undefined : (parseYaml(text) as { name?: unknown; version?: unknown });
    if (!meta) {
        problems.push(`${chartKey(s)} ${s.version} has no chart source ${dir}/: add it, or publish it with the publish-chart workflow`);
        return undefined;
    }
    if (meta.name !== s.chart || String(meta.version) !== s.version) {
        problems.push(
            `${dir}/Chart.yaml is ${String(meta.name)} ${String(meta.version)}: a chart's folder is named for its chart and version`,
        );
        return undefined;
    }
    return { kind: "source", dir };
}

/** The signer, required when the stack verifies charts and team charts are to be published. */
function signerOf(options: Options, model: StackModel, missing: readonly Publication[], problems: string[]): Signer | undefined {
    if (options.signKey) {
        return {
            key: options.signKey,
            keyring: options.secretKeyring ?? path.join(os.homedir(), ".gnupg", "secring.gpg"),
            passphraseFile: options.passphraseFile,
        };
    }
    const keyring = model.environment.charts.keyring;
    if (keyring && missing.some((m) => m.source.kind === "source")) {
        problems.push(
            `${model.environment.name} verifies every chart against ${keyring}: give --sign-key (and --secret-keyring) of a signer in it`,
        );
    }
    return undefined;
}

function publish(
    client: RegistryClient,
    m: Publication,
    at: { work: string; signer?: Signer; mirrorFrom?: string; root: string },
): { digest: string } | { error: string } {
    const dir = fs.mkdtempSync(path.join(at.work, `${m.chart}-`));
    const packaged =
        m.source.kind === "source"
            ? packageChart(client, path.join(at.root, m.source.dir), dir, at.signer)
            : at.mirrorFrom
              ? mirrored(at.mirrorFrom, m)
              : pullUpstream(client, m.source.repository, m.chart, m.version, dir);
    if ("error" in packaged) {
        return packaged;
    }
    const pushed = pushChart(client, packaged.file, m.owner);
    return "digest" in pushed ? pushed : { error: "error" in pushed ? pushed.error : "not pushed" };
}

function mirrored(folder: string, id: LockSubject): { file: string } | { error: string } {
    const file = path.join(folder, `${id.chart}-${id.version}.tgz`);
    return fs.existsSync(file) ? { file } : { error: `${file} is not there` };
}

/** What to run after publishing: lock each version against overwrites, then write the digests. */
function nextSteps(model: StackModel, published: readonly LockSubject[], problems: readonly string[]): string {
    if (published.length === 0) {
        return `${model.environment.name}: the registry has every chart version the stack installs.\n`;
    }
    const locks = published
        .filter((m) => !problems.some((p) => p.startsWith(`${chartKey(m)} ${m.version}:`)))
        .map(
            (p) =>
                `  az acr repository update --name ${model.environment.registry.name} --image ${chartRepository(p)}:${p.version} --write-enabled false --delete-enabled false`,
        );
    return [
        `Published ${locks.length} chart version(s). Lock them against overwrites, then record their digests:`,
        ...locks,
        `  ${lockCommand(model.environment.name)}`,
        "",
    ].join("\n");
}
