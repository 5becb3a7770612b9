import type { z } from "zod";
import { CONFIG_NAMESPACE } from "../base/constants";
import { formatKeyPath, type KeyPath } from "../base/keyPath";
import { LAYOUT } from "../base/layout";
import { closest, type Location, type Problem } from "../base/problems";
import type { EnvironmentSpec, Profile } from "../model/environment";
import { RULE_IDS, type RuleId } from "../model/governance";
import type { YamlFile } from "../yaml/yamlFile";
import { resolveCluster } from "./cluster";
import { PROFILES } from "./profiles";
import { resolveRegistry } from "./registry";
import { stackSettingsSchema } from "./stackSettings";
import { validateWith } from "./zodProblems";

/** The stack settings as written, valid against their schema (defaults not yet applied). */
export type StackSettings = z.output<typeof stackSettingsSchema>;

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
 * Reads the environment settings of one stack: `read` holds them, as written and resolved, when they are
 * valid against their schema. They hold only with no problem here and none of the settings checks
 * (core/checks, stage `settings`), which judge what involves more than one field.
 * @param config every `helm-platform:*` key of the stack, as `pulumi.runtime.allConfig()` gives them
 * @param stack the stack name, which is the environment name unless `helm-platform:environment` says otherwise
 * @param stackFile the parsed `Pulumi.<stack>.yaml`, only to point problems at lines
 */
export function readEnvironment(
    config: Readonly<Record<string, string>>,
    stack: string,
    stackFile: YamlFile | undefined,
): { read?: { settings: StackSettings; environment: EnvironmentSpec }; problems: Problem[] } {
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
    return { read: { settings: parsed.value, environment: resolve(parsed.value) }, problems };
}

function resolve(input: StackSettings): EnvironmentSpec {
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

type RuleSwitches = StackSettings["governance"]["rules"];

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
