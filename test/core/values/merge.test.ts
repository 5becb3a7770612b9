import * as assert from "node:assert/strict";
import fc from "fast-check";
import { formatKeyPath } from "../../../core/base/keyPath";
import { isMap, mergeValues, type Values, type ValuesLayer } from "../../../core/values/merge";

const layer = (source: string, values: Values): ValuesLayer => ({ source, values });

describe("values merge (Helm semantics for several -f files)", () => {
    const cases: { name: string; layers: ValuesLayer[]; values: Values; sources: Record<string, string> }[] = [
        {
            name: "a higher layer's scalar replaces a lower one",
            layers: [layer("a", { x: 1 }), layer("b", { x: 2 })],
            values: { x: 2 },
            sources: { x: "b" },
        },
        {
            name: "maps merge recursively, keeping keys only a lower layer set",
            layers: [layer("a", { m: { x: 1, y: 1 } }), layer("b", { m: { y: 2, z: 2 } })],
            values: { m: { x: 1, y: 2, z: 2 } },
            sources: { "m.x": "a", "m.y": "b", "m.z": "b" },
        },
        {
            name: "arrays are replaced whole, never merged or appended",
            layers: [layer("a", { list: [1, 2, 3] }), layer("b", { list: [9] })],
            values: { list: [9] },
            sources: { list: "b" },
        },
        {
            name: "an explicit null replaces the value and stays in the result (Helm then drops the chart default)",
            layers: [layer("a", { r: { limits: { cpu: "1", memory: "1Gi" } } }), layer("b", { r: { limits: { cpu: null } } })],
            values: { r: { limits: { cpu: null, memory: "1Gi" } } },
            sources: { "r.limits.cpu": "b", "r.limits.memory": "a" },
        },
        {
            name: "null over a whole map removes the map",
            layers: [layer("a", { probe: { path: "/", port: 80 } }), layer("b", { probe: null })],
            values: { probe: null },
            sources: { probe: "b" },
        },
        {
            name: "a map replaces a scalar and a scalar replaces a map, provenance following",
            layers: [layer("a", { x: "s", y: { k: 1 } }), layer("b", { x: { k: 2 }, y: "t" })],
            values: { x: { k: 2 }, y: "t" },
            sources: { "x.k": "b", y: "b" },
        },
        {
            name: "a key set in every layer comes from the highest",
            layers: ["l1", "l2", "l3", "l4", "l5"].map((s, i) => layer(s, { logLevel: `v${i}` })),
            values: { logLevel: "v4" },
            sources: { logLevel: "l5" },
        },
        {
            name: "keys that are not identifiers are quoted in provenance paths",
            layers: [layer("a", { podAnnotations: { "prometheus.io/scrape": "true" } })],
            values: { podAnnotations: { "prometheus.io/scrape": "true" } },
            sources: { 'podAnnotations["prometheus.io/scrape"]': "a" },
        },
        {
            name: "an empty map is a leaf of its own",
            layers: [layer("a", { nodeSelector: {} })],
            values: { nodeSelector: {} },
            sources: { nodeSelector: "a" },
        },
        {
            name: "a map over a null starts afresh: keys from below the null do not come back",
            layers: [layer("a", { b: { a: {} } }), layer("b", { b: null }), layer("c", { b: {} })],
            values: { b: {} },
            sources: { b: "c" },
        },
        {
            name: "no layers give empty values",
            layers: [],
            values: {},
            sources: {},
        },
    ];
    for (const c of cases) {
        it(c.name, () => {
            const merged = mergeValues(c.layers);
            assert.deepEqual(merged.values, c.values);
            assert.deepEqual(merged.sources, c.sources);
        });
    }

    it("treats a key named __proto__ as data, not as the object's prototype", () => {
        const merged = mergeValues([layer("a", JSON.parse('{"__proto__": {"polluted": true}, "x": 1}'))]);
        assert.deepEqual(Object.keys(merged.values), ["__proto__", "x"]);
        assert.equal(({} as Values).polluted, undefined);
        assert.equal(Object.getPrototypeOf(merged.values), Object.prototype);
        assert.deepEqual(merged.sources, { "__proto__.polluted": "a", x: "a" });
    });

    it("never mutates its inputs, even when later layers change what earlier ones set", () => {
        const low = { m: { list: [1], deep: { x: 1 } } };
        const high = { m: { deep: { y: 2 } } };
        const snapshot = structuredClone([low, high]);
        const merged = mergeValues([layer("a", low), layer("b", high)]);
        (merged.values.m as Values).list = ["changed"];
        assert.deepEqual([low, high], snapshot);
    });
});

