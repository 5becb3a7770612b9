import * as assert from "node:assert/strict";
import { unknownKeys } from "../../../core/values/knownKeys";

const keys = (values: Record<string, unknown>, chart: Parameters<typeof unknownKeys>[1]) =>
    unknownKeys(values, chart).map((k) => [k.key, k.nearest]);

describe("values keys a chart does not know", () => {
    const defaults = {
        replicaCount: 1,
        image: { repository: "app", tag: "" },
        podAnnotations: {},
        nodeSelector: null,
        env: [],
    };

    it("GIVEN a misspelt key at the top or below THEN each is named with the key it probably meant", () => {
        assert.deepEqual(keys({ replicaCont: 3, image: { tga: "1.0", repository: "x" } }, { defaults }), [
            ["replicaCont", "replicaCount"],
            ["image.tga", "tag"],
        ]);
    });

    it("GIVEN a key far from every known one THEN it is named without a guess, and nothing below it is", () => {
        assert.deepEqual(keys({ sidecars: { proxy: { enabled: true } } }, { defaults }), [["sidecars", undefined]]);
    });

    it("GIVEN keys under a map the defaults leave empty or null, under global, or in arrays THEN none is reported", () => {
        const values = {
            podAnnotations: { "prometheus.io/scrape": "true" },
            nodeSelector: { pool: "user" },
            global: { anything: { at: "all" } },
            env: [{ nmae: "X" }],
        };
        assert.deepEqual(keys(values, { defaults }), []);
    });

    it("GIVEN a schema THEN its properties, pattern properties and $refs count as known, as well as the defaults", () => {
        const schema = {
            type: "object",
            properties: {
                ingress: { $ref: "#/definitions/ingress" },
                labels: { type: "object", patternProperties: { "^app\\.": { type: "string" } } },
            },
            definitions: { ingress: { type: "object", properties: { enabled: { type: "boolean" }, host: { type: "string" } } } },
        };
        const values = { replicaCount: 2, ingress: { enabled: true, hots: "a" }, labels: { "app.tier": "web", team: "x" } };
        assert.deepEqual(keys(values, { defaults, schema }), [
            ["ingress.hots", "host"],
            ["labels.team", undefined],
        ]);
    });

    it("GIVEN a schema level that admits more (additionalProperties, no properties, an anyOf branch) THEN nothing under it is reported", () => {
        const schema = {
            properties: {
                extra: { type: "object", properties: { a: {} }, additionalProperties: true },
                free: { type: "object" },
                either: { anyOf: [{ properties: { a: {} } }, { type: "object", additionalProperties: { type: "string" } }] },
                described: { properties: { only: { type: "string" } } },
            },
        };
        const values = { extra: { b: 1 }, free: { c: 1 }, either: { d: "x" }, described: { only: "x", onyl: "y" } };
        assert.deepEqual(keys(values, { schema }), [["described.onyl", "only"]]);
    });

    it("GIVEN a key only the schema names, without saying what is under it THEN its contents are free", () => {
        assert.deepEqual(keys({ config: { a: { b: 1 } } }, { schema: { properties: { config: {} } } }), []);
    });

    it("GIVEN a chart with neither values.yaml nor schema in the repository THEN nothing is reported", () => {
        assert.deepEqual(keys({ anything: 1 }, {}), []);
    });

    it("GIVEN a $ref cycle THEN it ends, taking the schema as free-form", () => {
        const schema = { $ref: "#/definitions/a", definitions: { a: { $ref: "#/definitions/a" } } };
        assert.deepEqual(keys({ x: 1 }, { schema }), []);
    });
});
