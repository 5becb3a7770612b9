import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { CHECKED, cruise, layerGraph, ROOT, withGraph } from "../../scripts/layers";

describe("layers (dependency-cruiser with .dependency-cruiser.cjs)", function () {
    this.timeout(120_000);

    it("the code has no import cycle, type-only imports included, and every layer imports only the ones below it", () => {
        const { code, output } = cruise([...CHECKED, "--output-type", "err-long"]);
        assert.equal(code, 0, output);
        assert.match(output, /no dependency violations found/);
    });

    it("would catch a cycle and a layer that imports upwards", () => {
        const fixture = path.join(ROOT, "test/fixtures/layers");
        const { code, output } = cruise(["core", "--config", path.join(ROOT, ".dependency-cruiser.cjs"), "--output-type", "err"], fixture);
        assert.notEqual(code, 0);
        assert.match(output, /no-circular: core\/base\/a\.ts/);
        assert.match(output, /core-base: core\/base\/b\.ts → core\/config\/c\.ts/);
    });

    it("the README shows the graph the imports make today", () => {
        const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        // The same nodes and edges: the order dependency-cruiser lists them in follows the order it reads
        // the imports in, which says nothing about the layers.
        const lines = (text: string) => text.split("\n").sort();
        assert.deepEqual(lines(readme), lines(withGraph(readme, layerGraph())), "run npm run layers -- --write");
    });
});
