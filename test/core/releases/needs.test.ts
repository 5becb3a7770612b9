import * as assert from "node:assert/strict";
import fc from "fast-check";
import { findCycles, orderByNeeds } from "../../../core/releases/needs";
import { denseNeeds } from "../../../scripts/benchValues";

/** Whether `cycle` is a real cycle of `graph`: each node needs the next, the last needs the first. */
const isCycle = (graph: ReadonlyMap<string, readonly string[]>, cycle: readonly string[]) =>
    cycle.every((node, i) => (graph.get(node) ?? []).includes(cycle[(i + 1) % cycle.length]));

describe("needs: cycles found in linear time", () => {
    it("finds no cycle among 300 apps that each need every earlier one (the search that took over 20 s at 30)", function () {
        this.timeout(60_000);
        assert.deepEqual(findCycles(denseNeeds(300, false)), []);
    });

    it("finds the one cycle when the first of 300 such apps needs the last, and names a real cycle", function () {
        this.timeout(60_000);
        const graph = denseNeeds(300, true);
        const cycles = findCycles(graph);
        assert.equal(cycles.length, 1);
        assert.ok(isCycle(graph, cycles[0]), cycles[0].join(" -> "));
        assert.equal(cycles[0][0], "team/app0", "starts at its smallest app");
    });

    it("reports one real cycle per group of apps that need each other, on random graphs", () => {
        const graphs = fc
            .array(fc.tuple(fc.integer({ min: 0, max: 12 }), fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 4 })), {
                maxLength: 13,
            })
            .map(
                (edges) =>
                    new Map(edges.map(([from, to]) => [`t/a${from}`, [...new Set(to.filter((x) => x !== from))].map((x) => `t/a${x}`)])),
            );
        fc.assert(
            fc.property(graphs, (graph) => {
                const cycles = findCycles(graph);
                for (const cycle of cycles) {
                    assert.ok(cycle.length > 1 && isCycle(graph, cycle), cycle.join(" -> "));
                }
                // Acyclic exactly when ordering by needs puts every need first.
                const releases = [...graph.entries()].map(([name, needs]) => ({ name, needs: needs.filter((n) => graph.has(n)) }));
                const ordered = orderByNeeds(releases).map((r) => r.name);
                const consistent = releases.every((r) => r.needs.every((n) => ordered.indexOf(n) < ordered.indexOf(r.name)));
                assert.equal(cycles.length === 0, consistent);
            }),
        );
    });
});
