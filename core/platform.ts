import type { ClusterSpec, EnvironmentSpec } from "./config/environment";
import type { UpgradePolicy } from "./config/profiles";
import { helmReleaseNameProblem } from "./config/names";
import type { PodSecurityLevel } from "./config/profiles";
import { tenantSchema, type TenantInput } from "./config/tenant";
import { layer, PLATFORM_LIMITS, PLATFORM_QUOTA, type EgressRule, type LimitsSpec, type QuotaSpec } from "./config/tenancy";
import { parseYamlFile, type YamlFile } from "./config/yamlFile";
import { validateWith } from "./config/zodProblems";
import { formatKeyPath } from "./keyPath";
import { LAYOUT } from "./layout";
import { closest, throwIfProblems, type Problem } from "./problems";
import type { SourceTree } from "./sourceTree";
import { checkAppValuesFileNames, ValuesReader } from "./values/hierarchy";
import { checkNeeds, qualify, releaseNameOf } from "./releases/needs";
import type { Values } from "./values/merge";
import { ValuesSchemaChecker } from "./values/schema";
import { loadMonitoring, type MonitoringSpec, type TeamAlerts } from "./monitoring/model";

/** A team as it runs in this environment. */
export interface TenantSpec {
    readonly team: string;
    readonly file: string;
    readonly description?: string;
    readonly namespace: string;
    readonly ownerGroupObjectIds: readonly string[];
    readonly viewerGroupObjectIds: readonly string[];
    /** Pod Security Admission levels, and the recorded reason when the team has an exception. */
    readonly podSecurity: { readonly enforce: PodSecurityLevel; readonly warn: PodSecurityLevel; readonly audit: PodSecurityLevel; readonly exceptionReason?: string };
    /** ResourceQuota `hard`: platform defaults, then the environment, then the team. */
    readonly quota: QuotaSpec;
    /** LimitRange defaults, layered the same way. */
    readonly limits: LimitsSpec;
    /** Egress allowances beyond the namespace, DNS and the platform. */
    readonly egress: readonly EgressRule[];
    /** Namespace of the ingress controller allowed to reach the team's pods, if any. */
    readonly ingressNamespace?: string;
    /** Namespace of Prometheus, allowed to scrape the team's pods, if monitoring is on. */
    readonly monitoringNamespace?: string;
    /** Whether the team gets a CI ServiceAccount bound to `edit` in its namespace. */
    readonly deployerServiceAccount: boolean;
}

/** One Helm release on one cluster: everything the release component needs, values already merged. */
export interface ReleaseSpec {
    /** `<team>-<app>`. */
    readonly name: string;
    readonly team: string;
    readonly app: string;
    readonly namespace: string;
    readonly cluster: string;
    readonly environment: string;
    readonly chartName: string;
    /** `oci://<registry>/helm-charts/<chart>`. */
    readonly chart: string;
    readonly version: string;
    readonly values: Values;
    /** Leaf key path → repo-relative file that set it. */
    readonly sources: Readonly<Record<string, string>>;
    /** The values files that exist for this release, lowest precedence first. */
    readonly valueFiles: readonly string[];
    /** How Helm installs and upgrades it: the environment's policy with the app's overrides. */
    readonly upgrade: UpgradePolicy;
    /** Releases (by name) on the same cluster that must be deployed first. */
    readonly needs: readonly string[];
    /** The version in the environment this one is promoted from, and the app's exemption, if any. */
    readonly promotion: { readonly fromVersion?: string; readonly exemption?: string };
    /** The app's opt-in to scraping: a ServiceMonitor on this Service port. */
    readonly metrics?: { readonly port: string; readonly path: string; readonly interval: string };
}

/** Everything one stack deploys, validated. Pure data: no Pulumi resources. */
export interface PlatformModel {
    readonly environment: EnvironmentSpec;
    readonly tenants: readonly TenantSpec[];
    readonly releases: readonly ReleaseSpec[];
    /** Present when the environment runs the monitoring stack. */
    readonly monitoring?: MonitoringSpec;
}

