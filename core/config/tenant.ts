import { z } from "zod";
import { nameSchema, objectIdSchema } from "./names";

const appSchema = z.strictObject({
    /** Chart name in the platform registry: pulled from `oci://<registry>/helm-charts/<chart>`. */
    chart: nameSchema(63),
    /** Exact chart version per environment; an environment without a version does not run the app. */
    versions: z.record(z.string(), z.string().min(1)),
    /** Clusters per environment; omitted: every cluster of the environment. */
    clusters: z.record(z.string(), z.array(z.string()).min(1)).optional(),
    description: z.string().optional(),
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
    /** Environments the team runs in. */
    environments: z.array(z.string()).min(1),
    apps: z.record(nameSchema(40), appSchema).default({}),
});

export type TenantInput = z.output<typeof tenantSchema>;
export type AppInput = z.output<typeof appSchema>;
