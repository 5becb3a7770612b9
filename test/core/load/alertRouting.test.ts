import * as assert from "node:assert/strict";
import type { Problem } from "../../../core/base/problems";
import { readTenantFiles } from "../../../core/config/tenantFiles";
import { withAlertRouting } from "../../../core/load/alertRouting";
import { resolveTenants } from "../../../core/tenancy/tenants";
import { smallEnvironment, smallPlatform, tenantFile } from "../../support/smallTree";

/** Three teams: shop with no alerts, data posting through the platform's webhook, ops through its own. */
const problems: Problem[] = [];
const tenants = readTenantFiles(
    smallPlatform({
        "tenants/data.yaml": tenantFile("data", ["dev"], "alerts:", '  slackChannel: "#data-oncall"'),
        "tenants/ops.yaml": tenantFile(
            "ops",
            ["dev"],
            "namespace: operations",
            "alerts:",
            '  slackChannel: "#ops"',
            "  webhookSecret: ops-hook",
        ),
    }),
    problems,
);
/** The small environment has monitoring off; this one has it on. */
const unmonitored = smallEnvironment();
const environment = { ...unmonitored, monitoring: { ...unmonitored.monitoring, enabled: true } };
const specs = resolveTenants(tenants, environment, new Map());
const routed = (env = environment) => new Map(withAlertRouting(specs, tenants, env).map((s) => [s.team, s.alerts]));

describe("withAlertRouting", () => {
    it("GIVEN the teams THEN all three files are read", () => {
        assert.deepEqual(problems, []);
        assert.deepEqual(
            specs.map((s) => s.team),
            ["data", "ops", "shop"],
        );
    });

    it("GIVEN a team with a channel and no webhook of its own THEN its alerts go to its channel, in its namespace, through the platform's webhook", () => {
        assert.deepEqual(routed().get("data"), { team: "data", namespace: "data", slackChannel: "#data-oncall", webhookSecret: undefined });
    });

    it("GIVEN a team with a webhook secret THEN it is the team's own secret, qualified by its team", () => {
        assert.deepEqual(routed().get("ops"), {
            team: "ops",
            namespace: "operations",
            slackChannel: "#ops",
            webhookSecret: "ops/ops-hook",
        });
    });

    it("GIVEN a team without alerts THEN its spec is left as it was", () => {
        const shop = withAlertRouting(specs, tenants, environment).find((s) => s.team === "shop");
        assert.equal(
            shop,
            specs.find((s) => s.team === "shop"),
        );
        assert.equal(shop?.alerts, undefined);
    });

    it("GIVEN monitoring off THEN no team's alerts are routed", () => {
        assert.equal(unmonitored.monitoring.enabled, false);
        assert.deepEqual([...routed(unmonitored).values()], [undefined, undefined, undefined]);
    });
});
