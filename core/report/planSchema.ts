/**
 * `out/<stack>/plan.json`, the contract other tools read, as zod schemas: the TypeScript types are
 * inferred from them and the published JSON Schema (`schemas/plan.schema.json`) is generated from them.
 * What a version may change is written in docs/plan-json.md.
 */
import { z } from "zod";
import { GOVERNANCE_LEVELS } from "../model/environment";
import { FINDING_LEVELS } from "../model/governance";
import { STACK_KINDS } from "../model/stack";

/** The version of plan.json this code writes, `MAJOR.MINOR`. */
export const PLAN_SCHEMA_VERSION = "1.0";
/** The major version this code reads: every `1.x`. */
export const PLAN_SCHEMA_MAJOR = 1;
/** Where the JSON Schema generated from {@link planSchema} is published, in the repository and the package. */
export const PLAN_SCHEMA_FILE = "schemas/plan.schema.json";

const values = z.record(z.string(), z.unknown());
const strings = z.array(z.string()).readonly();
const stringMap = z.record(z.string(), z.string()).readonly();
const key = z.string().describe("a resource's key in `resources`: `<type>::<name>`");
/** A governance rule's id; open, so that a reader of 1.0 reads the rules a later 1.x adds. */
const ruleId = z.string().describe("a governance rule's id, such as `image-tag-pinned`");

/** One resource the program registers. `parent` and `dependsOn` use `<type>::<name>` keys. */
export const planResourceSchema = z
    .object({
        type: z.string().describe("the Pulumi type token, such as `kubernetes:core/v1:Namespace`"),
        name: z.string().describe("the resource's name, the last part of its URN"),
        parent: key.nullable(),
        dependsOn: z.array(key).readonly(),
        protect: z.boolean(),
        retainOnDelete: z.literal(true).optional().describe("a deletion only drops it from Pulumi's state and leaves it in the cloud"),
        deleteBeforeReplace: z.literal(true).optional().describe("a replacement deletes the old one before creating the new one"),
        ignoreChanges: strings
            .optional()
            .describe("input paths Pulumi does not update, because something else owns them (an autoscaler, AKS's upgrades)"),
        provider: key.optional().describe("its explicit provider"),
        inputDependencies: z.array(key).readonly().optional().describe("resources its inputs are computed from (implicit dependencies)"),
        inputs: values.describe("its inputs, secrets as `[secret]` and values only the cloud knows as `[unknown]`"),
    })
    .readonly();

/** One Helm release with its final merged values and where each key came from. */
export const planReleaseSchema = z
    .object({
        cluster: z.string(),
        namespace: z.string(),
        name: z.string(),
        chart: z.string(),
        version: z.string(),
        digest: z
            .string()
            .optional()
            .describe("the version's manifest digest from `charts.lock.yaml`, which the release installs by (`<chart>@<digest>`)"),
        repository: z.string().optional().describe("the chart repository, for a platform release from an upstream repository"),
        values: values.describe("the merged values, secrets `[secret]`, values only the cloud knows `[unknown]`"),
        sources: stringMap.describe("key path → the file that set it"),
        secrets: stringMap.optional().describe("key path → the name of the secret it references (the value is `[secret]`)"),
    })
    .readonly();

/** A governance finding: errors stop a deployment, warnings are reported. */
export const planFindingSchema = z
    .object({
        level: z.enum(FINDING_LEVELS),
        rule: ruleId,
        message: z.string(),
        where: z
            .string()
            .describe("`<cluster>/<namespace>/<release>` for a release, the namespace for a tenant, the team for an allowance"),
        fix: z.string().describe("how to comply"),
        at: z
            .object({ file: z.string(), line: z.number().int().positive().optional(), path: z.string() })
            .readonly()
            .describe("the file, line and key path the finding is about: where the fix is written"),
    })
    .readonly();

/** One team on one cluster, as the stack deploys it. */
export const inventoryTeamSchema = z
    .object({
        team: z.string().describe("the team: its tenant file's name"),
        cluster: z.string(),
        namespace: z.string(),
        component: key.describe(
            "its Team component in `resources`, as `<type>::<name>`: everything of the team on this cluster is under it",
        ),
        installer: z
            .string()
            .describe("the Kubernetes user the team's releases are installed as: its namespace's installer ServiceAccount"),
    })
    .readonly();