export interface LoadPlatformInput {
    readonly tree: SourceTree;
    readonly environment: EnvironmentSpec;
    /** Every environment of the platform (one per stack file), to catch references to unknown ones. */
    readonly knownEnvironments: readonly string[];
}

/** Namespace of the platform's monitoring stack on every cluster. */
export const MONITORING_NAMESPACE = "monitoring";

/** Namespaces no team may take. */
const RESERVED_NAMESPACES = new Set(["default", "kube-system", "kube-public", "kube-node-lease", "gatekeeper-system", MONITORING_NAMESPACE]);

/** OCI path inside the registry under which the platform's charts are pushed. */
export const CHART_REPOSITORY_PATH = "helm-charts";

/**
 * Reads every tenant file and values file, checks them against each other and against the
 * environment, and merges each release's values. Throws one {@link ConfigError} listing every problem.
 */
export function loadPlatform(input: LoadPlatformInput): PlatformModel {
    const { tree, environment } = input;
    const problems: Problem[] = [];
    const tenants = readTenantFiles(tree, problems);
    checkTenants(tenants, input, problems);
    const running = tenants.filter((t) => t.data.environments.includes(environment.name));
    const tenantSpecs = running.map((t) => toTenantSpec(t, environment));
    checkNamespaces(running, tenantSpecs, problems);
    const reader = new ValuesReader(input.tree, problems, environment.secretNames);
    const releases = running.flatMap((t, i) => releasesOf(t, tenantSpecs[i], input, reader, problems));
    checkReleaseNames(releases, running, problems);
    problems.push(...checkNeeds(tenants.map((t) => ({ team: t.data.team, file: t.yaml.file, lineOf: t.yaml.lineOf, needs: Object.fromEntries(Object.entries(t.data.apps).map(([app, a]) => [app, a.needs])) }))));
    const declared = new Set(tenants.flatMap((t) => Object.keys(t.data.apps).map((app) => `${t.data.team}-${app}`)));
    checkNeedsDeployed(releases, running, declared, problems);
    const schemas = new ValuesSchemaChecker(input.tree, problems, (file, path) => reader.lineOf(file, path));
    releases.forEach((r) => schemas.check(r));
    const monitoring = environment.monitoring.enabled
        ? loadMonitoring(input.tree, environment, teamAlerts(running, tenantSpecs, environment, problems), reader, problems)
        : undefined;
    throwIfProblems(problems);
    return { environment, tenants: tenantSpecs, releases, monitoring };
}

/** Syntax and schema problems of every tenant file, without cross-checks (for when the environment is broken). */
export function checkTenantFiles(tree: SourceTree): Problem[] {
    const problems: Problem[] = [];
    readTenantFiles(tree, problems);
    return problems;
}

interface TenantFile {
    readonly yaml: YamlFile;
    readonly data: TenantInput;
}

function readTenantFiles(tree: SourceTree, problems: Problem[]): TenantFile[] {
    const files: TenantFile[] = [];
    for (const name of tree.list(LAYOUT.tenantsDir)) {
        const file = `${LAYOUT.tenantsDir}/${name}`;
        if (tree.isDirectory(file)) {
            continue;
        }
        if (!name.endsWith(".yaml")) {
            problems.push({ file, path: "", message: "is not a tenant file", hint: "tenant files are named <team>.yaml" });
            continue;
        }
        const parsed = parseYamlFile(file, tree.read(file) ?? "");
        if (!parsed.ok) {
            problems.push(...parsed.problems);
            continue;
        }
        const validated = validateWith(tenantSchema, parsed.yaml.data, parsed.yaml);
        problems.push(...validated.problems);
        if (validated.value) {
            files.push({ yaml: parsed.yaml, data: validated.value });
        }
    }
    return files;
}

