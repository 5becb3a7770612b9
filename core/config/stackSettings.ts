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

/** The `helm-platform:*` settings of a stack: `Pulumi.yaml` declares the required ones and those with fixed defaults. */
export const stackSettingsSchema = z.strictObject({
    environment: nameSchema(12),
    location: regionSchema,
    /**
     * `single`: the environment is one stack; `sharded`: a foundation stack (named after the environment)
     * holds the platform, and each shard's stack (`<environment>.<shard>`) holds its teams.
     */
    layout: z.enum(STACK_LAYOUTS).default("single"),
    /** With `layout: sharded`: shard name → its teams. Every team that runs here is in exactly one shard. */
    shards: z.record(nameSchema(20), z.array(nameSchema(30)).min(1)).optional(),
    profile: z.enum(PROFILE_NAMES).default("development"),
    resourceGroupName: z
        .string()
        .regex(/^[-\w.()]{1,90}$/)
        .optional(),
    /** Entra ID groups that administer every cluster of the environment (AKS RBAC cluster admin). */
    adminGroupObjectIds: z.array(objectIdSchema).min(1),
    clusters: z.array(clusterSchema).min(1),
    registry: registrySchema,
    /** An existing Log Analytics workspace: Container Insights and Defender for Containers. */
    logAnalyticsWorkspaceId: z
        .string()
        .regex(/^\/subscriptions\/.+\/providers\/Microsoft\.OperationalInsights\/workspaces\/[^/]+$/i, {
            message: "must be a Log Analytics workspace resource ID",
        })
        .optional(),
    /** `protect` clusters, registry and resource group; omitted: the profile decides. */
    protect: z.boolean().optional(),
    /** Give the identity running `pulumi up` AKS RBAC Cluster Admin on the clusters it creates. */
    grantDeployerClusterAdmin: z.boolean().default(true),
    monitoring: z
        .strictObject({
            enabled: z.boolean().default(true),
            /** Platform Slack channel for every alert; the webhook URL is a secret under `helm-platform:secrets.platform`. */
            slack: z.strictObject({ channel: slackChannelSchema, webhookSecret: secretNameSchema }).optional(),
            /** Name under `helm-platform:secrets.platform` of Grafana's admin password. */
            grafanaAdminPasswordSecret: secretNameSchema.default("grafana-admin-password"),
            /**
             * `environment`: the first cluster's Grafana and Prometheus also see every other cluster of the
             * environment (needs network reach between the clusters); `cluster`: each cluster on its own.
             */
            view: z.enum(MONITORING_VIEWS).default("environment"),
        })
        .prefault({}),
    governance: z
        .strictObject({
            level: z.enum(GOVERNANCE_LEVELS).optional(),
            /** Switch single rules on or off in this environment; switching one off needs a reason. */
            rules: z
                .partialRecord(
                    z.enum(RULE_IDS),
                    z.strictObject({
                        enabled: z.boolean(),
                        reason: z.string().min(10, { message: "must say why, in at least 10 characters" }).optional(),
                    }),
                )
                .default({}),
        })
        .prefault({}),
    /** Chart provenance: the public keyring `helm install --verify` checks signatures against. */
    charts: z.strictObject({ keyring: z.string().min(1).optional() }).default({}),
    /** The environment whose versions this one is promoted from (the promotion gate). */
    promotion: z.strictObject({ from: nameSchema(12) }).optional(),
    /**
     * Secrets by owner: `platform` (webhooks, Grafana) or a team, whose values files reference them as
     * `!secret <name>` and can reach no other owner's. Set each with
     * `pulumi config set --secret --path 'helm-platform:secrets.<owner>.<name>' <value>`.
     */
    secrets: z.record(nameSchema(30), z.record(secretNameSchema, z.string())).default({}),
    /** How the machine running `pulumi up` gets Entra ID tokens for the clusters. */
    kubeloginMode: z.enum(KUBELOGIN_MODES).default(DEFAULT_KUBELOGIN_MODE),
    /** What the drift job does about releases changed out of band: `report` them, or also `correct` (re-apply) them. */
    drift: z.strictObject({ mode: z.enum(DRIFT_MODES).default("report") }).prefault({}),
    /** First `up`: group, registry, clusters and policies; no team, no chart (docs/first-deployment.md). */
    bootstrap: z.boolean().default(false),
    tenancy: z
        .strictObject({
            namespaceConvention: z.enum(NAMESPACE_CONVENTIONS).default("team"),
            /** Environment layer of every team's ResourceQuota. */
            quota: quotaSchema.optional(),
            /** Environment layer of every team's LimitRange defaults. */
            limits: limitsSchema.optional(),
            /** Namespace of the ingress controller, allowed to reach team pods; reserved for the platform. */
            ingressNamespace: nameSchema(63).optional(),
            /** Further namespaces no team may claim, besides the platform's and Kubernetes' own. @default [] */
            reservedNamespaces: z.array(nameSchema(63)).default([]),
            /**
             * Domains under which the platform allows teams Ingress domains (each allowance's `ingressDomains`
             * lies under one); required by the production profile. @default any domain no other team holds
             */
            ingressDomains: z.array(domainSchema).optional(),
            /** Moved to `allowances/<team>.yaml` (`podSecurity: <level>`); kept only to say so. */
            podSecurityWaivers: z.unknown().optional(),
        })
        .prefault({}),
});
