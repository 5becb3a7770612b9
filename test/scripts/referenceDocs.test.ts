import * as assert from "node:assert/strict";
import { PROFILES } from "../../core/config/profiles";
import { stackSettingsSchema } from "../../core/config/stackSettings";
import { tenantSchema } from "../../core/config/tenant";
import { cell, keyRows, keyTable, profileTable, referenceDocs, typeOf } from "../../scripts/referenceDocs";
import { gfmCells, renderMarkdown } from "../support/markdown";

/** The key column of a generated reference page's table, as written (`clusters[].name`). */
function documentedKeys(page: string): string[] {
    return [...page.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1] as string);
}

const PAGES = ["docs/reference/stack-settings.md", "docs/reference/tenant-file.md"];

describe("the configuration reference (scripts/referenceDocs.ts)", () => {
    it("GIVEN the stack settings schema THEN every setting has a row, with the description the schema carries", () => {
        const page = referenceDocs().get(PAGES[0] as string) as string;
        const keys = documentedKeys(page);
        const settings = Object.keys(stackSettingsSchema.shape);
        assert.ok(settings.length > 20);
        assert.deepEqual(
            settings.filter((k) => !keys.includes(k)),
            [],
        );
        for (const key of [
            "clusters[].network.podCidr",
            "registry.privateEndpoint.subnetId",
            "secrets.<owner>.<name>",
            "governance.rules.<rule>.reason",
        ]) {
            assert.ok(keys.includes(key), key);
        }
        const layout = stackSettingsSchema.shape.layout.description as string;
        assert.ok(layout.length > 20);
        assert.ok(page.includes(`| \`layout\` | \`single\` \\| \`sharded\` | \`"single"\` | ${cell(layout)} |`), "the layout row");
        assert.match(page, /^\| `cluster\.systemPool\.vmSize` \| `Standard_D2ds_v5` \| `Standard_D4ds_v5` \|$/m, "the profiles' table");
    });

    it("GIVEN the tenant schema THEN every key of a tenant file has a row, required keys say so", () => {
        const page = referenceDocs().get(PAGES[1] as string) as string;
        const keys = documentedKeys(page);
        assert.deepEqual(
            Object.keys(tenantSchema.shape).filter((k) => !keys.includes(k)),
            [],
        );
        assert.match(page, /^\| `apps\.<app>\.chart` \| string, at most 94, [^|]+ \| required \| The team's own chart/m);
        assert.match(page, /^\| `network\.egress\[\]\.ports\[\]\.protocol` \| `TCP` \\\| `UDP` \| `"TCP"` \|/m);
        assert.match(page, /^\| `deployer\.serviceAccount` \| refused \|/m);
    });

    it("GIVEN the generated pages THEN every table row has its cells as GitHub parses them, and no text reads as HTML", () => {
        for (const page of referenceDocs().values()) {
            const tables = page.split("\n\n").filter((block) => block.startsWith("| "));
            assert.ok(tables.length >= 1);
            for (const table of tables) {
                const [header, , ...rows] = table.trim().split("\n") as [string, string, ...string[]];
                const width = gfmCells(header).length;
                assert.ok(rows.length > 10, header);
                for (const row of rows) {
                    assert.equal(gfmCells(row).length, width, row);
                }
            }
            const doc = renderMarkdown(page);
            const tags = [...doc.querySelectorAll("td *")].map((e) => e.tagName.toLowerCase());
            assert.ok(tags.length > 100);
            assert.deepEqual([...new Set(tags)], ["code"]);
        }
    });
});

describe("the reference's cells", () => {
    it("GIVEN text with placeholders and pipes THEN a placeholder outside code is escaped, and every pipe", () => {
        assert.equal(cell("set <team> or `<team>` | `a|b`"), "set &lt;team> or `<team>` \\| `a\\|b`");
        assert.equal(cell("already \\| escaped"), "already \\| escaped");
    });

    it("GIVEN JSON Schema types THEN they read in words, with their bounds but not zod's unbounded integers", () => {
        const cases: [Record<string, unknown>, string][] = [
            [{ type: "string", maxLength: 30, pattern: "^[a-z]+$" }, "string, at most 30, `^[a-z]+$`"],
            [{ type: "integer", minimum: 0, maximum: Number.MAX_SAFE_INTEGER }, "integer, from 0"],
            [{ type: "array", minItems: 1, items: { type: "string" } }, "list of string, at least 1"],
            [{ enum: ["a", "b"] }, "`a` \\| `b`"],
            [{ anyOf: [{ type: "string" }, { type: "integer" }] }, "string or integer"],
            [{ type: "object", propertyNames: { title: "team" }, additionalProperties: { type: "string" } }, "map of `<team>` to string"],
            [{ deprecated: true }, "refused"],
            [{ type: ["string", "null"], minLength: 1 }, "string or null, at least 1"],
            [{ type: "integer", minimum: -Number.MAX_SAFE_INTEGER, maximum: 6 }, "integer, to 6"],
            [{ type: "array", items: { type: "array", items: { type: "string" } }, maxItems: 2 }, "list of list of string, at most 2"],
            [{ type: "array" }, "list of any"],
            [{ type: "object", properties: { a: {} }, additionalProperties: { type: "string" } }, "object"],
            [{ type: "object", additionalProperties: false }, "object"],
            [
                { type: "object", propertyNames: { enum: ["dev", "prod"] }, additionalProperties: { type: "integer" } },
                "map of `<key>` (`dev` \\| `prod`) to integer",
            ],
            [{}, "any"],
        ];
        for (const [schema, words] of cases) {
            assert.equal(typeOf(schema), words);
        }
    });

    it("GIVEN nested objects, lists and maps THEN every key path is a row, in the schema's order", () => {
        const rows = keyRows({
            type: "object",
            required: ["a"],
            properties: {
                a: { type: "object", properties: { "b.c": { type: "string" } } },
                l: { type: "array", items: { type: "object", properties: { n: { type: "string" } } } },
                m: { type: "object", propertyNames: { title: "k" }, additionalProperties: { type: "object", properties: { v: {} } } },
            },
        });
        assert.deepEqual(
            rows.map((r) => [r.path, r.required]),
            [
                ["a", true],
                ['a["b.c"]', false],
                ["l", false],
                ["l[].n", false],
                ["m", false],
                ["m.<k>", false],
                ["m.<k>.v", false],
            ],
        );
    });

    it("GIVEN lists and maps of plain values THEN they are one row each, with nothing under them", () => {
        const rows = keyRows({
            type: "object",
            properties: {
                tags: { type: "array", items: { type: "string" } },
                labels: { type: "object", additionalProperties: { type: "string" } },
                pools: { type: "object", additionalProperties: { type: "array", items: { type: "object", properties: { size: {} } } } },
            },
        });
        assert.deepEqual(
            rows.map((r) => r.path),
            ["tags", "labels", "pools", "pools.<key>", "pools.<key>[].size"],
        );
    });

    it("GIVEN rows THEN the table shows each key as displayed, its type, its default or required, and its description escaped", () => {
        const table = keyTable(
            [
                { path: "ns:replicas", schema: { type: "integer", default: 2, description: "How many | at least one" }, required: false },
                { path: "ns:team", schema: { type: "string" }, required: true },
                { path: "ns:note", schema: {}, required: false },
            ],
            (path) => path.replace(/^ns:/, ""),
        );
        assert.deepEqual(table.split("\n"), [
            "| key | type | default | description |",
            "| --- | --- | --- | --- |",
            "| `replicas` | integer | `2` | How many \\| at least one |",
            "| `team` | string | required |  |",
            "| `note` | any |  |  |",
        ]);
    });

    it("GIVEN the profiles THEN their table has a column per profile and a row per setting, lists joined and an empty one shown as none", () => {
        const names = Object.keys(PROFILES) as (keyof typeof PROFILES)[];
        assert.ok(names.length >= 2);
        const lines = profileTable().split("\n");
        assert.equal(lines[0], `| setting | ${names.map((n) => `\`${n}\``).join(" | ")} |`);
        const zones = names.map((n) => PROFILES[n].cluster.systemPool.zones);
        assert.ok(zones.some((z) => z.length === 0) && zones.some((z) => z.length > 1), "the sample profiles have both");
        const shown = zones.map((z) => `\`${z.length === 0 ? "none" : z.join(", ")}\``);
        assert.ok(lines.includes(`| \`cluster.systemPool.zones\` | ${shown.join(" | ")} |`), lines.join("\n"));
        assert.ok(lines.length > 20, "one row per setting");
    });
});