function checkTenants(tenants: readonly TenantFile[], input: LoadPlatformInput, problems: Problem[]): void {
    const known = input.knownEnvironments;
    const unknownEnvironment = (yaml: YamlFile, path: (string | number)[], env: string) => {
        const suggestion = closest(env, known);
        problems.push({
            file: yaml.file,
            line: yaml.lineOf(path),
            path: formatKeyPath(path),
            message: `unknown environment "${env}"`,
            hint: suggestion ? `did you mean "${suggestion}"?` : `environments are: ${known.join(", ")}`,
        });
    };
    const teams = new Map<string, string>();
    for (const { yaml, data } of tenants) {
        const other = teams.get(data.team);
        if (other) {
            problems.push({ file: yaml.file, line: yaml.lineOf(["team"]), path: "team", message: `team "${data.team}" is already defined in ${other}`, hint: "every team has exactly one tenant file" });
        }
        teams.set(data.team, yaml.file);
        data.environments.forEach((env, i) => known.includes(env) || unknownEnvironment(yaml, ["environments", i], env));
        (data.network?.egress ?? []).forEach((rule, i) => {
            if ((rule.cidr === undefined) === (rule.namespace === undefined)) {
                const path = ["network", "egress", i];
                problems.push({ file: yaml.file, line: yaml.lineOf(path), path: formatKeyPath(path), message: "an egress allowance needs exactly one destination", hint: "set either cidr or namespace" });
            }
        });
        for (const [app, spec] of Object.entries(data.apps)) {
            for (const env of Object.keys(spec.versions)) {
                if (!known.includes(env)) {
                    unknownEnvironment(yaml, ["apps", app, "versions", env], env);
                } else if (!data.environments.includes(env)) {
                    problems.push({ file: yaml.file, line: yaml.lineOf(["apps", app, "versions", env]), path: formatKeyPath(["apps", app, "versions", env]), message: `team "${data.team}" does not run in "${env}"`, hint: `add "${env}" to environments or remove this version` });
                }
            }
            for (const [env, clusters] of Object.entries(spec.clusters ?? {})) {
                if (!known.includes(env)) {
                    unknownEnvironment(yaml, ["apps", app, "clusters", env], env);
                } else if (env === input.environment.name) {
                    checkClusterNames(yaml, ["apps", app, "clusters", env], clusters, input.environment, problems);
                }
            }
        }
    }
}

function checkClusterNames(yaml: YamlFile, path: string[], clusters: readonly string[], environment: EnvironmentSpec, problems: Problem[]): void {
    const names = environment.clusters.map((c) => c.name);
    clusters.forEach((cluster, i) => {
        if (!names.includes(cluster)) {
            const suggestion = closest(cluster, names);
            problems.push({
                file: yaml.file,
                line: yaml.lineOf([...path, i]),
                path: formatKeyPath([...path, i]),
                message: `unknown cluster "${cluster}" in environment "${environment.name}"`,
                hint: suggestion ? `did you mean "${suggestion}"?` : `clusters of ${environment.name}: ${names.join(", ")}`,
            });
        }
    });
}

function toTenantSpec({ yaml, data }: TenantFile, environment: EnvironmentSpec): TenantSpec {
    const conventional = environment.namespaceConvention === "team-env" ? `${data.team}-${environment.name}` : data.team;
    return {
        team: data.team,
        file: yaml.file,
        description: data.description,
        namespace: data.namespace ?? conventional,
        ownerGroupObjectIds: data.groups.owners,
        viewerGroupObjectIds: data.groups.viewers,
        podSecurity: {
            ...environment.podSecurity,
            enforce: data.podSecurity?.enforce ?? environment.podSecurity.enforce,
            exceptionReason: data.podSecurity?.reason,
        },
        quota: layer(PLATFORM_QUOTA, environment.tenancy.quota, data.quota),
        limits: layer(PLATFORM_LIMITS, environment.tenancy.limits, data.limits),
        egress: data.network?.egress ?? [],
        ingressNamespace: environment.tenancy.ingressNamespace,
        monitoringNamespace: environment.monitoring.enabled ? MONITORING_NAMESPACE : undefined,
        deployerServiceAccount: data.deployer?.serviceAccount ?? false,
    };
}

