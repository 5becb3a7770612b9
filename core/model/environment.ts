/**
 * An environment (one Pulumi stack) as validated data, and every enumeration its settings use: each
 * list is declared here once, and the schemas in `config/` and the types below are derived from it.
 */
import type { RuleId, Waiver } from "./governance";
import type { StackLayout } from "./stack";

export const PROFILE_NAMES = ["development", "production"] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

export const CLUSTER_SKU_TIERS = ["Free", "Standard", "Premium"] as const;
export const UPGRADE_CHANNELS = ["none", "patch", "stable", "rapid", "node-image"] as const;
export const NODE_OS_UPGRADE_CHANNELS = ["None", "Unmanaged", "NodeImage", "SecurityPatch"] as const;
export const DAYS_OF_WEEK = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;
export const AVAILABILITY_ZONES = ["1", "2", "3"] as const;
export const NETWORK_PLUGINS = ["azure", "kubenet", "none"] as const;
export const NETWORK_PLUGIN_MODES = ["overlay", "none"] as const;
export const NETWORK_DATAPLANES = ["azure", "cilium"] as const;
export const NETWORK_POLICIES = ["cilium", "azure", "calico", "none"] as const;
export const REGISTRY_SKUS = ["Basic", "Standard", "Premium"] as const;
/** `enforce`: governance findings are errors that stop the deployment; `advise`: warnings. */
export const GOVERNANCE_LEVELS = ["enforce", "advise"] as const;
/** Pod Security Standards levels, from the least to the most restrictive. */
export const POD_SECURITY_LEVELS = ["privileged", "baseline", "restricted"] as const;
/** How the machine running `pulumi up` gets Entra ID tokens for the clusters (kubelogin's `--login`). */
export const KUBELOGIN_MODES = ["azurecli", "workloadidentity", "msi"] as const;
/** The Azure CLI's login: what a workstation has, and CI after `azure/login`. */
export const DEFAULT_KUBELOGIN_MODE: KubeloginMode = "azurecli";
/** `environment`: the first cluster also sees every other one; `cluster`: each cluster on its own. */
export const MONITORING_VIEWS = ["environment", "cluster"] as const;
/** A team's namespace: `<team>` or `<team>-<environment>`. */
export const NAMESPACE_CONVENTIONS = ["team", "team-env"] as const;
/**
 * What the daily drift job does about releases whose values or chart version were changed out of band:
 * `report` them in the drift issue, or also `correct` them (re-apply exactly those releases from main).
 */
export const DRIFT_MODES = ["report", "correct"] as const;
/** Service types beyond ClusterIP that a team may create. */
export const EXPOSED_SERVICE_TYPES = ["NodePort", "LoadBalancer", "ExternalName"] as const;
/** The protocols a network allowance may open a port for. */
export const PORT_PROTOCOLS = ["TCP", "UDP"] as const;

export type PodSecurityLevel = (typeof POD_SECURITY_LEVELS)[number];
export type KubeloginMode = (typeof KUBELOGIN_MODES)[number];
export type GovernanceLevel = (typeof GOVERNANCE_LEVELS)[number];
export type ExposedServiceType = (typeof EXPOSED_SERVICE_TYPES)[number];
export type DriftMode = (typeof DRIFT_MODES)[number];
export type PortProtocol = (typeof PORT_PROTOCOLS)[number];

export interface NodePoolDefaults {
    readonly vmSize: string;
    readonly minCount: number;
    readonly maxCount: number;
    /** Availability zones; empty means regional (no zone pinning). */
    readonly zones: readonly string[];
}

/** A weekly window in which AKS may upgrade the cluster and its node images. */
export interface MaintenanceWindow {
    readonly dayOfWeek: (typeof DAYS_OF_WEEK)[number];
    /** `HH:MM`, in `utcOffset`. */
    readonly startTime: string;
    /** AKS requires at least 4 hours. */
    readonly durationHours: number;
    /** `+HH:MM` or `-HH:MM`. */
    readonly utcOffset: string;
}

export interface UpgradePolicy {
    /** Roll back a failed install or upgrade (and remove what it created). */
    readonly atomic: boolean;
    /** Seconds Helm waits for the release's resources to become ready. */
    readonly timeoutSeconds: number;
    /** Revisions kept; each is a Secret in the namespace. */
    readonly maxHistory: number;
}

