import type { z } from "zod";
import { CONFIG_NAMESPACE, PLATFORM_SECRET_OWNER, setSecretCommand } from "../base/constants";
import { formatKeyPath, type KeyPath } from "../base/keyPath";
import { LAYOUT } from "../base/layout";
import { closest, type Location, type Problem } from "../base/problems";
import type { EnvironmentSpec, Profile } from "../model/environment";
import { RULE_IDS, type RuleId } from "../model/governance";
import type { YamlFile } from "../yaml/yamlFile";
import { resolveCluster } from "./cluster";
import { type CrossProblem, checkCluster } from "./clusterChecks";
import { PROFILES } from "./profiles";
import { checkRegistry, resolveRegistry } from "./registry";
import { stackSettingsSchema } from "./stackSettings";
import { validateWith } from "./zodProblems";

type EnvironmentInput = z.output<typeof stackSettingsSchema>;

/** Config keys that hold objects or lists (stored by Pulumi as JSON); the rest are plain strings. */
const OBJECT_KEYS = new Set([
    "adminGroupObjectIds",
    "clusters",
    "registry",
    "monitoring",
    "governance",
    "tenancy",
    "protect",
    "grantDeployerClusterAdmin",
    "secrets",
    "promotion",
    "charts",
    "shards",
    "drift",
    "bootstrap",
]);
const KNOWN_KEYS = new Set([...Object.keys(stackSettingsSchema.shape)]);

/**
 * Where a stack setting is written: `["tenancy", "quota"]` is `helm-platform:tenancy.quota` in
 * `Pulumi.<stack>.yaml`, at the line the file has it (when there is a file).
 */
export function stackSettingLocator(stack: string, stackFile: YamlFile | undefined) {
    const file = stackFile?.file ?? LAYOUT.stackFile(stack);
    const filePath = (path: KeyPath): KeyPath => ["config", `${CONFIG_NAMESPACE}:${path[0]}`, ...path.slice(1)];
    const displayPath = (path: KeyPath): string => `${CONFIG_NAMESPACE}:${formatKeyPath(path)}`;
    const lineOf = (path: KeyPath) => stackFile?.lineOf(path);
    return {
        file,
        filePath,
        displayPath,
        lineOf,
        locate: (path: KeyPath): Location => ({ file, line: lineOf(filePath(path)), path: displayPath(path) }),
    };
}

/**
 * Reads the environment settings of one stack.
 * @param config every `helm-platform:*` key of the stack, as `pulumi.runtime.allConfig()` gives them
 * @param stack the stack name, which is the environment name unless `helm-platform:environment` says otherwise
 * @param stackFile the parsed `Pulumi.<stack>.yaml`, only to point problems at lines
 */
export function readEnvironment(
    config: Readonly<Record<string, string>>,
    stack: string,
    stackFile: YamlFile | undefined,
): { value?: EnvironmentSpec; problems: Problem[] } {
    const { file, filePath, displayPath, lineOf, locate } = stackSettingLocator(stack, stackFile);
    const problems: Problem[] = [];
    const raw: Record<string, unknown> = { environment: stack };
    for (const [fullKey, text] of Object.entries(config)) {
        const [namespace, key] = fullKey.split(":", 2);
        if (namespace !== CONFIG_NAMESPACE || key === undefined) {
            if (key !== undefined && closest(namespace, [CONFIG_NAMESPACE])) {
                problems.push({
                    file,
                    line: stackFile?.lineOf(["config", fullKey]),
                    path: fullKey,
                    message: `"${namespace}" is not a configuration namespace anything reads`,
                    hint: `did you mean "${CONFIG_NAMESPACE}:${key}"?`,
                });
            }
            continue;
        }
        if (!KNOWN_KEYS.has(key)) {
            raw[key] = text; // the strict schema reports it, with a "did you mean"
        } else if (OBJECT_KEYS.has(key)) {
            try {
                raw[key] = JSON.parse(text);
            } catch {
                problems.push({
                    ...locate([key]),
                    message: `is not an object or list: ${text}`,
                    hint: "write it as a YAML map or list under the key, as docs/reference/stack-settings.md shows",
                });
            }
        } else {
            raw[key] = text;
        }
    }
    const parsed = validateWith(stackSettingsSchema, raw, { file, lineOf, filePath, displayPath });
    problems.push(...parsed.problems);
    if (!parsed.value) {
        return { problems };
    }
    const spec = resolve(parsed.value);
    const crossProblems = crossCheck(parsed.value, spec).map((p) => ({ ...locate(p.path), message: p.message, hint: p.hint }));
    problems.push(...crossProblems);
    return problems.length > 0 ? { problems } : { value: spec, problems };
}