function checkNamespaces(tenants: readonly TenantFile[], specs: readonly TenantSpec[], problems: Problem[]): void {
    const owners = new Map<string, string>();
    specs.forEach((spec, i) => {
        const { yaml } = tenants[i];
        const line = yaml.lineOf(["namespace"]) ?? yaml.lineOf(["team"]);
        if (RESERVED_NAMESPACES.has(spec.namespace)) {
            problems.push({ file: yaml.file, line, path: "namespace", message: `namespace "${spec.namespace}" is reserved for the platform`, hint: "choose a namespace named after the team" });
        }
        const other = owners.get(spec.namespace);
        if (other) {
            problems.push({ file: yaml.file, line, path: "namespace", message: `namespace "${spec.namespace}" is already claimed by team "${other}"`, hint: "each team gets its own namespace; set a different namespace" });
        }
        owners.set(spec.namespace, spec.team);
    });
}

function releasesOf(tenant: TenantFile, spec: TenantSpec, input: LoadPlatformInput, reader: ValuesReader, problems: Problem[]): ReleaseSpec[] {
    const { environment } = input;
    const releases: ReleaseSpec[] = [];
    for (const [app, appSpec] of Object.entries(tenant.data.apps)) {
        const version = appSpec.versions[environment.name];
        if (version === undefined) {
            continue;
        }
        const clusters = appSpec.clusters?.[environment.name] ?? environment.clusters.map((c) => c.name);
        for (const cluster of environment.clusters.filter((k) => clusters.includes(k.name))) {
            const resolved = reader.resolve({ environment: environment.name, cluster: cluster.name, team: spec.team, app }, injectedValues(environment, cluster));
            releases.push({
                name: `${spec.team}-${app}`,
                team: spec.team,
                app,
                namespace: spec.namespace,
                cluster: cluster.name,
                environment: environment.name,
                chartName: appSpec.chart,
                chart: `oci://${environment.registry.loginServer}/${CHART_REPOSITORY_PATH}/${appSpec.chart}`,
                version,
                values: resolved.values,
                sources: resolved.sources,
                valueFiles: resolved.files,
                upgrade: { ...environment.upgrade, ...appSpec.upgrade },
                needs: appSpec.needs.map((n) => releaseNameOf(qualify(spec.team, n))),
                metrics: appSpec.metrics,
                promotion: {
                    fromVersion: environment.promotionFrom ? appSpec.versions[environment.promotionFrom] : undefined,
                    exemption: appSpec.promotionExemption,
                },
            });
        }
    }
    checkAppFolders(tenant, input, problems);
    return releases;
}

/**
 * Values every release gets as its lowest layer, under `global.platform` (Helm passes `global` to
 * subcharts too), so charts can use them and teams can still override them.
 */
export function injectedValues(environment: EnvironmentSpec, cluster: ClusterSpec): Values {
    return {
        global: {
            platform: {
                environment: environment.name,
                cluster: cluster.name,
                ...(cluster.kind === "managed" ? { region: cluster.location } : {}),
                registry: environment.registry.loginServer,
                chartRepository: `oci://${environment.registry.loginServer}/${CHART_REPOSITORY_PATH}`,
            },
        },
    };
}

