/**
 * The configuration files as people write them, for editors (each sample file names its schema in a
 * `# yaml-language-server: $schema=...` comment) and for the reference docs. A stack file holds the
 * settings under `config:` as `helm-platform:<key>`, its secrets as `secure:` ciphertexts; a shard's
 * stack file holds only its teams' secrets; a tenant file is the tenant schema itself. Generated from
 * the zod schemas the loader validates with, so the two cannot disagree on a key.
 */
import { z } from "zod";
import { CONFIG_NAMESPACE } from "../base/constants";
import { nameSchema, secretNameSchema } from "./names";
import { stackSettingsSchema } from "./stackSettings";
import { tenantSchema } from "./tenant";
import { exactVersionSchema } from "./versions";

/** Where each file's JSON Schema is published, repository-relative. */
export const STACK_FILE_SCHEMA = "schemas/stack-file.schema.json";
export const SHARD_STACK_FILE_SCHEMA = "schemas/shard-stack-file.schema.json";
export const TENANT_FILE_SCHEMA = "schemas/tenant-file.schema.json";

/** A JSON Schema object, as `z.toJSONSchema` writes it. */
export type JsonSchema = { [key: string]: unknown };

const secure = z
    .strictObject({ secure: z.string().min(1).describe("The ciphertext, encrypted with the stack's secrets provider.") })
    .describe("A Pulumi secret: `pulumi config set --secret --path` writes it.");

/** `helm-platform:secrets` as the file has it: every entry a `secure:` ciphertext, never plain text. */
const secretsAsWritten = z
    .record(nameSchema(30).meta({ title: "owner" }), z.record(secretNameSchema.meta({ title: "name" }), secure))
    .default({})
    .describe(stackSettingsSchema.shape.secrets.description ?? "");

/** The settings as a stack file holds them: the environment's name defaults to the stack's. */
const settingsAsWritten = stackSettingsSchema.extend({
    environment: stackSettingsSchema.shape.environment.optional(),
    secrets: secretsAsWritten,
});

/** The top of a Pulumi stack file, beside `config`. */
const stackFileKeys = {
    secretsprovider: z
        .string()
        .min(1)
        .optional()
        .describe(
            "The stack's secrets provider: `azurekeyvault://<vault>.vault.azure.net/keys/<key>` (the production profile refuses any other).",
        ),
    encryptedkey: z.string().min(1).optional().describe("The stack's data key, encrypted by the secrets provider (Pulumi writes it)."),
    encryptionsalt: z.string().min(1).optional().describe("The passphrase provider's salt (Pulumi writes it)."),
};

/** Keys of other configuration namespaces (`azure-native:location`), which the platform does not read. */
const OTHER_NAMESPACE = `^(?!${CONFIG_NAMESPACE}:)[A-Za-z0-9_.-]+:.+$`;

/** The formats JSON Schema 2020-12 defines; zod also writes its own (`starts_with`), which editors do not know. */
const STANDARD_FORMATS = new Set(["date-time", "date", "time", "duration", "email", "hostname", "ipv4", "ipv6", "uri", "uuid", "regex"]);

/** The schema without zod's own `format`s (each comes with a `pattern` that says the same). */
function withStandardFormats(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(withStandardFormats);
    }
    if (typeof value !== "object" || value === null) {
        return value;
    }
    return Object.fromEntries(
        Object.entries(value)
            .filter(([key, v]) => key !== "format" || typeof v !== "string" || STANDARD_FORMATS.has(v))
            .map(([key, v]) => [key, withStandardFormats(v)]),
    );
}

/**
 * As JSON Schema, a chart version is text: the zod schema also takes a number only to say which quoted
 * version YAML's `1.4` most likely meant, and an editor should flag that number rather than accept it.
 */
const options: Parameters<typeof z.toJSONSchema>[1] = {
    io: "input",
    override: (ctx) => {
        if (ctx.zodSchema === exactVersionSchema) {
            delete ctx.jsonSchema.anyOf;
            Object.assign(ctx.jsonSchema, {
                type: "string",
                description: "An exact SemVer version such as `1.2.3`, quoted when YAML would read a number.",
            });
        }
    },
};

function namespaced<T extends Record<string, z.ZodType>>(shape: T): Record<string, z.ZodType> {
    return Object.fromEntries(Object.entries(shape).map(([key, schema]) => [`${CONFIG_NAMESPACE}:${key}`, schema]));
}

/**
 * A stack file's JSON Schema around `config`'s settings: other namespaces' keys pass, an unknown
 * `helm-platform:` key does not.
 */
function stackFile(config: Record<string, z.ZodType>, title: string, description: string): JsonSchema {
    const schema = z
        .strictObject({ ...stackFileKeys, config: z.strictObject(config).describe(`The stack's configuration: ${description}`) })
        .meta({ title, description });
    const json = withStandardFormats(z.toJSONSchema(schema, options)) as JsonSchema & { properties: { config: JsonSchema } };
    json.properties.config.patternProperties = { [OTHER_NAMESPACE]: {} };
    return json;
}

/** `Pulumi.<stack>.yaml` of a single stack or of a sharded environment's foundation. */
export function stackFileJsonSchema(): JsonSchema {
    return stackFile(
        namespaced(settingsAsWritten.shape),
        "helm-platform stack file (Pulumi.<environment>.yaml)",
        `every setting is \`${CONFIG_NAMESPACE}:<key>\` (docs/reference/stack-settings.md); other namespaces pass through.`,
    );
}

/** `Pulumi.<environment>.<shard>.yaml`: a shard's stack file holds its teams' secrets and no setting. */
export function shardStackFileJsonSchema(): JsonSchema {
    return stackFile(
        { [`${CONFIG_NAMESPACE}:secrets`]: secretsAsWritten },
        "helm-platform shard stack file (Pulumi.<environment>.<shard>.yaml)",
        `a shard reads every setting from its environment's stack file and holds only its teams' \`${CONFIG_NAMESPACE}:secrets\` (docs/sharding.md).`,
    );
}

/** `tenants/<team>.yaml`. */
export function tenantFileJsonSchema(): JsonSchema {
    return withStandardFormats(
        z.toJSONSchema(
            tenantSchema.meta({
                title: "helm-platform tenant file (tenants/<team>.yaml)",
                description: "One team's file; onboarding a team is adding one (docs/onboarding.md, docs/reference/tenant-file.md).",
            }),
            options,
        ),
    ) as JsonSchema;
}
