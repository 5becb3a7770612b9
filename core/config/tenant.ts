import { z } from "zod";
import { githubTeamSlugSchema, nameSchema, objectIdSchema, secretNameSchema, slackChannelSchema } from "./names";
import { egressRuleSchema, exposureSchema, ingressRuleSchema, limitsSchema, podSecurityOverrideSchema, quotaSchema } from "./tenancy";
import { exactVersionSchema } from "./versions";

const appSchema = z.strictObject({
    /**
     * The team's own chart by name (`oci://<registry>/helm-charts/<team>/<chart>`), or another team's as
     * `<team>/<chart>`, which the team's allowance must list (`charts:`).
     */
    chart: z
        .string()
        .max(94, { message: "must be at most 94 characters" })
        .regex(/^([a-z]([-a-z0-9]*[a-z0-9])?\/)?[a-z]([-a-z0-9]*[a-z0-9])?$/, {
            message: "must be a chart name, or <team>/<chart> for another team's chart (lowercase letters, digits and '-')",
        }),
    /** Exact chart version per environment; an environment without a version does not run the app. */
    versions: z.record(z.string(), exactVersionSchema),
    /** Clusters per environment; omitted: every cluster of the environment. */
    clusters: z.record(z.string(), z.array(z.string()).min(1)).optional(),
    description: z.string().optional(),
    /** Why this app skips the promotion gate (for example a hotfix line); a reason is required. */
    promotionExemption: z.string().min(10, { message: "must say why, in at least 10 characters" }).optional(),
    /** Opt in to scraping: a ServiceMonitor for the release's Service port. */
    metrics: z
        .strictObject({
            /** The Service port's name, and its container port's: the namespace's NetworkPolicy admits Prometheus on that name. */
            port: z.string().regex(/^(?=.*[a-z])(?!.*--)[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?$/, {
                message:
                    "must be a port name (1-15 lowercase letters, digits and '-', with a letter) shared by the Service port and the container port: Prometheus is admitted on that container port only",
            }),
            path: z.string().startsWith("/").default("/metrics"),
            interval: z
                .string()
                .regex(/^\d+[sm]$/)
                .default("30s"),
        })
        .optional(),
    /** Releases this one waits for on the same cluster: `<app>` of the same team or `<team>/<app>`. */
    needs: z.array(z.string().regex(/^([a-z][-a-z0-9]*\/)?[a-z][-a-z0-9]*$/, { message: "must be <app> or <team>/<app>" })).default([]),
    /** Overrides of the environment's upgrade policy for this app. */
    upgrade: z
        .strictObject({
            atomic: z.boolean().optional(),
            timeoutSeconds: z.int().min(30).max(3600).optional(),
            maxHistory: z.int().min(1).max(100).optional(),
        })
        .optional(),
});

/** One team's file: `tenants/<team>.yaml`. Onboarding a team is adding one such file. */
export const tenantSchema = z.strictObject({
    team: nameSchema(30),
    description: z.string().optional(),
    /** Namespace override; by default the environment's namespace convention applies. */
    namespace: nameSchema(63).optional(),
    groups: z.strictObject({
        /** Entra ID groups that deploy and operate the team's workloads. */
        owners: z.array(objectIdSchema).min(1),
        /** Entra ID groups with read-only access to the team's namespace. */
        viewers: z.array(objectIdSchema).default([]),
    }),
    /** The team's GitHub team (its slug): owns `tenants/<team>/` in CODEOWNERS; the guards create it. @default the team's name */
    githubTeam: githubTeamSlugSchema.optional(),
    /** Environments the team runs in. */
    environments: z.array(z.string()).min(1),
    /** Overrides of the environment's ResourceQuota (`hard`) for this team. */
    quota: quotaSchema.optional(),
    /** Overrides of the environment's LimitRange defaults for this team. */
    limits: limitsSchema.optional(),
    /**
     * A request for a Pod Security level other than the environment's, with the reason. Granted as asked
     * where the profile lets teams decide (development); elsewhere only a stack waiver grants it.
     */
    podSecurity: podSecurityOverrideSchema.optional(),
    network: z
        .strictObject({
            /** Egress beyond the namespace, DNS and the platform, each allowance explained. */
            egress: z.array(egressRuleSchema).default([]),
            /** Other teams whose pods may reach this team's pods. */
            ingress: z.array(ingressRuleSchema).default([]),
        })
        .optional(),
    /** Service types beyond ClusterIP and Ingress domains the team may use. */
    exposure: exposureSchema.optional(),
    /** Where the team's alerts go, besides the platform channel. */
    alerts: z
        .strictObject({
            slackChannel: slackChannelSchema,
            /** Name under `helm-platform:secrets.<team>` of a webhook for this channel; default: the platform's. */
            webhookSecret: secretNameSchema.optional(),
        })
        .optional(),
    /**
     * The team's CI, bound to the namespace's operator role on every cluster: an Entra identity this
     * platform creates for GitHub Actions OIDC (`github`), or an existing one (`objectId`).
     */
    deployer: z
        .strictObject({
            github: z
                .strictObject({
                    /** `<owner>/<repository>` whose workflows may sign in. */
                    repository: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, { message: "must be <owner>/<repository>" }),
                    /** GitHub environment of the deploying job. @default the platform environment's name */
                    environment: z
                        .string()
                        .regex(/^[A-Za-z0-9_.-]+$/)
                        .optional(),
                })
                .optional(),
            objectId: objectIdSchema.optional(),
            /** Refused: long-lived ServiceAccount tokens; kept in the schema to say so clearly. */
            serviceAccount: z.unknown().optional(),
        })
        .optional(),
    apps: z.record(nameSchema(40), appSchema).default({}),
});

export type TenantInput = z.output<typeof tenantSchema>;
export type AppInput = z.output<typeof appSchema>;
