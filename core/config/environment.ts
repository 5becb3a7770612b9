import { z } from "zod";
import type { KubeloginMode } from "../azure/kubeconfig";
import { formatKeyPath, type KeyPath } from "../keyPath";
import type { Problem } from "../problems";
import { nameSchema, objectIdSchema } from "./names";
import { PROFILES, type NodePoolDefaults, type Profile } from "./profiles";
import { validateWith } from "./zodProblems";
import type { YamlFile } from "./yamlFile";

/** The project's config namespace: keys are written `helm-platform:<key>` in `Pulumi.<stack>.yaml`. */
export const CONFIG_NAMESPACE = "helm-platform";

const region = z.string().regex(/^[a-z][a-z0-9]+$/, { message: "must be an Azure region name such as westeurope" });

const zone = z.enum(["1", "2", "3"]);

const poolSchema = z.strictObject({
    vmSize: z.string().min(1).optional(),
    minCount: z.int().min(1).max(1000).optional(),
    maxCount: z.int().min(1).max(1000).optional(),
    zones: z.array(zone).optional(),
});

const clusterSchema = z.strictObject({
    /** Short, stable name; resource names derive from it, never from the list position. */
    name: nameSchema(16),
    location: region,
    /** `1.33` (AKS picks the latest patch) or `1.33.2`. Omitted: the AKS default version. */
    kubernetesVersion: z
        .string()
        .regex(/^\d+\.\d+(\.\d+)?$/, { message: "must be MAJOR.MINOR or MAJOR.MINOR.PATCH, such as 1.33 or 1.33.2" })
        .optional(),
    skuTier: z.enum(["Free", "Standard", "Premium"]).optional(),
    systemPool: poolSchema.optional(),
    userPool: poolSchema.optional(),
    upgradeChannel: z.enum(["none", "patch", "stable", "rapid", "node-image"]).optional(),
    nodeOsUpgradeChannel: z.enum(["None", "Unmanaged", "NodeImage", "SecurityPatch"]).optional(),
    /** CIDRs allowed to reach the public API server; empty means unrestricted. */
    authorizedIpRanges: z.array(z.string().regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, { message: "must be an IPv4 CIDR" })).optional(),
});

const environmentSchema = z.strictObject({
    environment: nameSchema(12),
    location: region,
    profile: z.enum(["development", "production"]).default("development"),
    resourceGroupName: z.string().regex(/^[-\w.()]{1,90}$/).optional(),
    /** Entra ID groups that administer every cluster of the environment (AKS RBAC cluster admin). */
    adminGroupObjectIds: z.array(objectIdSchema).min(1),
    clusters: z.array(clusterSchema).min(1),
    registry: z.strictObject({
        /** Globally unique ACR name: 5-50 letters and digits. */
        name: z.string().regex(/^[a-zA-Z0-9]{5,50}$/, { message: "must be 5-50 letters and digits (ACR names are global)" }),
        sku: z.enum(["Basic", "Standard", "Premium"]).optional(),
        replicaLocations: z.array(region).default([]),
        publicNetworkAccess: z.boolean().default(true),
    }),
    monitoring: z.strictObject({ enabled: z.boolean().default(true) }).default({ enabled: true }),
    governance: z.strictObject({ level: z.enum(["enforce", "advise"]).optional() }).default({}),
    /** How the machine running `pulumi up` gets Entra ID tokens for the clusters. */
    kubeloginMode: z.enum(["azurecli", "workloadidentity", "msi"]).default("azurecli"),
    tenancy: z
        .strictObject({ namespaceConvention: z.enum(["team", "team-env"]).default("team") })
        .default({ namespaceConvention: "team" }),
});

type EnvironmentInput = z.output<typeof environmentSchema>;

export type NodePoolSpec = NodePoolDefaults;

/** One AKS cluster of the environment, with every default applied. */
export interface ClusterSpec {
    readonly name: string;
    readonly location: string;
    readonly kubernetesVersion?: string;
    readonly skuTier: Profile["cluster"]["skuTier"];
    readonly systemPool: NodePoolSpec;
    readonly userPool: NodePoolSpec;
    readonly upgradeChannel: Profile["cluster"]["upgradeChannel"];
    readonly nodeOsUpgradeChannel: Profile["cluster"]["nodeOsUpgradeChannel"];
    readonly authorizedIpRanges: readonly string[];
    readonly adminGroupObjectIds: readonly string[];
}

export interface RegistrySpec {
    readonly name: string;
    /** `<name>.azurecr.io`: derived from the name, so it is known before the registry exists. */
    readonly loginServer: string;
    readonly location: string;
    readonly sku: Profile["registry"]["sku"];
    readonly replicaLocations: readonly string[];
    readonly publicNetworkAccess: boolean;
    readonly retentionDays: number;
}

/** An environment (one Pulumi stack), validated and with every default applied. */
export interface EnvironmentSpec {
    readonly name: string;
    readonly location: string;
    readonly profile: keyof typeof PROFILES;
    readonly resourceGroupName: string;
    readonly adminGroupObjectIds: readonly string[];
    readonly clusters: readonly ClusterSpec[];
    readonly registry: RegistrySpec;
    readonly monitoring: { readonly enabled: boolean };
    readonly governanceLevel: Profile["governanceLevel"];
    readonly namespaceConvention: "team" | "team-env";
    readonly kubeloginMode: KubeloginMode;
}