/** A named tier of defaults (`helm-platform:profile`); the values are in `config/profiles.ts`. */
export interface Profile {
    readonly cluster: {
        /** `Free` has no uptime SLA; `Standard` is the financially backed SLA production needs. */
        readonly skuTier: (typeof CLUSTER_SKU_TIERS)[number];
        readonly systemPool: NodePoolDefaults;
        readonly userPool: NodePoolDefaults;
        readonly upgradeChannel: (typeof UPGRADE_CHANNELS)[number];
        readonly nodeOsUpgradeChannel: (typeof NODE_OS_UPGRADE_CHANNELS)[number];
        /** Azure Policy add-on (Gatekeeper) with the built-in AKS policies. */
        readonly azurePolicy: boolean;
        readonly maintenance: MaintenanceWindow;
    };
    readonly registry: {
        readonly sku: (typeof REGISTRY_SKUS)[number];
        readonly retentionDays: number;
    };
    readonly governanceLevel: GovernanceLevel;
    /** Pulumi `protect` on clusters, the registry and resource groups: `pulumi destroy` refuses them. */
    readonly protect: boolean;
    /**
     * Pulumi `retainOnDelete` on tenant namespaces: removing a team, or renaming its namespace, leaves
     * the namespace and everything in it on the cluster instead of deleting it.
     */
    readonly retainTenantNamespaces: boolean;
    /**
     * `azurekeyvault`: the stack must encrypt its secrets with an Azure Key Vault key (who can decrypt is
     * then an Entra decision); `any`: whatever the stack file names, a passphrase included.
     */
    readonly secretsProvider: "azurekeyvault" | "any";
    /**
     * Pod Security Admission levels of tenant namespaces: `enforce` rejects pods, `warn` tells the
     * deployer, `audit` records.
     * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/
     */
    readonly podSecurity: { readonly enforce: PodSecurityLevel; readonly warn: PodSecurityLevel; readonly audit: PodSecurityLevel };
    /** Whether the environment must name the domains teams' Ingresses live under (`helm-platform:tenancy.ingressDomains`). */
    readonly ingressDomainsRequired: boolean;
    /** How Helm upgrades releases; an app may override each field. */
    readonly upgrade: UpgradePolicy;
    /** Governance rules evaluated unless the stack switches one off (with a reason). */
    readonly governanceRules: readonly RuleId[];
    /**
     * `required`: every release verifies its chart's provenance (`helm install --verify`) and a keyring
     * must be configured; `optional`: verified when a keyring is configured, a warning otherwise.
     */
    readonly chartVerification: "required" | "optional";
    /**
     * `required`: every chart version a release installs has its digest in `charts.lock.yaml` (written by
     * `npm run lock`), and a release without one is a configuration error; `optional`: releases are
     * pinned to the digests the lock has, the others install by version.
     */
    readonly chartLock: "required" | "optional";
    /**
     * `mirror`: the platform's own charts (monitoring) install from the environment's registry, under
     * `helm-charts/platform/`, where `npm run publish-charts` mirrors them, so nothing is pulled from the
     * internet at deploy time; `upstream`: from their public chart repositories.
     */
    readonly platformCharts: "mirror" | "upstream";
}

/** A cluster's own address ranges: tenant egress may never reach them. */
export interface AddressRanges {
    readonly podCidr: string;
    readonly serviceCidr: string;
    /**
     * The virtual network the nodes sit in (node subnet, internal load balancers, private endpoints):
     * AKS's managed network `10.224.0.0/12` unless the cluster says otherwise.
     */
    readonly vnetCidrs: readonly string[];
}

export interface NetworkSpec extends AddressRanges {
    readonly plugin: (typeof NETWORK_PLUGINS)[number];
    readonly pluginMode: (typeof NETWORK_PLUGIN_MODES)[number];
    readonly dataplane: (typeof NETWORK_DATAPLANES)[number];
    readonly policy: (typeof NETWORK_POLICIES)[number];
    readonly dnsServiceIp: string;
}

/** An AKS cluster this stack creates, with every default applied. */
export interface ManagedClusterSpec {
    readonly kind: "managed";
    readonly name: string;
    readonly location: string;
    readonly kubernetesVersion?: string;
    readonly skuTier: Profile["cluster"]["skuTier"];
    readonly systemPool: NodePoolDefaults;
    readonly userPool: NodePoolDefaults;
    readonly upgradeChannel: Profile["cluster"]["upgradeChannel"];
    readonly nodeOsUpgradeChannel: Profile["cluster"]["nodeOsUpgradeChannel"];
    readonly network: NetworkSpec;
    readonly oidcIssuer: boolean;
    readonly workloadIdentity: boolean;
    readonly privateCluster: boolean;
    readonly authorizedIpRanges: readonly string[];
    readonly azurePolicy: boolean;
    readonly imageCleaner: boolean;
    readonly maintenance: MaintenanceWindow;
    readonly adminGroupObjectIds: readonly string[];
    /** Log Analytics workspace for Container Insights and Defender; none: both off. */
    readonly logAnalyticsWorkspaceId?: string;
}

