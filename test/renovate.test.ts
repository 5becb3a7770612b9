/**
 * renovate.json: valid for the JSON Schema Renovate publishes (vendored, test/fixtures/renovate/), and
 * its custom manager, applied as Renovate's recursive strategy applies it, finds exactly each app's
 * `versions.dev` in the sample's tenant files, never a uat or prod version.
 */
import * as assert from "node:assert/strict";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv from "ajv";
import { parse } from "yaml";
import { ROOT } from "./helpers";

const SCHEMA = path.join(ROOT, "test", "fixtures", "renovate", "renovate-schema.json");
const config = JSON.parse(fs.readFileSync(path.join(ROOT, "renovate.json"), "utf8")) as {
    customManagers: { matchStrings: string[]; depNameTemplate: string; managerFilePatterns: string[] }[];
};

/** Renovate's `recursive` strategy: each layer's matches narrow the next; the groups of every layer add up. */
function extract(
    content: string,
    layers: readonly string[],
    groups: Record<string, string> = {},
): { groups: Record<string, string>; text: string }[] {
    const [first, ...rest] = layers;
    if (first === undefined) {
        return [{ groups, text: content }];
    }
    return [...content.matchAll(new RegExp(first, "g"))].flatMap((m) => extract(m[0], rest, { ...groups, ...(m.groups ?? {}) }));
}

/** The depName template with Renovate's Handlebars `{{#if}}`, for the groups one match gave. */
function depName(template: string, groups: Record<string, string>): string {
    return template
        .replace(/\{\{#if (\w+)\}\}(.*?)\{\{else\}\}(.*?)\{\{\/if\}\}/g, (_, name, then, otherwise) => (groups[name] ? then : otherwise))
        .replace(/\{\{\{(\w+)\}\}\}/g, (_, name) => groups[name] ?? "");
}

describe("renovate.json: chart updates as pull requests, dev only", () => {
    it("the vendored schema is Renovate's own, unchanged", () => {
        const hash = createHash("sha256").update(fs.readFileSync(SCHEMA)).digest("hex");
        assert.equal(hash, "f377d15b9e421034025a0e507ca88c8635b14506b29e8ef9c4825a20646872be");
    });

    it("is valid for Renovate's published JSON Schema, which refuses a custom manager it does not know", () => {
        const validate = new Ajv({ strict: false, allErrors: true }).compile(JSON.parse(fs.readFileSync(SCHEMA, "utf8")));
        assert.ok(validate(config), JSON.stringify(validate.errors, null, 2));
        const broken = { ...config, customManagers: [{ ...config.customManagers[0], customType: "regexp" }] };
        assert.equal(validate(broken), false, "the schema can fail");
    });

    it("finds each app's versions.dev in every tenant file, with the chart's dev registry path, and nothing else", () => {
        const [manager] = config.customManagers;
        assert.ok(manager);
        const pattern = new RegExp((manager.managerFilePatterns[0] as string).slice(1, -1));
        const files = fs
            .readdirSync(path.join(ROOT, "tenants"))
            .map((f) => `tenants/${f}`)
            .filter((f) => pattern.test(f));
        assert.deepEqual(files.sort(), ["tenants/data.yaml", "tenants/fintech.yaml", "tenants/retail.yaml"]);
        for (const file of files) {
            const text = fs.readFileSync(path.join(ROOT, file), "utf8");
            const tenant = parse(text) as { team: string; apps: Record<string, { chart: string; versions: Record<string, string> }> };
            const found = extract(text, manager.matchStrings).map((m) => ({
                depName: depName(manager.depNameTemplate, m.groups),
                currentValue: m.groups["currentValue"],
                // Renovate rewrites the version inside the last layer's match, which must occur once in the file.
                unique: text.split(m.text).length === 2,
            }));
            const expected = Object.values(tenant.apps)
                .filter((app) => app.versions["dev"] !== undefined)
                .map((app) => ({
                    depName: `acrhelmplatformdev.azurecr.io/helm-charts/${app.chart.includes("/") ? app.chart : `${tenant.team}/${app.chart}`}`,
                    currentValue: app.versions["dev"],
                    unique: true,
                }));
            assert.deepEqual(found, expected, file);
        }
    });

    it("GIVEN another team's chart, comments and an app without dev THEN it still finds only the dev versions", () => {
        const [manager] = config.customManagers;
        const text = [
            "team: retail",
            "apps:",
            "  storefront:",
            "    chart: fintech/payments-api",
            "    # pinned in prod",
            "    needs: [catalog]",
            "",
            "    versions:",
            "      prod: 3.1.4",
            "      dev: 3.3.0-rc.1",
            "  catalog:",
            "    chart: catalog",
            "    versions:",
            "      uat: 0.9.1",
            "",
        ].join("\n");
        const found = extract(text, manager?.matchStrings ?? []).map((m) => [
            depName(manager?.depNameTemplate ?? "", m.groups),
            m.groups["currentValue"],
        ]);
        assert.deepEqual(found, [["acrhelmplatformdev.azurecr.io/helm-charts/fintech/payments-api", "3.3.0-rc.1"]]);
    });
});
