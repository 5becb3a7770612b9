import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv from "ajv";
import * as semver from "semver";
import { parse } from "yaml";
import { PULUMI_CLI_MINIMUM } from "../scripts/doctorChecks";
import { ROOT } from "./helpers";

/** The Pulumi CLI the workflows pin, whose project schema the file is checked against. */
const PINNED = "3.248.0";

const SIMPLE_TYPES = ["string", "integer", "boolean", "array", "object"];

/**
 * What the Pulumi CLI's project schema (`sdk/go/common/workspace/project.json`, pulumi/pulumi) allows
 * under `config`, as of v3.248.0: each key is a plain string, integer, boolean or array, or a
 * declaration with only `type`, `items`, `description`, `secret`, `default` and `value`; a type is one
 * of `types`, and `items` nest: items of type `array` need their own `items`. Before v3.186.0 (pulumi/pulumi#20129)
 * the types lacked `object`; the file declares no setting, so any CLI since accepts it.
 */
function configSchema(types: readonly string[]) {
    const items = {
        type: "object",
        required: ["type"],
        properties: { type: { oneOf: [{ enum: types }, { $ref: "#/$defs/items" }] }, items: { $ref: "#/$defs/items" } },
        if: { properties: { type: { const: "array" } } },
        // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then, never awaited
        then: { required: ["items"] },
    };
    return {
        $defs: { items },
        type: ["object", "string", "null"],
        properties: { secret: { type: "boolean" } },
        additionalProperties: {
            oneOf: [
                { type: "string" },
                { type: "integer" },
                { type: "boolean" },
                { type: "array" },
                {
                    type: "object",
                    additionalProperties: false,
                    properties: {
                        type: { enum: types },
                        items: { $ref: "#/$defs/items" },
                        description: { type: "string" },
                        secret: { type: "boolean" },
                        default: {},
                        value: {},
                    },
                },
            ],
        },
    };
}

const project = parse(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as { config?: Record<string, unknown> };
const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
const today = ajv.compile(configSchema(SIMPLE_TYPES));
const beforeObject = ajv.compile(configSchema(SIMPLE_TYPES.filter((t) => t !== "object")));
const errorsOf = (validate: typeof today) => (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);

describe("Pulumi.yaml against the Pulumi CLI's project schema", () => {
    it(`GIVEN the schema of the CLI the workflows pin (v${PINNED}) THEN the config block is valid`, () => {
        assert.ok(today(project.config ?? null), errorsOf(today).join("\n"));
    });

    it("GIVEN declarations the schema refuses THEN they are refused: an unknown type, nested arrays without items, an unknown field", () => {
        const refused = [
            { type: "map" },
            { type: "array", items: { type: "array" } },
            { type: "string", required: true },
            { type: "array", items: { type: "list" } },
        ];
        for (const declaration of refused) {
            assert.ok(!today({ setting: declaration }), JSON.stringify(declaration));
        }
    });

    it("GIVEN Pulumi.yaml declares no helm-platform setting THEN a shard's stack file needs none, and even a CLI without object types accepts it", () => {
        // Pulumi requires every declared key without a default in every stack, shards included.
        assert.deepEqual(
            Object.keys(project.config ?? {}).filter((k) => !k.includes(":") || k.startsWith("helm-platform:")),
            [],
        );
        assert.ok(beforeObject(project.config ?? null), errorsOf(beforeObject).join("\n"));
        assert.ok(!beforeObject({ registry: { type: "object" } }), "the older schema refuses object declarations");
    });

    it("GIVEN docs/deploying.md and doctor THEN they name the same minimum CLI, which the pinned one meets", () => {
        assert.ok(semver.gte(PULUMI_CLI_MINIMUM, "3.150.0"), "pulumi/pulumi#18509: provider changes that replace nothing, 3.150.0");
        assert.ok(semver.gte(PINNED, PULUMI_CLI_MINIMUM));
        const guide = fs.readFileSync(path.join(ROOT, "docs", "deploying.md"), "utf8");
        assert.match(guide, new RegExp(`the Pulumi CLI \\(${PULUMI_CLI_MINIMUM.replaceAll(".", "\\.")} or newer; CI pins ${PINNED}\\)`));
    });

    it(`GIVEN the workflows THEN they pin the CLI whose schema this test encodes (v${PINNED}); a new pin needs the schema read again`, () => {
        const pins = fs
            .readdirSync(path.join(ROOT, ".github/workflows"))
            .flatMap((file) => [...fs.readFileSync(path.join(ROOT, ".github/workflows", file), "utf8").matchAll(/pulumi-version: (\S+)/g)])
            .map((m) => m[1]);
        assert.ok(pins.length > 0);
        assert.deepEqual([...new Set(pins)], [PINNED]);
    });
});
