import * as assert from "node:assert/strict";
import { counted } from "../../../core/base/words";

describe("counted", () => {
    it("uses the singular for exactly one and the plural otherwise, a given plural included", () => {
        assert.equal(counted(1, "warning"), "1 warning");
        assert.equal(counted(0, "warning"), "0 warnings");
        assert.equal(counted(2, "quota"), "2 quotas");
        assert.equal(counted(1, "network policy", "network policies"), "1 network policy");
        assert.equal(counted(38, "network policy", "network policies"), "38 network policies");
    });
});