/** Each team's alert channel, with the webhook it posts through (the platform's unless it names its own). */
function teamAlerts(tenants: readonly TenantFile[], specs: readonly TenantSpec[], environment: EnvironmentSpec, problems: Problem[]): TeamAlerts[] {
    const platformWebhook = environment.monitoring.slack?.webhookSecret;
    return tenants.flatMap(({ yaml, data }, i) => {
        if (!data.alerts) {
            return [];
        }
        const webhookSecret = data.alerts.webhookSecret ?? platformWebhook;
        const path = ["alerts", data.alerts.webhookSecret ? "webhookSecret" : "slackChannel"];
        if (webhookSecret === undefined) {
            problems.push({ file: yaml.file, line: yaml.lineOf(path), path: formatKeyPath(path), message: `${environment.name} has no Slack webhook for this channel`, hint: "set alerts.webhookSecret, or helm-platform:monitoring.slack in the stack" });
            return [];
        }
        if (!environment.secretNames.includes(webhookSecret)) {
            problems.push({ file: yaml.file, line: yaml.lineOf(path), path: formatKeyPath(path), message: `secret "${webhookSecret}" is not configured in ${environment.name}`, hint: `pulumi config set --secret --path 'helm-platform:secrets.${webhookSecret}' <url>` });
            return [];
        }
        return [{ team: data.team, namespace: specs[i].namespace, slackChannel: data.alerts.slackChannel, webhookSecret }];
    });
}

/** A declared need must run on the same cluster as the release that waits for it. */
function checkNeedsDeployed(releases: readonly ReleaseSpec[], tenants: readonly TenantFile[], declared: ReadonlySet<string>, problems: Problem[]): void {
    const reported = new Set<string>();
    for (const r of releases) {
        r.needs.forEach((need, i) => {
            const key = `${r.name}/${need}`;
            // Undeclared needs are checkNeeds' to report; report each missing need once, not per cluster.
            if (!declared.has(need) || reported.has(key)) {
                return;
            }
            if (!releases.some((x) => x.name === need && x.cluster === r.cluster)) {
                const yaml = (tenants.find((t) => t.data.team === r.team) as TenantFile).yaml;
                const path = ["apps", r.app, "needs", i];
                problems.push({ file: yaml.file, line: yaml.lineOf(path), path: formatKeyPath(path), message: `needs ${need}, which does not run on ${r.environment}/${r.cluster}`, hint: "deploy the needed app there too, or pin this app to the clusters where it runs" });
                reported.add(key);
            }
        });
    }
}

/** Values folders must belong to a declared app, and file names to known environments and clusters. */
function checkAppFolders(tenant: TenantFile, input: LoadPlatformInput, problems: Problem[]): void {
    const teamDir = `${LAYOUT.tenantsDir}/${tenant.data.team}`;
    const apps = Object.keys(tenant.data.apps);
    const current = { environment: input.environment.name, clusters: input.environment.clusters.map((c) => c.name) };
    for (const name of input.tree.list(teamDir)) {
        if (apps.includes(name)) {
            checkAppValuesFileNames(input.tree, tenant.data.team, name, input.knownEnvironments, current, problems);
        } else {
            const suggestion = closest(name, apps);
            problems.push({ file: `${teamDir}/${name}`, path: "", message: `values folder for an app that ${tenant.yaml.file} does not declare`, hint: suggestion ? `did you mean "${suggestion}"?` : `declare the app under apps: in ${tenant.yaml.file} or remove the folder` });
        }
    }
}

function checkReleaseNames(releases: readonly ReleaseSpec[], tenants: readonly TenantFile[], problems: Problem[]): void {
    const owners = new Map<string, string>();
    for (const release of releases) {
        const owner = owners.get(release.name);
        if (owner === release.team) {
            continue; // the same release on another cluster: already checked
        }
        const tenant = tenants.find((t) => t.data.team === release.team) as TenantFile;
        const at = { file: tenant.yaml.file, line: tenant.yaml.lineOf(["apps", release.app]), path: formatKeyPath(["apps", release.app]) };
        if (owner) {
            problems.push({ ...at, message: `release name "${release.name}" is also produced by team "${owner}"`, hint: "rename the app so <team>-<app> is unique" });
            continue;
        }
        owners.set(release.name, release.team);
        const invalid = helmReleaseNameProblem(release.name);
        if (invalid) {
            problems.push({ ...at, message: invalid, hint: "shorten the team or app name: releases are named <team>-<app>" });
        }
    }
}
