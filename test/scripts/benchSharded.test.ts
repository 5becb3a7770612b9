import * as assert from "node:assert/strict";
import fc from "fast-check";
import { checkpointBytes, queues, unionSizes } from "../../scripts/benchSharded";

describe("the sharded benchmark's figures (scripts/benchSharded.ts)", () => {
    it("GIVEN the resources' JSON sizes THEN the checkpoint bytes are the sizes of every state written after each resource", () => {
        fc.assert(
            fc.property(
                fc.array(fc.record({ urn: fc.string(), inputs: fc.dictionary(fc.string(), fc.string()) }), { maxLength: 30 }),
                (rs) => {
                    const written = rs.reduce((sum, _, i) => sum + Buffer.byteLength(JSON.stringify(rs.slice(0, i + 1))), 0);
                    assert.equal(checkpointBytes(rs.map((r) => Buffer.byteLength(JSON.stringify(r)))), written);
                },
            ),
        );
        // One stack of four resources of 10 bytes writes 4 states; two stacks of two write 2 each.
        assert.equal(checkpointBytes([10, 10, 10, 10]), 12 + 23 + 34 + 45);
        assert.equal(2 * checkpointBytes([10, 10]), 2 * (12 + 23));
    });

    it("GIVEN stacks that share resources THEN one stack holding them all counts each once, in order", () => {
        const union = unionSizes([
            { keys: ["p", "a"], sizes: [1, 2] },
            { keys: ["p", "b", "c"], sizes: [1, 3, 4] },
        ]);
        assert.deepEqual(union, [1, 2, 3, 4]);
    });

    it("GIVEN no resource THEN an up writes no state", () => {
        assert.equal(checkpointBytes([]), 0);
        assert.deepEqual(unionSizes([]), []);
    });

    it("GIVEN a resource two stacks hold in different sizes THEN the union keeps the first stack's, the foundation's", () => {
        assert.deepEqual(
            unionSizes([
                { keys: ["provider", "a"], sizes: [5, 2] },
                { keys: ["provider"], sizes: [9] },
            ]),
            [5, 2],
        );
    });

    it("GIVEN stacks and workers THEN the stacks are dealt round-robin, never into more queues than stacks, always one at least", () => {
        const cases: [string[], number, string[][]][] = [
            [
                ["f", "s0", "s1", "s2", "s3"],
                2,
                [
                    ["f", "s1", "s3"],
                    ["s0", "s2"],
                ],
            ],
            [["f", "s0"], 8, [["f"], ["s0"]]],
            [["f", "s0"], 0, [["f", "s0"]]],
            [[], 4, [[]]],
        ];
        for (const [stacks, jobs, dealt] of cases) {
            assert.deepEqual(queues(stacks, jobs), dealt, `${stacks.length} stacks, ${jobs} jobs`);
        }
    });

    it("GIVEN any stacks and workers THEN every stack is in exactly one queue, in its order", () => {
        fc.assert(
            fc.property(fc.array(fc.string(), { maxLength: 40 }), fc.integer({ min: 1, max: 16 }), (stacks, jobs) => {
                const dealt = queues(stacks, jobs);
                assert.ok(dealt.length <= Math.max(1, jobs));
                assert.deepEqual(
                    dealt
                        .flatMap((q, w) => q.map((s, i) => ({ s, at: w + i * dealt.length })))
                        .sort((a, b) => a.at - b.at)
                        .map((x) => x.s),
                    stacks,
                );
            }),
        );
    });
});
