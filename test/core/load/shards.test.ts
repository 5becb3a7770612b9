import * as assert from "node:assert/strict";
import type { Problem } from "../../../core/base/problems";
import { readTenantFiles } from "../../../core/config/tenantFiles";
import { teamsOfStack } from "../../../core/load/shards";
import { smallEnvironment, smallPlatform, tenantFile } from "../../support/smallTree";

const environment = smallEnvironment("  helm-platform:layout: sharded", "  helm-platform:shards:", "    web: [shop, ghost]");
const problems: Problem[] = [];
const running = readTenantFiles(smallPlatform({ "tenants/data.yaml": tenantFile("data") }), problems);

describe("teamsOfStack", () => {
    it("GIVEN the tenants THEN both files are read, so each case below has teams to choose from", () => {
        assert.deepEqual(problems, []);
        assert.deepEqual(
            running.map((t) => t.data.team),
            ["data", "shop"],
        );
    });

    it("GIVEN an environment's only stack THEN it deploys every running team", () => {
        assert.deepEqual([...teamsOfStack({ name: "dev", environment: "dev", kind: "single" }, environment, running)], ["data", "shop"]);
    });

    it("GIVEN the foundation of a sharded environment THEN it deploys no team", () => {
        assert.deepEqual([...teamsOfStack({ name: "dev", environment: "dev", kind: "foundation" }, environment, running)], []);
    });

    it("GIVEN a shard THEN it deploys the teams the environment places in it, as listed", () => {
        const shard = { name: "dev.web", environment: "dev", kind: "shard", shard: "web" } as const;
        assert.deepEqual([...teamsOfStack(shard, environment, running)], ["shop", "ghost"]);
    });

    it("GIVEN a shard the environment does not declare THEN it deploys no team", () => {
        assert.deepEqual([...teamsOfStack({ name: "dev.x", environment: "dev", kind: "shard", shard: "x" }, environment, running)], []);
    });
});
