import * as assert from "node:assert/strict";
import { findCycles } from "../../core/releases/needs";
import { bigValuesFile, denseNeeds } from "../../scripts/benchValues";

describe("the values benchmark's inputs (scripts/benchValues.ts)", () => {
    it("GIVEN a count of keys THEN a flat file of that many lines key<i>, about 90 bytes each, ending with a newline", () => {
        const text = bigValuesFile(1000);
        const lines = text.split("\n");
        assert.equal(lines.pop(), "", "ends with a newline");
        assert.equal(lines.length, 1000);
        assert.equal(lines[999], 'key999: "value number 999 with some padding text, as configuration files grow in practice"');
        assert.ok(lines.every((line, i) => line.startsWith(`key${i}: "`)));
        const bytes = text.length / 1000;
        assert.ok(bytes > 80 && bytes < 100, `${bytes} bytes a key`);
    });

    it("GIVEN apps without the cycle THEN each needs every earlier one, and the graph has no cycle", () => {
        const graph = denseNeeds(4, false);
        assert.deepEqual(
            [...graph],
            [
                ["team/app0", []],
                ["team/app1", ["team/app0"]],
                ["team/app2", ["team/app0", "team/app1"]],
                ["team/app3", ["team/app0", "team/app1", "team/app2"]],
            ],
        );
        assert.deepEqual(findCycles(graph), []);
    });

    it("GIVEN apps with the cycle THEN the first needs the last, so that all need each other: one cycle reported", () => {
        const graph = denseNeeds(4, true);
        assert.deepEqual(graph.get("team/app0"), ["team/app3"]);
        assert.deepEqual(graph.get("team/app3"), ["team/app0", "team/app1", "team/app2"]);
        assert.equal(findCycles(graph).length, 1);
    });
});