/** A cluster the stack deploys to but does not manage. */
export interface ExistingClusterSpec {
    readonly kind: "existing";
    readonly name: string;
    readonly aks?: { readonly name: string; readonly resourceGroupName: string };
    readonly kubeconfigContext?: string;
    readonly network: AddressRanges;
}

export type ClusterSpec = ManagedClusterSpec | ExistingClusterSpec;

export interface RegistrySpec {
    readonly name: string;
    /** `<name>.azurecr.io`: derived from the name, so it is known before the registry exists. */
    readonly loginServer: string;
    readonly location: string;
    readonly sku: Profile["registry"]["sku"];
    readonly replicaLocations: readonly string[];
    readonly publicNetworkAccess: boolean;
    readonly retentionDays: number;
    /** Entra object IDs that publish the platform's own charts, under `helm-charts/platform/` only. */
    readonly platformPublishers: readonly string[];
    readonly privateEndpoint?: { readonly subnetId: string; readonly privateDnsZoneId?: string };
}

/** ResourceQuota `hard`, by resource name. */
export type QuotaSpec = Readonly<Record<string, string>>;

export interface LimitsSpec {
    readonly defaultRequest: { readonly cpu?: string; readonly memory?: string };
    readonly default: { readonly cpu?: string; readonly memory?: string };
}

/** One layer (environment or team) of a LimitRange's defaults: any field may be left to the layer below. */
export interface LimitsLayer {
    readonly defaultRequest?: LimitsSpec["defaultRequest"];
    readonly default?: LimitsSpec["default"];
}

/** An environment (one Pulumi stack, or a foundation and shards), validated and with every default applied. */
export interface EnvironmentSpec {
    readonly name: string;
    /** One stack, or a foundation stack and tenant shard stacks. */
    readonly layout: StackLayout;
    /** Shard name → the teams it holds (sharded layout only; every team running here is in exactly one). */
    readonly shards: Readonly<Record<string, readonly string[]>>;
    readonly location: string;
    readonly profile: ProfileName;
    readonly resourceGroupName: string;
    readonly adminGroupObjectIds: readonly string[];
    readonly clusters: readonly ClusterSpec[];
    readonly registry: RegistrySpec;
    readonly monitoring: {
        readonly enabled: boolean;
        readonly slack?: { readonly channel: string; readonly webhookSecret: string };
        readonly grafanaAdminPasswordSecret: string;
        readonly view: (typeof MONITORING_VIEWS)[number];
    };
    readonly governanceLevel: GovernanceLevel;
    /** Rules evaluated here, and the ones switched off with their reasons. */
    readonly governance: { readonly enabled: readonly RuleId[]; readonly waivers: readonly Waiver[] };
    readonly promotionFrom?: string;
    /**
     * When `keyring` is set, every release verifies its chart against it (a path on the deploying machine);
     * `lock` and `platformCharts` are the profile's (see {@link Profile}).
     */
    readonly charts: {
        readonly keyring?: string;
        readonly lock: Profile["chartLock"];
        readonly platformCharts: Profile["platformCharts"];
    };
    readonly namespaceConvention: (typeof NAMESPACE_CONVENTIONS)[number];
    /** Environment layer of quotas and limit ranges (validated; layered per team later), and the tenancy rules. */
    readonly tenancy: {
        readonly quota?: QuotaSpec;
        readonly limits?: LimitsLayer;
        readonly ingressNamespace?: string;
        readonly reservedNamespaces: readonly string[];
        readonly ingressDomains?: readonly string[];
    };
    readonly podSecurity: Profile["podSecurity"];
    readonly upgrade: Profile["upgrade"];
    /** Owner (`platform` or a team) → names of its configured secrets; the values stay in Pulumi config, as secrets. */
    readonly secrets: Readonly<Record<string, readonly string[]>>;
    readonly kubeloginMode: KubeloginMode;
    readonly protect: boolean;
    /** `retainOnDelete` on tenant namespaces (see the profile). */
    readonly retainTenantNamespaces: boolean;
    readonly secretsProvider: Profile["secretsProvider"];
    readonly grantDeployerClusterAdmin: boolean;
    /** How the drift job handles drifted releases (`helm-platform:drift.mode`). */
    readonly drift: { readonly mode: DriftMode };
    /** The first `up` (`helm-platform:bootstrap`): the platform's Azure and cluster resources only, no team, no chart. */
    readonly bootstrap: boolean;
}
