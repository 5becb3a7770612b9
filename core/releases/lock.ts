/**
 * `charts.lock.yaml`: the digest of every chart version each environment installs, written by
 * `npm run lock` from what the registry serves, read by every load, and compared with the registry
 * before every deployment (`npm run lock -- --check`). A version is a mutable OCI tag; a digest is not.
 *
 * ```yaml
 * environments:
 *   prod:
 *     registry: acrhelmplatformprod.azurecr.io       # the registry the digests were read from
 *     charts:
 *       fintech/payments-api:                        # <owner>/<chart>: helm-charts/<owner>/<chart>
 *         1.4.2: sha256:<64 hex digits>              # version: manifest digest
 * ```
 */
import { stringify } from "yaml";
import { z } from "zod";
import { type ChartId, chartKey, parseChartReference } from "../base/chartPaths";
import type { KeyPath } from "../base/keyPath";
import { LAYOUT } from "../base/layout";
import { type Problem, problemAt } from "../base/problems";
import type { SourceTree } from "../base/sourceTree";
import { validateWith } from "../config/zodProblems";
import type { StackModel } from "../model/stackModel";
import { parseYamlFile, type YamlFile } from "../yaml/yamlFile";

/** An OCI manifest digest, as the registry and Helm print it. */
export const DIGEST = /^sha256:[0-9a-f]{64}$/;

const lockSchema = z.strictObject({
    environments: z.record(
        z.string().regex(/^[a-z][-a-z0-9]*$/, { message: "must be an environment name" }),
        z.strictObject({
            registry: z.string().min(1),
            charts: z.record(
                z.string().regex(/^[a-z][-a-z0-9]*\/[a-z][-a-z0-9]*$/, { message: "must be <owner>/<chart>" }),
                z.record(z.string().min(1), z.string().regex(DIGEST, { message: "must be a digest: sha256:<64 hex digits>" })),
            ),
        }),
    ),
});

export type ChartLock = z.output<typeof lockSchema>;
export type EnvironmentLock = ChartLock["environments"][string];

/** A chart version an environment installs, and what the lock says of it. */
export interface LockSubject extends ChartId {
    readonly version: string;
}

/**
 * Every chart version an environment installs that the lock can pin: team charts, and platform charts
 * mirrored into the registry (`oci://` references; charts from public repositories have no digest
 * to pin), each once.
 */
export function lockSubjectsOf(model: Pick<StackModel, "releases" | "monitoring">): LockSubject[] {
    const subjects = new Map<string, LockSubject>();
    const add = (id: ChartId | undefined, version: string) => {
        if (id) {
            subjects.set(`${chartKey(id)}@${version}`, { owner: id.owner, chart: id.chart, version });
        }
    };
    for (const r of model.releases) {
        add({ owner: r.chartOwner, chart: r.chartName }, r.version);
    }
    for (const r of model.monitoring?.releases ?? []) {
        add(parseChartReference(r.chart), r.version);
    }
    return [...subjects.values()];
}

/** The command that writes the lock of one stack. */
export const lockCommand = (stack: string) => `npm run lock -- --stack ${stack}`;

/** The lock file, parsed and valid; problems of a broken one are recorded and nothing is returned. */
export function readChartLock(tree: SourceTree, problems: Problem[]): { lock: ChartLock; yaml: YamlFile } | undefined {
    const text = tree.read(LAYOUT.chartLockFile);
    if (text === undefined) {
        return undefined;
    }
    const parsed = parseYamlFile(LAYOUT.chartLockFile, text);
    if (!parsed.ok) {
        problems.push(...parsed.problems);
        return undefined;
    }
    const validated = validateWith(lockSchema, parsed.yaml.data, parsed.yaml);
    problems.push(...validated.problems);
    return validated.value ? { lock: validated.value, yaml: parsed.yaml } : undefined;
}

/** The digest the lock holds for one chart version in one environment. */
export function lockedDigest(lock: ChartLock | undefined, environment: string, subject: LockSubject): string | undefined {
    return lock?.environments[environment]?.charts[chartKey(subject)]?.[subject.version];
}

/** Where an environment's lock is usable: it exists and was read from the environment's own registry. */
export function environmentLockProblems(
    read: { lock: ChartLock; yaml: YamlFile } | undefined,
    environment: string,
    registry: string,
    required: boolean,
): Problem[] {
    const section = read?.lock.environments[environment];
    const at = (path: KeyPath, message: string) =>
        read
            ? problemAt(read.yaml, path, message, fix(environment))
            : { file: LAYOUT.chartLockFile, path: path.join("."), message, hint: fix(environment) };
    if (section === undefined) {
        return required ? [at(["environments"], `there are no chart digests for ${environment}, whose profile requires them`)] : [];
    }
    if (section.registry !== registry) {
        return [
            at(
                ["environments", environment, "registry"],
                `the digests of ${environment} were read from ${section.registry}, not ${registry}`,
            ),
        ];
    }
    return [];
}

const fix = (environment: string) =>
    `run ${lockCommand(environment)} (after npm run publish-charts -- --stack ${environment}) and commit ${LAYOUT.chartLockFile}`;

/** The hint of a chart version the lock lacks. */
export const missingEntryHint = fix;

/** The lock with one environment's section replaced: what `npm run lock` writes, other environments untouched. */
export function withEnvironment(lock: ChartLock | undefined, environment: string, section: EnvironmentLock): ChartLock {
    return { environments: { ...(lock?.environments ?? {}), [environment]: section } };
}

/** An environment's section from its resolved digests. */
export function sectionOf(registry: string, entries: readonly (LockSubject & { readonly digest: string })[]): EnvironmentLock {
    const charts: Record<string, Record<string, string>> = {};
    for (const e of entries) {
        charts[chartKey(e)] = { ...charts[chartKey(e)], [e.version]: e.digest };
    }
    return { registry, charts };
}

/** The file's text: keys sorted (environments in the given order), so that a re-run changes only what changed. */
export function formatChartLock(lock: ChartLock, order: readonly string[] = []): string {
    const rank = (env: string) => (order.includes(env) ? order.indexOf(env) : order.length);
    const environments = Object.keys(lock.environments).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    const sorted = {
        environments: Object.fromEntries(
            environments.map((env) => {
                const section = lock.environments[env] as EnvironmentLock;
                const charts = Object.keys(section.charts).sort();
                return [
                    env,
                    {
                        registry: section.registry,
                        charts: Object.fromEntries(charts.map((c) => [c, sortedVersions(section.charts[c] as Record<string, string>)])),
                    },
                ];
            }),
        ),
    };
    return `${HEADER}${stringify(sorted, { lineWidth: 0 })}`;
}

const sortedVersions = (versions: Record<string, string>) =>
    Object.fromEntries(
        Object.keys(versions)
            .sort((a, b) => a.localeCompare(b, "en", { numeric: true }))
            .map((v) => [v, versions[v]]),
    );

const HEADER = `# The digest of every chart version each environment installs (docs/supply-chain.md). Written by
# npm run lock; checked by every plan and, against the registry, before every deployment
# (npm run lock -- --check). Review a changed digest like changed code.
`;
