import * as assert from "node:assert/strict";
import { waiverHint } from "../../../core/governance/waivers";
import { RULE_IDS } from "../../../core/model/governance";

describe("waiverHint: what lets a release through a rule it breaks", () => {
    const at = { team: "fintech", app: "ledger", stack: "uat" };

    it("GIVEN the promotion gate THEN the app's exemption in its tenant file, or the stack's waiver", () => {
        assert.equal(
            waiverHint("promotion-gate", at),
            "exempt the app (apps.ledger.promotionExemption: <why> in tenants/fintech.yaml) or waive the gate " +
                "(helm-platform:governance.rules.promotion-gate: {enabled: false, reason: <why>} in Pulumi.uat.yaml)",
        );
    });

    it("GIVEN any other rule THEN only the stack's waiver of that rule", () => {
        const others = RULE_IDS.filter((r) => r !== "promotion-gate");
        assert.ok(others.length > 0);
        for (const rule of others) {
            assert.equal(
                waiverHint(rule, at),
                `waive the rule (helm-platform:governance.rules.${rule}: {enabled: false, reason: <why>} in Pulumi.uat.yaml)`,
            );
        }
    });

    it("GIVEN a shard's stack THEN the waiver is in its environment's stack file, which holds the shard's governance", () => {
        assert.match(waiverHint("image-tag-pinned", { ...at, stack: "prod.payments" }), / in Pulumi\.prod\.yaml\)$/);
        assert.match(
            waiverHint("promotion-gate", { ...at, stack: "prod.payments" }),
            /in tenants\/fintech\.yaml\) .* in Pulumi\.prod\.yaml\)$/,
        );
    });
});
