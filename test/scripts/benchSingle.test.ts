import * as assert from "node:assert/strict";
import { type Measure, median, rowOf } from "../../scripts/benchSingle";

const measure = (ms: number, maxRssMb: number, more: Partial<Measure> = {}): Measure => ({ resources: 600, ms, maxRssMb, ...more });

describe("the single-stack benchmark's table (scripts/benchSingle.ts)", () => {
    it("GIVEN run times in any order THEN the median is the middle one, the upper middle of an even count", () => {
        const cases: [number[], number][] = [
            [[5], 5],
            [[30, 10, 20], 20],
            [[9, 1, 7, 3, 5], 5],
            [[4, 1, 3, 2], 3],
        ];
        for (const [xs, middle] of cases) {
            const before = [...xs];
            assert.equal(median(xs), middle, xs.join(", "));
            assert.deepEqual(xs, before, "the runs are left in their order");
        }
    });

    it("GIVEN the runs of one size THEN medians rounded, plan/B of each run paired with its own floor B, the highest peaks", () => {
        const plan = [measure(100.4, 300.2, { criticalPath: 9 }), measure(300, 310.7), measure(200, 305)];
        const floorB = [measure(50, 200), measure(100, 240.4), measure(100, 210)];
        const floorA = [measure(10.6, 100), measure(30, 100), measure(20, 100)];
        assert.deepEqual(rowOf(100, plan, floorB, floorA), {
            teams: 100,
            resources: 600,
            planMs: 200,
            floorBMs: 100,
            planOverB: [2, 3],
            floorAMs: 20,
            planPeakRssMb: 311,
            floorBPeakRssMb: 240,
            criticalPath: 9,
        });
    });

    it("GIVEN a first plan that reports no critical path THEN the row's is 0, and its resources are the first plan's", () => {
        const row = rowOf(
            50,
            [measure(10, 1, { resources: 310 }), measure(10, 1, { resources: 999 })],
            [measure(5, 1), measure(5, 1)],
            [measure(1, 1)],
        );
        assert.deepEqual([row.criticalPath, row.resources, row.planOverB], [0, 310, [2, 2]]);
    });
});