/** YAML-like values: maps, arrays, scalars and null, a few levels deep, over a small key space so layers overlap. */
const valuesArb: fc.Arbitrary<Values> = fc.letrec((tie) => ({
    value: fc.oneof(
        { depthSize: "small" },
        fc.constantFrom(null, true, 0, 1, "a", "b"),
        fc.array(fc.constantFrom(1, "x"), { maxLength: 3 }),
        tie("map"),
    ),
    map: fc.dictionary(fc.constantFrom("a", "b", "c", "d.e", "__proto__"), tie("value"), { maxKeys: 3, noNullPrototype: true }),
})).map as fc.Arbitrary<Values>;

/** Every leaf of a values document: key path → value. */
function leaves(values: Values, path: string[] = [], out = new Map<string, unknown>()): Map<string, unknown> {
    for (const [k, v] of Object.entries(values)) {
        if (isMap(v) && Object.keys(v).length > 0) {
            leaves(v, [...path, k], out);
        } else {
            out.set(formatKeyPath([...path, k]), v);
        }
    }
    return out;
}

describe("values merge properties", () => {
    // Helm folds -f files left to right. The fold is not associative (see the null case in the
    // table above), so only the left grouping is a property.
    it("merging the lower layers first, then the top one, equals merging all at once", () => {
        fc.assert(
            fc.property(valuesArb, valuesArb, valuesArb, (a, b, c) => {
                const once = mergeValues([layer("a", a), layer("b", b), layer("c", c)]).values;
                const stepwise = mergeValues([layer("ab", mergeValues([layer("a", a), layer("b", b)]).values), layer("c", c)]).values;
                assert.deepEqual(stepwise, once);
            }),
        );
    });

    it("keeps every leaf of the highest layer unchanged", () => {
        fc.assert(
            fc.property(valuesArb, valuesArb, (low, high) => {
                const merged = leaves(mergeValues([layer("low", low), layer("high", high)]).values);
                for (const [key, value] of leaves(high)) {
                    if (!(isMap(value) && Object.keys(value).length === 0)) {
                        assert.deepEqual(merged.get(key), value, key);
                    }
                }
            }),
        );
    });

    it("attributes every leaf to a layer that sets exactly that value at that path", () => {
        fc.assert(
            fc.property(fc.array(valuesArb, { maxLength: 4 }), (docs) => {
                const layers = docs.map((d, i) => layer(`l${i}`, d));
                const merged = mergeValues(layers);
                const resultLeaves = leaves(merged.values);
                assert.deepEqual([...Object.keys(merged.sources)].sort(), [...resultLeaves.keys()].sort());
                for (const [key, value] of resultLeaves) {
                    const source = layers.find((l) => l.source === merged.sources[key]);
                    assert.ok(source, `no layer for ${key}`);
                    assert.deepEqual(leaves(source.values as Values).get(key), value, `${key} from ${source.source}`);
                }
            }),
        );
    });

    it("does not mutate any layer", () => {
        fc.assert(
            fc.property(fc.array(valuesArb, { maxLength: 4 }), (docs) => {
                const before = structuredClone(docs);
                mergeValues(docs.map((d, i) => layer(`l${i}`, d)));
                assert.deepEqual(docs, before);
            }),
        );
    });
});
