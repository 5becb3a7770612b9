import * as assert from "node:assert/strict";
import { contains } from "../../../core/checks/egress";
import type { AllowanceEntry, TeamAllowance } from "../../../core/model/allowances";
import { allowedPodSecurity } from "../../../core/tenancy/allowances";

const entry = (grants: Partial<AllowanceEntry>): AllowanceEntry => ({
    reason: "a reason long enough",
    approvedBy: "platform-team",
    expires: "2028-01-31",
    at: { file: "allowances/t.yaml", path: "allowances[0]" },
    ...grants,
});
const allowance = (...entries: AllowanceEntry[]): TeamAllowance => ({ team: "t", file: "allowances/t.yaml", entries });

describe("allowance arithmetic", () => {
    it("holds a network inside another only when it is of the same family and no wider", () => {
        const cases: [string, string, boolean][] = [
            ["20.50.0.0/16", "20.50.7.0/24", true],
            ["20.50.0.0/16", "20.50.0.0/16", true],
            ["20.50.0.0/16", "20.0.0.0/8", false],
            ["20.50.0.0/16", "20.51.0.0/24", false],
            ["2001:db8::/32", "2001:db8:1::/48", true],
            ["20.50.0.0/16", "2001:db8::/48", false],
        ];
        for (const [outer, inner, expected] of cases) {
            assert.equal(contains(outer, inner), expected, `${outer} ⊇ ${inner}`);
        }
    });

    it("takes the weakest Pod Security level any entry allows, and none when no entry speaks of it", () => {
        assert.equal(allowedPodSecurity(allowance()), undefined);
        assert.equal(allowedPodSecurity(allowance(entry({ serviceTypes: ["LoadBalancer"] }))), undefined);
        assert.equal(allowedPodSecurity(allowance(entry({ podSecurity: "baseline" }), entry({ podSecurity: "privileged" }))), "privileged");
        assert.equal(allowedPodSecurity(allowance(entry({ podSecurity: "restricted" }), entry({ podSecurity: "baseline" }))), "baseline");
    });
});
