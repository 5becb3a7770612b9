import * as assert from "node:assert/strict";
import { releasePath } from "../../../core/model/stackModel";

describe("the stack model", () => {
    it("GIVEN a release THEN its path is <cluster>/<namespace>/<release>, the key of its outputs", () => {
        assert.equal(
            releasePath({ cluster: "weu", namespace: "fintech", name: "fintech-payments-api" }),
            "weu/fintech/fintech-payments-api",
        );
    });

    it("GIVEN the same release in two clusters or namespaces THEN the paths differ", () => {
        const paths = [
            { cluster: "weu", namespace: "fintech", name: "api" },
            { cluster: "neu", namespace: "fintech", name: "api" },
            { cluster: "weu", namespace: "retail", name: "api" },
        ].map(releasePath);
        assert.equal(new Set(paths).size, 3);
    });
});
