import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020";
import { parse } from "yaml";
import { SHARD_STACK_FILE_SCHEMA, STACK_FILE_SCHEMA, TENANT_FILE_SCHEMA } from "../../../core/config/fileSchemas";
import { stackSettingsSchema } from "../../../core/config/stackSettings";
import { parseStackName } from "../../../core/model/stack";
import { ROOT } from "../../helpers";

const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
const validators = new Map<string, ValidateFunction>();
/** The validator of a committed JSON Schema: what an editor reads. */
function validator(schema: string): ValidateFunction {
    let v = validators.get(schema);
    if (!v) {
        v = ajv.compile(JSON.parse(fs.readFileSync(path.join(ROOT, schema), "utf8")));
        validators.set(schema, v);
    }
    return v;
}

function errorsOf(schema: string, data: unknown): string[] {
    const v = validator(schema);
    return v(data) ? [] : (v.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`);
}

/** Every sample file that names a schema, and the schema it should name: stack files (a shard's apart) and tenant files. */
function samples(): { file: string; schema: string }[] {
    const stacks = fs
        .readdirSync(ROOT)
        .filter((f) => /^Pulumi\..+\.yaml$/.test(f))
        .map((file) => {
            const stack = file.slice("Pulumi.".length, -".yaml".length);
            return { file, schema: parseStackName(stack).shard === undefined ? STACK_FILE_SCHEMA : SHARD_STACK_FILE_SCHEMA };
        });
    const tenants = fs
        .readdirSync(path.join(ROOT, "tenants"))
        .filter((f) => f.endsWith(".yaml"))
        .map((f) => ({ file: `tenants/${f}`, schema: TENANT_FILE_SCHEMA }));
    return [...stacks, ...tenants];
}

const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");

describe("the configuration files' JSON Schemas, for editors", () => {
    it("GIVEN every sample stack and tenant file THEN its first line names its schema by a relative path that exists", () => {
        const files = samples();
        assert.ok(files.filter((f) => f.schema === STACK_FILE_SCHEMA).length >= 3, "the single stacks and the foundation");
        assert.ok(
            files.some((f) => f.schema === SHARD_STACK_FILE_SCHEMA),
            "a shard",
        );
        assert.ok(files.filter((f) => f.schema === TENANT_FILE_SCHEMA).length >= 3, "the teams");
        for (const { file, schema } of files) {
            const first = read(file).split("\n")[0] as string;
            const relative = path.posix.relative(path.posix.dirname(file), schema);
            assert.equal(first, `# yaml-language-server: $schema=${relative}`, file);
            assert.ok(fs.existsSync(path.join(ROOT, path.dirname(file), relative)), `${file}: ${relative}`);
        }
    });

    it("GIVEN every sample stack and tenant file THEN it is valid against the schema it names", () => {
        for (const { file, schema } of samples()) {
            assert.deepEqual(errorsOf(schema, parse(read(file))), [], file);
        }
    });

    it("GIVEN the stack file's schema THEN every setting is a helm-platform: key of config, and the required ones are required", () => {
        const schema = JSON.parse(read(STACK_FILE_SCHEMA)) as { properties: { config: { properties: object; required: string[] } } };
        const settings = Object.keys(stackSettingsSchema.shape);
        assert.deepEqual(
            Object.keys(schema.properties.config.properties),
            settings.map((k) => `helm-platform:${k}`),
        );
        assert.deepEqual(schema.properties.config.required.sort(), [
            "helm-platform:adminGroupObjectIds",
            "helm-platform:clusters",
            "helm-platform:location",
            "helm-platform:registry",
        ]);
    });

    const dev = () => parse(read("Pulumi.dev.yaml")) as { config: Record<string, unknown> };
    const cases: { what: string; schema: string; edit: () => unknown; expect: RegExp }[] = [
        {
            what: "a misspelt helm-platform: key",
            schema: STACK_FILE_SCHEMA,
            edit: () => ({ ...dev(), config: { ...dev().config, "helm-platform:registy": { name: "acrhelmplatformdev" } } }),
            expect: /additionalProperty":"helm-platform:registy"/,
        },
        {
            what: "a secret in plain text",
            schema: STACK_FILE_SCHEMA,
            edit: () => ({ ...dev(), config: { ...dev().config, "helm-platform:secrets": { fintech: { "db-password": "hunter2" } } } }),
            expect: /\/config\/helm-platform:secrets\/fintech\/db-password must be object/,
        },
        {
            what: "a stack file without its registry",
            schema: STACK_FILE_SCHEMA,
            edit: () => {
                const { "helm-platform:registry": _, ...config } = dev().config;
                return { ...dev(), config };
            },
            expect: /missingProperty":"helm-platform:registry"/,
        },
        {
            what: "an unknown profile",
            schema: STACK_FILE_SCHEMA,
            edit: () => ({ ...dev(), config: { ...dev().config, "helm-platform:profile": "prod" } }),
            expect: /helm-platform:profile must be equal to one of the allowed values/,
        },
        {
            what: "a setting in a shard's stack file",
            schema: SHARD_STACK_FILE_SCHEMA,
            edit: () => ({ config: { "helm-platform:location": "westeurope" } }),
            expect: /additionalProperty":"helm-platform:location"/,
        },
        {
            what: "a chart version YAML reads as a number",
            schema: TENANT_FILE_SCHEMA,
            edit: () => parse(read("tenants/fintech.yaml").replace(/(\n {6}dev: )[^\n]+/, (_, key: string) => `${key}1.5`)),
            expect: /\/apps\/[^ ]+\/versions\/dev must be string/,
        },
        {
            what: "a misspelt tenant key",
            schema: TENANT_FILE_SCHEMA,
            edit: () => parse(read("tenants/fintech.yaml").replace("environments:", "enviroments:")),
            expect: /additionalProperty":"enviroments"/,
        },
    ];
    for (const c of cases) {
        it(`GIVEN ${c.what} THEN the schema an editor reads refuses it`, () => {
            assert.match(errorsOf(c.schema, c.edit()).join("\n"), c.expect);
        });
    }

    it("GIVEN another namespace's key in a stack file THEN the schema lets it pass, as the program does", () => {
        assert.deepEqual(errorsOf(STACK_FILE_SCHEMA, { ...dev(), config: { ...dev().config, "azure-native:subscriptionId": "x" } }), []);
        assert.deepEqual(errorsOf(SHARD_STACK_FILE_SCHEMA, { config: { "azure-native:location": "westeurope" } }), []);
    });
});