/** One shard of a sharded environment. */
export const inventoryShardSchema = z
    .object({
        shard: z.string(),
        stack: z.string().describe("the Pulumi stack that deploys it, `<environment>.<shard>`"),
        teams: strings.describe("the teams the environment places in it"),
    })
    .readonly();

/**
 * What the stack deploys, typed, for the tools that read the plan: its teams with their components and
 * installers, and the environment's shards. The grants are in `access.json`, computed from this plan.
 */
export const planInventorySchema = z
    .object({
        teams: z.array(inventoryTeamSchema).readonly().describe("every team on every cluster the stack deploys it to"),
        shards: z
            .array(inventoryShardSchema)
            .readonly()
            .describe("the environment's shards, each with its stack; none in the single layout"),
    })
    .readonly();

/** `out/<stack>/plan.json`: the contract other tools read. */
export const planSchema = z
    .object({
        schemaVersion: z
            .string()
            .regex(new RegExp(`^${PLAN_SCHEMA_MAJOR}\\.\\d+$`))
            .describe(
                "`MAJOR.MINOR` of this format (docs/plan-json.md): readers accept their own major and ignore fields they do not know",
            ),
        stack: z.string(),
        environment: z.string(),
        kind: z.enum(STACK_KINDS).describe("what the stack holds of its environment: everything, the foundation, or a shard"),
        shard: z.string().optional().describe("the shard, for a shard stack"),
        teams: strings.describe("the teams the stack deploys"),
        references: strings.describe("stacks whose outputs this one reads (a shard reads its foundation's)"),
        inventory: planInventorySchema,
        resources: z.array(planResourceSchema).readonly().describe("every resource the program registers, in registration order"),
        releases: z.array(planReleaseSchema).readonly().describe("team releases"),
        platformReleases: z
            .array(planReleaseSchema)
            .readonly()
            .describe("releases the platform installs itself (monitoring), values shown as the team releases' are"),
        findings: z.array(planFindingSchema).readonly(),
        promotionFrom: z.string().optional().describe("the environment this one's versions are promoted from"),
        governance: z
            .object({
                level: z.enum(GOVERNANCE_LEVELS),
                waived: z.array(z.object({ rule: ruleId, reason: z.string() }).readonly()).readonly(),
            })
            .readonly()
            .describe("the governance level, and the rules this environment switched off with their reasons"),
        secretVersions: stringMap.describe(
            "secret name → fingerprint of its ciphertext in `Pulumi.<stack>.yaml` (public already): a diff tells a changed secret without seeing it",
        ),
        manifests: stringMap
            .optional()
            .describe("`<cluster>/<namespace>/<release>` → `rendered` (its manifests are in `manifests/`) or `not rendered: <why>`"),
        outputs: values.describe("the stack outputs, secrets and unknowns masked"),
    })
    .readonly();

export type PlanResource = z.infer<typeof planResourceSchema>;
export type PlanRelease = z.infer<typeof planReleaseSchema>;
export type PlanFinding = z.infer<typeof planFindingSchema>;
export type InventoryTeam = z.infer<typeof inventoryTeamSchema>;
export type InventoryShard = z.infer<typeof inventoryShardSchema>;
export type PlanInventory = z.infer<typeof planInventorySchema>;
export type Plan = z.infer<typeof planSchema>;

/** The JSON Schema of plan.json, generated from {@link planSchema}: what `schemas/plan.schema.json` holds. */
export function planJsonSchema(): Record<string, unknown> {
    const schema = z.toJSONSchema(planSchema, {
        // `readonly` is TypeScript's concern; in JSON Schema `readOnly` means something else (a server-owned field).
        override: (ctx) => {
            delete ctx.jsonSchema.readOnly;
        },
    });
    const { $schema, ...rest } = schema;
    return { $schema, title: `helm-platform plan.json, schema version ${PLAN_SCHEMA_VERSION}`, ...rest };
}
