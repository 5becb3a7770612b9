import { z } from "zod";
import {
    DEFAULT_KUBELOGIN_MODE,
    DRIFT_MODES,
    GOVERNANCE_LEVELS,
    KUBELOGIN_MODES,
    MONITORING_VIEWS,
    NAMESPACE_CONVENTIONS,
    PROFILE_NAMES,
} from "../model/environment";
import { RULE_IDS } from "../model/governance";
import { STACK_LAYOUTS } from "../model/stack";
import { clusterSchema, regionSchema } from "./cluster";
import { nameSchema, objectIdSchema, secretNameSchema, slackChannelSchema } from "./names";
import { registrySchema } from "./registry";
import { domainSchema, limitsSchema, quotaSchema } from "./tenancy";

/**
 * The `helm-platform:*` settings of a stack (`Pulumi.yaml` declares none: docs/configuration.md).
 * Each `.describe()` is the setting's entry in docs/reference/stack-settings.md (`npm run docs`).
 */
export const stackSettingsSchema = z.strictObject({
    environment: nameSchema(12).describe("The environment's name. Omitted: the stack's name (a shard's: its environment's)."),
    location: regionSchema.describe("Azure region of the resource group and the registry."),
    layout: z
        .enum(STACK_LAYOUTS)
        .default("single")
        .describe(
            "`single`: the environment is one stack; `sharded`: a foundation stack (named after the environment) holds the platform, " +
                "and each shard's stack (`<environment>.<shard>`) holds its teams (docs/sharding.md).",
        ),
    shards: z
        .record(nameSchema(20).meta({ title: "shard" }), z.array(nameSchema(30)).min(1))
        .optional()
        .describe("With `layout: sharded`: shard name → its teams. Every team that runs here is in exactly one shard."),
    profile: z
        .enum(PROFILE_NAMES)
        .default("development")
        .describe(
            "Tier of defaults for clusters, registry and governance: every such setting not given here comes from it (Profiles, below).",
        ),
    resourceGroupName: z
        .string()
        .regex(/^[-\w.()]{1,90}$/)
        .optional()
        .describe("The resource group of the environment's registry and clusters. Omitted: `rg-helm-platform-<environment>`."),
    adminGroupObjectIds: z
        .array(objectIdSchema)
        .min(1)
        .describe("Entra ID groups that administer every cluster of the environment (AKS RBAC cluster admin)."),
    clusters: z.array(clusterSchema).min(1).describe("One entry per cluster."),
    registry: registrySchema.describe("The environment's Azure Container Registry, the private OCI chart registry."),
    logAnalyticsWorkspaceId: z
        .string()
        .regex(/^\/subscriptions\/.+\/providers\/Microsoft\.OperationalInsights\/workspaces\/[^/]+$/i, {
            message: "must be a Log Analytics workspace resource ID",
        })
        .optional()
        .describe("An existing Log Analytics workspace: turns on Container Insights and Defender for Containers on every cluster."),
    protect: z
        .boolean()
        .optional()
        .describe("Pulumi `protect` on the resource group, registry, clusters and their identities. Omitted: the profile decides."),
    grantDeployerClusterAdmin: z
        .boolean()
        .default(true)
        .describe("Give the identity running `pulumi up` AKS RBAC Cluster Admin on the clusters it creates."),
    monitoring: z
        .strictObject({
            enabled: z.boolean().default(true).describe("Prometheus, Alertmanager and Grafana on every cluster (docs/monitoring.md)."),
            slack: z
                .strictObject({
                    channel: slackChannelSchema.describe("The platform's Slack channel, such as `#platform-alerts`."),
                    webhookSecret: secretNameSchema.describe("Name under `helm-platform:secrets.platform` of the channel's webhook URL."),
                })
                .optional()
                .describe("Platform Slack channel for every alert; the webhook URL is a secret under `helm-platform:secrets.platform`."),
            grafanaAdminPasswordSecret: secretNameSchema
                .default("grafana-admin-password")
                .describe("Name under `helm-platform:secrets.platform` of Grafana's admin password."),
            view: z
                .enum(MONITORING_VIEWS)
                .default("environment")
                .describe(
                    "`environment`: the first cluster's Grafana and Prometheus also see every other cluster of the environment " +
                        "(needs network reach between the clusters); `cluster`: each cluster on its own.",
                ),
        })
        .prefault({})
        .describe("The monitoring charts on every cluster."),
    governance: z
        .strictObject({
            level: z
                .enum(GOVERNANCE_LEVELS)
                .optional()
                .describe("`enforce`: findings are errors; `advise`: warnings. Omitted: the profile's."),
            rules: z
                .partialRecord(
                    z.enum(RULE_IDS).meta({ title: "rule" }),
                    z.strictObject({
                        enabled: z.boolean().describe("Whether the rule applies in this environment."),
                        reason: z
                            .string()
                            .min(10, { message: "must say why, in at least 10 characters" })
                            .optional()
                            .describe("Why; required to switch a rule off, and recorded in the plan."),
                    }),
                )
                .default({})
                .describe("Switch single rules on or off in this environment (docs/governance.md); switching one off needs a reason."),
        })
        .prefault({})
        .describe("Governance rules and how much their findings weigh. Omitted: the profile's."),
    charts: z
        .strictObject({
            keyring: z
                .string()
                .min(1)
                .optional()
                .describe("Public keyring `helm install --verify` checks chart signatures against; required by the production profile."),
        })
        .default({})
        .describe("Chart provenance."),
    promotion: z
        .strictObject({ from: nameSchema(12).describe("The environment this one's versions are promoted from.") })
        .optional()
        .describe("The promotion gate (`promotion-gate` rule)."),
    secrets: z
        .record(nameSchema(30).meta({ title: "owner" }), z.record(secretNameSchema.meta({ title: "name" }), z.string()))
        .default({})
        .describe(
            "Secrets by owner, `<owner>.<name>`: `platform` (webhooks, Grafana) or a team that runs here, whose values files reference them " +
                "as `!secret <name>` and can reach no other owner's. Every entry is `secure:`, set with " +
                "`pulumi config set --secret --path 'helm-platform:secrets.<owner>.<name>' <value>`.",
        ),
    kubeloginMode: z
        .enum(KUBELOGIN_MODES)
        .default(DEFAULT_KUBELOGIN_MODE)
        .describe("How the machine running `pulumi up` gets Entra ID tokens for the clusters (docs/deploying.md)."),
    drift: z
        .strictObject({
            mode: z
                .enum(DRIFT_MODES)
                .default("report")
                .describe("What the drift job does about releases changed out of band: `report` them, or also `correct` (re-apply) them."),
        })
        .prefault({})
        .describe("The daily live-drift job."),
    bootstrap: z
        .boolean()
        .default(false)
        .describe("First `up`: group, registry, clusters and policies; no team, no chart (docs/first-deployment.md)."),
    tenancy: z
        .strictObject({
            namespaceConvention: z
                .enum(NAMESPACE_CONVENTIONS)
                .default("team")
                .describe("A team's namespace: `team` (`<team>`) or `team-env` (`<team>-<environment>`)."),
            quota: quotaSchema.optional().describe("Environment layer of every team's ResourceQuota."),
            limits: limitsSchema.optional().describe("Environment layer of every team's LimitRange defaults."),
            ingressNamespace: nameSchema(63)
                .optional()
                .describe("Namespace of the ingress controller, allowed to reach team pods; reserved for the platform."),
            reservedNamespaces: z
                .array(nameSchema(63))
                .default([])
                .describe("Further namespaces no team may claim, besides the platform's and Kubernetes' own."),
            ingressDomains: z
                .array(domainSchema)
                .optional()
                .describe(
                    "Domains under which the platform allows teams Ingress domains (each allowance's `ingressDomains` lies under one); " +
                        "required by the production profile. Omitted: any domain no other team holds.",
                ),
            podSecurityWaivers: z.unknown().optional().meta({
                deprecated: true,
                description: "Refused: moved to `allowances/<team>.yaml` (`podSecurity: <level>`); kept only to say so.",
            }),
        })
        .prefault({})
        .describe("What every team's namespace gets in this environment (docs/tenancy.md)."),
});
