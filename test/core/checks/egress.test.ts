import * as assert from "node:assert/strict";
import * as egress from "../../../core/checks/egress";
import { egressDestinationProblem } from "../../../core/checks/egress";
import { load } from "../../helpers";
import { firingTests } from "./brokenSamples";

describe("egressDestinationProblem: why a network is refused, and the fix", () => {
    const dev = load("dev").environment;
    const nodes = dev.clusters[0]?.network.vnetCidrs[0];

    it("GIVEN a network wider than a /16 over a cluster's nodes THEN both reasons at once, and a fix that leads out of both", () => {
        assert.equal(nodes, "10.224.0.0/12", "the sample's dev cluster uses AKS's managed virtual network");
        const refused = egressDestinationProblem("10.224.0.0/12", dev);
        assert.ok(refused, "10.224.0.0/12 is refused");
        assert.match(
            refused.problem,
            /^is wider than a \/16, the widest network one rule may name, and would include the nodes' network of cluster weu/,
        );
        assert.doesNotMatch(refused.hint, /at most a \/16/, "narrowing to a /16 would stay inside the nodes' network");
        // The fix it names is itself accepted.
        const example = /such as (\S+)$/.exec(refused.hint)?.[1];
        assert.ok(example, refused.hint);
        assert.equal(egressDestinationProblem(example, dev), undefined);
        // The /16 the width rule alone would have suggested is refused for the second reason.
        assert.match(egressDestinationProblem("10.224.0.0/16", dev)?.problem ?? "", /nodes' network of cluster weu/);
    });

    it("GIVEN a wide network that reaches nothing forbidden THEN only the width, and the fix narrows it", () => {
        const refused = egressDestinationProblem("198.0.0.0/12", dev);
        assert.deepEqual(refused, {
            problem: "is wider than a /16, the widest network one rule may name",
            hint: "name the networks the team calls, each at most a /16",
        });
        assert.equal(egressDestinationProblem("198.51.100.0/24", dev), undefined);
    });
});

describe("egress checks in the loader", () => {
    firingTests(egress, {
        "egress-destination": {
            stack: "dev",
            changes: { "tenants/fintech.yaml": ["cidr: 198.51.100.0/24", "cidr: 10.0.0.0/8"] },
            reports: "egress to 10.0.0.0/8 is wider than a /16",
        },
        "egress-to-team": {
            stack: "dev",
            changes: { "tenants/retail.yaml": ["        - port: 8080\n", "        - port: 8081\n"] },
            reports: 'team "retail" does not admit "fintech" on 8080/TCP',
        },
        "allowance-egress": {
            stack: "dev",
            changes: { "allowances/fintech.yaml": ["egress: [198.51.100.0/24]", "egress: [198.51.100.0/24, 169.254.0.0/16]"] },
            reports: "allowances[1].egress[1]: egress to 169.254.0.0/16 would include",
        },
        "egress-allowed": {
            stack: "dev",
            changes: { "tenants/fintech.yaml": ["cidr: 198.51.100.0/24", "cidr: 203.0.113.0/24"] },
            reports: "egress to 203.0.113.0/24 is not allowed for team fintech in dev",
        },
    });
});
