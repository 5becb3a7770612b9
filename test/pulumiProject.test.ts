import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { CONFIG_NAMESPACE } from "../core/base/constants";
import { stackSettingsSchema } from "../core/config/environment";
import { readStackConfig } from "../core/config/stackFile";
import { isMap } from "../core/values/merge";
import { ROOT, sampleTree } from "./helpers";

interface Declaration {
    type: "string" | "integer" | "boolean" | "array" | "object";
    items?: { type: Declaration["type"] };
    default?: unknown;
    description?: string;
}

const project = parse(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as { main: string; config: Record<string, Declaration> };
const shape = stackSettingsSchema.shape as Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown } }>;

/** Pulumi's check of a value against a declared type (`ValidateConfigValue`). */
function conforms(type: Declaration["type"], items: Declaration["items"], value: unknown): boolean {
    switch (type) {
        case "string":
            return typeof value === "string";
        case "integer":
            return Number.isInteger(value);
        case "boolean":
            return typeof value === "boolean";
        case "object":
            return isMap(value);
        case "array":
            return Array.isArray(value) && (items === undefined || value.every((v) => conforms(items.type, undefined, v)));
    }
}

describe("Pulumi.yaml", () => {
    it("runs the stack program (index.ts), not the package's main", () => {
        assert.equal(project.main, "index.ts");
        assert.ok(fs.existsSync(path.join(ROOT, project.main)));
    });

    it("declares every setting a stack must give, and only settings the program reads, with the program's own defaults", () => {
        for (const [key, declaration] of Object.entries(project.config)) {
            const field = shape[key];
            assert.ok(field, `${key} is not a helm-platform setting`);
            assert.ok(declaration.description && declaration.description.length > 20, `${key} has a description`);
            const absent = field.safeParse(undefined);
            if ("default" in declaration) {
                assert.ok(absent.success, `${key}: the program has no default, so Pulumi must not invent one`);
                assert.deepEqual(declaration.default, absent.data, `${key}: the same default as the program's`);
                assert.ok(field.safeParse(declaration.default).success);
            } else {
                assert.ok(!absent.success, `${key} is optional in the program; declared without a default, Pulumi would require it`);
            }
        }
        // `environment` defaults to the stack's name, which the program fills in.
        const required = Object.keys(shape).filter((key) => key !== "environment" && !shape[key]?.safeParse(undefined).success);
        assert.deepEqual(
            required.filter((key) => !(key in project.config)),
            [],
            "required settings not declared",
        );
    });

    for (const stack of ["dev", "uat", "prod"]) {
        it(`Pulumi.${stack}.yaml satisfies the declarations as the Pulumi CLI checks them`, () => {
            const stackFile = parse(sampleTree().read(`Pulumi.${stack}.yaml`) as string) as { config: Record<string, unknown> };
            const { config } = readStackConfig(sampleTree(), stack);
            for (const [key, declaration] of Object.entries(project.config)) {
                const full = `${CONFIG_NAMESPACE}:${key}`;
                const value = stackFile.config[full];
                if (value === undefined) {
                    assert.ok("default" in declaration, `${full} is missing`);
                    continue;
                }
                assert.ok(conforms(declaration.type, declaration.items, value), `${full} is not of type ${declaration.type}`);
                assert.ok(config[full] !== undefined);
            }
        });
    }
});
