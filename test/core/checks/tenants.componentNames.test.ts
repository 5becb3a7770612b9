import * as assert from "node:assert/strict";
import { ConfigError, formatProblem } from "../../../core/base/problems";
import type { SourceTree } from "../../../core/base/sourceTree";
import { readStackConfig } from "../../../core/config/stackFile";
import { loadStack } from "../../../core/load/loadStack";
import { smallPlatform, smallStackFile, tenantFile } from "../../support/smallTree";

/** The small platform's dev with clusters `clusters` and teams `teams` (each with app web). */
function platform(clusters: readonly string[], teams: readonly string[]): SourceTree {
    const files: Record<string, string | null> = {
        "Pulumi.dev.yaml": smallStackFile().replace(
            "    - name: weu\n      location: westeurope\n",
            clusters.map((c) => `    - name: ${c}\n      location: westeurope\n`).join(""),
        ),
        "tenants/shop.yaml": null,
        "tenants/shop/web/values.yaml": null,
    };
    for (const team of teams) {
        files[`tenants/${team}.yaml`] = tenantFile(team);
        files[`tenants/${team}/web/values.yaml`] = "replicaCount: 2\nimage:\n  tag: 1.0.0\n";
    }
    return smallPlatform(files);
}

/** The problems of the team-component-names check when dev is loaded, formatted. */
function componentNameProblems(tree: SourceTree): string[] {
    try {
        loadStack(tree, "dev", readStackConfig(tree, "dev").config);
        return [];
    } catch (error) {
        assert.ok(error instanceof ConfigError, String(error));
        return error.problems.filter((p) => p.message.includes("are both named")).map(formatProblem);
    }
}

describe("team-component-names (core/checks/tenants.ts)", () => {
    it("GIVEN cluster a-b with team c and cluster a with team b-c THEN the second team is refused, naming both pairs and the name", () => {
        assert.deepEqual(componentNameProblems(platform(["a-b", "a"], ["b-c", "c"])), [
            'tenants/c.yaml:1: team: team "c" on cluster "a-b" and team "b-c" on cluster "a" are both named dev-a-b-c Fix: rename the team, or the cluster, so that no <cluster>-<team> spells another\'s',
        ]);
    });

    it("GIVEN dashed cluster and team names that spell no other pair THEN the environment loads", () => {
        const tree = platform(["weu-1", "neu-1"], ["shop-web", "pay"]);
        assert.deepEqual(componentNameProblems(tree), []);
        assert.deepEqual(
            loadStack(tree, "dev", readStackConfig(tree, "dev").config).model.teams.map((t) => t.team),
            ["pay", "shop-web"],
        );
    });
});
