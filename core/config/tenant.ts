import { z } from "zod";
import { githubTeamSlugSchema, nameSchema, objectIdSchema, secretNameSchema, slackChannelSchema } from "./names";
import { egressRuleSchema, exposureSchema, ingressRuleSchema, limitsSchema, podSecurityOverrideSchema, quotaSchema } from "./tenancy";
import { exactVersionSchema } from "./versions";

const appSchema = z.strictObject({
    chart: z
        .string()
        .max(94, { message: "must be at most 94 characters" })
        .regex(/^([a-z]([-a-z0-9]*[a-z0-9])?\/)?[a-z]([-a-z0-9]*[a-z0-9])?$/, {
            message: "must be a chart name, or <team>/<chart> for another team's chart (lowercase letters, digits and '-')",
        })
        .describe(
            "The team's own chart by name (`oci://<registry>/helm-charts/<team>/<chart>`), or another team's as `<team>/<chart>`, " +
                "which the team's allowance must list (`charts:`).",
        ),
    versions: z
        .record(z.string().meta({ title: "environment" }), exactVersionSchema)
        .describe("Exact chart version per environment (`1.4.2`, never a range); an environment without a version does not run the app."),
    clusters: z
        .record(z.string().meta({ title: "environment" }), z.array(z.string()).min(1))
        .optional()
        .describe(
            "Clusters per environment, to restrict the app to some clusters of an environment. Omitted: every cluster of the environment.",
        ),
    description: z.string().optional().describe("What the app is, for readers."),
    promotionExemption: z
        .string()
        .min(10, { message: "must say why, in at least 10 characters" })
        .optional()
        .describe("Why this app skips the promotion gate (for example a hotfix line); a reason is required."),
    metrics: z
        .strictObject({
            port: z
                .string()
                .regex(/^(?=.*[a-z])(?!.*--)[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?$/, {
                    message:
                        "must be a port name (1-15 lowercase letters, digits and '-', with a letter) shared by the Service port and the container port: Prometheus is admitted on that container port only",
                })
                .describe(
                    "The Service port's name, and its container port's: the namespace's NetworkPolicy admits Prometheus on that name.",
                ),
            path: z.string().startsWith("/").default("/metrics").describe("The HTTP path Prometheus scrapes."),
            interval: z
                .string()
                .regex(/^\d+[sm]$/)
                .default("30s")
                .describe("How often Prometheus scrapes, such as `30s` or `1m`."),
        })
        .optional()
        .describe("Opt in to scraping: a ServiceMonitor in the team's namespace for the release's Services."),
    needs: z
        .array(z.string().regex(/^([a-z][-a-z0-9]*\/)?[a-z][-a-z0-9]*$/, { message: "must be <app> or <team>/<app>" }))
        .default([])
        .describe(
            "Releases this one waits for on the same cluster (a database before its app): `<app>` of the same team or `<team>/<app>`; " +
                "unknown needs, cycles and needs that do not run on the cluster are errors.",
        ),
    upgrade: z
        .strictObject({
            atomic: z.boolean().optional().describe("Roll a failed upgrade back. Omitted: the profile's (on in production)."),
            timeoutSeconds: z
                .int()
                .min(30)
                .max(3600)
                .optional()
                .describe("Helm's timeout. Omitted: the profile's (300 s, 600 s in production)."),
            maxHistory: z.int().min(1).max(100).optional().describe("Revisions Helm keeps. Omitted: the profile's (5, 10 in production)."),
        })
        .optional()
        .describe("Overrides of the environment's upgrade policy for this app."),
});

/**
 * One team's file: `tenants/<team>.yaml`. Onboarding a team is adding one such file. Each `.describe()` is
 * the key's entry in docs/reference/tenant-file.md (`npm run docs`).
 */
export const tenantSchema = z.strictObject({
    team: nameSchema(30).describe(
        "The team's name, which the file is named after: lowercase letters, digits and '-'; at most 30 characters; not `platform`.",
    ),
    description: z.string().optional().describe("What the team does, for readers."),
    namespace: nameSchema(63)
        .optional()
        .describe(
            "Namespace override, which the team's allowance must grant. Omitted: the environment's namespace convention (`<team>` or `<team>-<environment>`).",
        ),
    groups: z
        .strictObject({
            owners: z
                .array(objectIdSchema)
                .min(1)
                .describe("Entra ID group object IDs that deploy and operate the team's workloads: the operator role in the namespace."),
            viewers: z
                .array(objectIdSchema)
                .default([])
                .describe("Entra ID group object IDs with read-only access to the team's namespace (`view`)."),
        })
        .describe("Who holds which role in the team's namespace."),
    githubTeam: githubTeamSlugSchema
        .optional()
        .describe(
            "The team's GitHub team (its slug): owns `tenants/<team>/` in CODEOWNERS; the guards create it. Omitted: the team's name.",
        ),
    environments: z.array(z.string()).min(1).describe("Environments the team runs in."),
    quota: quotaSchema
        .optional()
        .describe("The team's ResourceQuota (`hard`), over the environment's and the platform's; above them only with an allowance."),
    limits: limitsSchema.optional().describe("The team's LimitRange defaults, over the environment's; above them only with an allowance."),
    podSecurity: podSecurityOverrideSchema
        .optional()
        .describe(
            "A request for a Pod Security level weaker than the environment's, with the reason; the team's allowance " +
                "(`allowances/<team>.yaml`, owned by the platform team) decides whether it may.",
        ),
    network: z
        .strictObject({
            egress: z
                .array(egressRuleSchema)
                .default([])
                .describe("Egress beyond the namespace, DNS and the platform, each allowance explained."),
            ingress: z.array(ingressRuleSchema).default([]).describe("Other teams whose pods may reach this team's pods."),
        })
        .optional()
        .describe("Network allowances beyond the namespace's default deny."),
    exposure: exposureSchema
        .optional()
        .describe("Service types beyond ClusterIP and Ingress domains the team may use, enforced by the clusters' admission policies."),
    alerts: z
        .strictObject({
            slackChannel: slackChannelSchema.describe("The team's Slack channel, such as `#payments-alerts`."),
            webhookSecret: secretNameSchema
                .optional()
                .describe("Name under `helm-platform:secrets.<team>` of a webhook for this channel. Omitted: the platform's."),
        })
        .optional()
        .describe("Where the team's alerts go, besides the platform channel; also a team dashboard."),
    deployer: z
        .strictObject({
            github: z
                .strictObject({
                    repository: z
                        .string()
                        .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, { message: "must be <owner>/<repository>" })
                        .describe("`<owner>/<repository>` whose workflows may sign in."),
                    environment: z
                        .string()
                        .regex(/^[A-Za-z0-9_.-]+$/)
                        .optional()
                        .describe("GitHub environment of the deploying job. Omitted: the platform environment's name."),
                })
                .optional()
                .describe(
                    "A user-assigned managed identity `id-<environment>-<team>-ci` with a federated credential for GitHub Actions OIDC.",
                ),
            objectId: objectIdSchema.optional().describe("Or the object ID of an existing Entra application or managed identity."),
            serviceAccount: z.unknown().optional().meta({
                deprecated: true,
                description: "Refused: long-lived ServiceAccount tokens; kept in the schema to say so clearly.",
            }),
        })
        .optional()
        .describe(
            "The team's CI, bound to the namespace's operator role on every cluster: an Entra identity this platform creates for " +
                "GitHub Actions OIDC (`github`), or an existing one (`objectId`); never a long-lived token.",
        ),
    apps: z
        .record(nameSchema(40).meta({ title: "app" }), appSchema)
        .default({})
        .describe("The team's apps: each becomes a release `<team>-<app>` per cluster. Omitted: none."),
});

export type TenantInput = z.output<typeof tenantSchema>;
export type AppInput = z.output<typeof appSchema>;