/** Config keys that hold objects or lists (stored by Pulumi as JSON); the rest are plain strings. */
const OBJECT_KEYS = new Set(["adminGroupObjectIds", "clusters", "registry", "monitoring", "governance", "tenancy"]);
const KNOWN_KEYS = new Set([...Object.keys(environmentSchema.shape)]);

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
    const file = stackFile?.file ?? `Pulumi.${stack}.yaml`;
    const filePath = (path: KeyPath): KeyPath => ["config", `${CONFIG_NAMESPACE}:${path[0]}`, ...path.slice(1)];
    const displayPath = (path: KeyPath): string => `${CONFIG_NAMESPACE}:${formatKeyPath(path)}`;
    const lineOf = (path: KeyPath) => stackFile?.lineOf(path);
    const problems: Problem[] = [];
    const raw: Record<string, unknown> = { environment: stack };
    for (const [fullKey, text] of Object.entries(config)) {
        const [namespace, key] = fullKey.split(":", 2);
        if (namespace !== CONFIG_NAMESPACE || key === undefined) {
            continue;
        }
        if (!KNOWN_KEYS.has(key)) {
            raw[key] = text; // the strict schema reports it, with a "did you mean"
        } else if (OBJECT_KEYS.has(key)) {
            try {
                raw[key] = JSON.parse(text);
            } catch {
                problems.push({ file, line: lineOf(filePath([key])), path: displayPath([key]), message: `is not an object or list: ${text}` });
            }
        } else {
            raw[key] = text;
        }
    }
    const parsed = validateWith(environmentSchema, raw, { file, lineOf, filePath, displayPath });
    problems.push(...parsed.problems);
    if (!parsed.value) {
        return { problems };
    }
    const crossProblems = crossCheck(parsed.value).map((p) => ({
        file,
        line: lineOf(filePath(p.path)),
        path: displayPath(p.path),
        message: p.message,
        hint: p.hint,
    }));
    problems.push(...crossProblems);
    return problems.length > 0 ? { problems } : { value: resolve(parsed.value), problems };
}

function resolve(input: EnvironmentInput): EnvironmentSpec {
    const profile = PROFILES[input.profile];
    const pool = (given: z.output<typeof poolSchema> | undefined, defaults: NodePoolDefaults): NodePoolSpec => ({
        vmSize: given?.vmSize ?? defaults.vmSize,
        minCount: given?.minCount ?? defaults.minCount,
        maxCount: given?.maxCount ?? defaults.maxCount,
        zones: given?.zones ?? defaults.zones,
    });
    return {
        name: input.environment,
        location: input.location,
        profile: input.profile,
        resourceGroupName: input.resourceGroupName ?? `rg-helm-platform-${input.environment}`,
        adminGroupObjectIds: input.adminGroupObjectIds,
        clusters: input.clusters.map((c) => ({
            name: c.name,
            location: c.location,
            kubernetesVersion: c.kubernetesVersion,
            skuTier: c.skuTier ?? profile.cluster.skuTier,
            systemPool: pool(c.systemPool, profile.cluster.systemPool),
            userPool: pool(c.userPool, profile.cluster.userPool),
            upgradeChannel: c.upgradeChannel ?? profile.cluster.upgradeChannel,
            nodeOsUpgradeChannel: c.nodeOsUpgradeChannel ?? profile.cluster.nodeOsUpgradeChannel,
            authorizedIpRanges: c.authorizedIpRanges ?? [],
            adminGroupObjectIds: input.adminGroupObjectIds,
        })),
        registry: {
            name: input.registry.name,
            loginServer: `${input.registry.name.toLowerCase()}.azurecr.io`,
            location: input.location,
            sku: input.registry.sku ?? profile.registry.sku,
            replicaLocations: input.registry.replicaLocations,
            publicNetworkAccess: input.registry.publicNetworkAccess,
            retentionDays: profile.registry.retentionDays,
        },
        monitoring: input.monitoring,
        governanceLevel: input.governance.level ?? profile.governanceLevel,
        namespaceConvention: input.tenancy.namespaceConvention,
        kubeloginMode: input.kubeloginMode,
    };
}

interface CrossProblem {
    readonly path: KeyPath;
    readonly message: string;
    readonly hint?: string;
}

/** Rules that involve more than one field, checked once the shape is right. */
function crossCheck(input: EnvironmentInput): CrossProblem[] {
    const problems: CrossProblem[] = [];
    const profile = PROFILES[input.profile];
    const seen = new Map<string, number>();
    input.clusters.forEach((cluster, i) => {
        const first = seen.get(cluster.name);
        if (first !== undefined) {
            problems.push({ path: ["clusters", i, "name"], message: `duplicate cluster name "${cluster.name}" (also clusters[${first}])`, hint: "give every cluster a unique name" });
        }
        seen.set(cluster.name, i);
        for (const poolName of ["systemPool", "userPool"] as const) {
            const min = cluster[poolName]?.minCount ?? profile.cluster[poolName].minCount;
            const max = cluster[poolName]?.maxCount ?? profile.cluster[poolName].maxCount;
            if (min > max) {
                problems.push({ path: ["clusters", i, poolName, "minCount"], message: `minCount ${min} is greater than maxCount ${max}`, hint: "make minCount <= maxCount" });
            }
        }
    });
    const sku = input.registry.sku ?? profile.registry.sku;
    if (input.registry.replicaLocations.length > 0 && sku !== "Premium") {
        problems.push({ path: ["registry", "replicaLocations"], message: `geo-replication needs the Premium SKU, the registry is ${sku}`, hint: "set registry.sku: Premium or remove replicaLocations" });
    }
    input.registry.replicaLocations.forEach((location, i) => {
        if (location === input.location) {
            problems.push({ path: ["registry", "replicaLocations", i], message: `"${location}" is the registry's home region`, hint: "list only other regions" });
        }
    });
    return problems;
}