function resolve(input: EnvironmentInput): EnvironmentSpec {
    const profile = PROFILES[input.profile];
    const clusters = input.clusters.map((c) => resolveCluster(c, profile, input));
    return {
        name: input.environment,
        layout: input.layout,
        shards: input.layout === "sharded" ? (input.shards ?? {}) : {},
        location: input.location,
        profile: input.profile,
        resourceGroupName: input.resourceGroupName ?? `rg-helm-platform-${input.environment}`,
        adminGroupObjectIds: input.adminGroupObjectIds,
        clusters,
        registry: resolveRegistry(input.registry, input.location, profile, clusters),
        monitoring: input.monitoring,
        governanceLevel: input.governance.level ?? profile.governanceLevel,
        governance: resolveRules(profile, input.governance.rules),
        promotionFrom: input.promotion?.from,
        charts: { keyring: input.charts.keyring, lock: profile.chartLock, platformCharts: profile.platformCharts },
        namespaceConvention: input.tenancy.namespaceConvention,
        tenancy: {
            quota: input.tenancy.quota,
            limits: input.tenancy.limits,
            ingressNamespace: input.tenancy.ingressNamespace,
            reservedNamespaces: input.tenancy.reservedNamespaces,
            ingressDomains: input.tenancy.ingressDomains,
        },
        podSecurity: profile.podSecurity,
        upgrade: profile.upgrade,
        secrets: Object.fromEntries(Object.entries(input.secrets).map(([owner, names]) => [owner, Object.keys(names).sort()])),
        kubeloginMode: input.kubeloginMode,
        protect: input.protect ?? profile.protect,
        retainTenantNamespaces: profile.retainTenantNamespaces,
        secretsProvider: profile.secretsProvider,
        grantDeployerClusterAdmin: input.grantDeployerClusterAdmin,
        drift: input.drift,
        bootstrap: input.bootstrap,
    };
}

type RuleSwitches = EnvironmentInput["governance"]["rules"];

function resolveRules(profile: Profile, switches: RuleSwitches): EnvironmentSpec["governance"] {
    const entries = Object.entries(switches) as [RuleId, { enabled: boolean; reason?: string }][];
    const enabled = new Set<RuleId>(profile.governanceRules);
    for (const [rule, s] of entries) {
        if (s.enabled) {
            enabled.add(rule);
        } else {
            enabled.delete(rule);
        }
    }
    const waivers = entries.filter(([, s]) => !s.enabled).map(([rule, s]) => ({ rule, reason: s.reason ?? "" }));
    return { enabled: RULE_IDS.filter((r) => enabled.has(r)), waivers };
}

/** Rules that involve more than one field, checked on the resolved settings so defaults count too. */
function crossCheck(input: EnvironmentInput, spec: EnvironmentSpec): CrossProblem[] {
    const problems: CrossProblem[] = [];
    const seen = new Map<string, number>();
    input.clusters.forEach((cluster, i) => {
        const first = seen.get(cluster.name);
        if (first !== undefined) {
            problems.push({
                path: ["clusters", i, "name"],
                message: `duplicate cluster name "${cluster.name}" (also clusters[${first}])`,
                hint: "give every cluster a unique name",
            });
        }
        seen.set(cluster.name, i);
        problems.push(...checkCluster(cluster, spec.clusters[i], ["clusters", i]));
    });
    problems.push(...checkRegistry(spec.registry, input.registry));
    for (const [rule, s] of Object.entries(input.governance.rules)) {
        if (s && !s.enabled && !s.reason) {
            problems.push({
                path: ["governance", "rules", rule, "reason"],
                message: `switching off "${rule}" needs a reason`,
                hint: "add reason: <why this environment is exempt>",
            });
        }
    }
    if (PROFILES[input.profile].chartVerification === "required" && !input.charts.keyring) {
        problems.push({
            path: ["charts", "keyring"],
            message: `the ${input.profile} profile requires verified charts, and no keyring is configured`,
            hint: "set helm-platform:charts.keyring to the signers' public keyring (gpg --export > keys/charts.pubring.gpg)",
        });
    }
    if (input.monitoring.enabled) {
        const needed: [string, string[]][] = [[input.monitoring.grafanaAdminPasswordSecret, ["monitoring", "grafanaAdminPasswordSecret"]]];
        if (input.monitoring.slack) {
            needed.push([input.monitoring.slack.webhookSecret, ["monitoring", "slack", "webhookSecret"]]);
        }
        for (const [name, path] of needed) {
            if (!(name in (input.secrets[PLATFORM_SECRET_OWNER] ?? {}))) {
                problems.push({
                    path,
                    message: `secret "${name}" is not configured for the platform`,
                    hint: setSecretCommand(PLATFORM_SECRET_OWNER, name),
                });
            }
        }
    }
    if (PROFILES[input.profile].ingressDomainsRequired && !input.tenancy.ingressDomains) {
        problems.push({
            path: ["tenancy", "ingressDomains"],
            message: `the ${input.profile} profile needs the domains teams' Ingresses may live under, and none are named`,
            hint: "set helm-platform:tenancy.ingressDomains to the platform's own domains, such as [apps.contoso.example]",
        });
    }
    if (input.layout === "sharded" && Object.keys(input.shards ?? {}).length === 0) {
        problems.push({
            path: ["shards"],
            message: "a sharded environment needs its shards, and none are named",
            hint: "set helm-platform:shards to {<shard>: [<team>, ...]}, or helm-platform:layout: single",
        });
    }
    if (input.layout === "single" && input.shards !== undefined) {
        problems.push({
            path: ["shards"],
            message: "shards are read only in the sharded layout",
            hint: "set helm-platform:layout: sharded, or remove helm-platform:shards",
        });
    }
    if (input.tenancy.podSecurityWaivers !== undefined) {
        problems.push({
            path: ["tenancy", "podSecurityWaivers"],
            message: "Pod Security waivers are allowances now: one mechanism for everything the platform allows a team",
            hint: "move each waiver to allowances/<team>.yaml as podSecurity: <level>, with reason, approvedBy and expires, and remove this key",
        });
    }
    if (input.promotion?.from === input.environment) {
        problems.push({
            path: ["promotion", "from"],
            message: "an environment cannot be promoted from itself",
            hint: "name the environment before this one, or remove helm-platform:promotion",
        });
    }
    return problems;
}
