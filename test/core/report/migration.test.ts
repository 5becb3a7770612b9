import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { stacksOf } from "../../../core/load/stacks";
import type { Plan } from "../../../core/report/planTypes";
import { runPlanCli } from "../../../plan/cli";
import { writePlan } from "../../../plan/runPlan";
import { program } from "../../../program/stack";
import { changedTree, load, ROOT, sampleTree } from "../../helpers";
import { planOf } from "../../support/plans";
import { stackUrns } from "../../support/stackUrns";
import { tempDir } from "../../support/temp";

const read = (file: string) => sampleTree().read(file) as string;

/** The sample's prod as it was before it was sharded: one stack, fintech's secret in its file. */
function prodAsOneStack() {
    const secret = read("Pulumi.prod.payments.yaml").split("helm-platform:secrets:\n")[1] as string;
    const stack = read("Pulumi.prod.yaml")
        .replace(/ {2}# Production is a foundation stack[\s\S]*?commerce: \[retail, data\]\n/, "")
        .replace(
            "        secure: v1:c2FtcGxlLW5vbmNl:c2FtcGxlLWdyYWZhbmEtcmVwbGFjZS1tZQ==\n",
            `        secure: v1:c2FtcGxlLW5vbmNl:c2FtcGxlLWdyYWZhbmEtcmVwbGFjZS1tZQ==\n${secret}`,
        );
    return changedTree({ "Pulumi.prod.yaml": stack, "Pulumi.prod.payments.yaml": null, "Pulumi.prod.commerce.yaml": null });
}

describe("moving a single-stack environment to shards", function () {
    this.timeout(60_000);
    let single: Plan;
    let out: string;
    let code: number;
    let stdout = "";
    before(async () => {
        single = await planOf(prodAsOneStack(), "prod");
        const base = tempDir("migration-base-");
        writePlan(base, single, { grants: [], installers: [] } as never, "");
        out = tempDir("migration-");
        const context = { root: ROOT, tree: sampleTree(), program, stdout: (t: string) => (stdout += t), stderr: () => {} };
        code = await runPlanCli(["--stack", "prod", "--against", base, "--out", out, "--jobs", "1"], context);
    });

    it("plans prod as before but for the stacks: a foundation and two shards, nothing protected removed", () => {
        assert.equal(code, 0, stdout);
        const stacks = JSON.parse(fs.readFileSync(path.join(out, "stacks.json"), "utf8")) as { name: string; kind: string }[];
        assert.deepEqual(
            stacks.map((s) => `${s.name} ${s.kind}`),
            ["prod foundation", "prod.payments shard", "prod.commerce shard"],
        );
    });

    it("says the teams' resources move, with the state moves that keep them, and reports none of them removed", () => {
        const moves = JSON.parse(fs.readFileSync(path.join(out, "moves.json"), "utf8")) as { from: string; to: string; roots: string[] }[];
        assert.deepEqual(
            moves.map((m) => `${m.from} → ${m.to}`),
            ["prod → prod.payments", "prod → prod.commerce"],
        );
        const team = (cluster: string, name: string) =>
            `urn:pulumi:prod::helm-platform::helm-platform:index:Platform$helm-platform:tenant:Team::prod-${cluster}-${name}`;
        assert.deepEqual(
            moves[0]?.roots.sort(),
            [
                "urn:pulumi:prod::helm-platform::helm-platform:index:Platform$helm-platform:tenant:TeamCiIdentity::prod-fintech-ci",
                // The team's publisher: its side of the registry moves with it.
                "urn:pulumi:prod::helm-platform::helm-platform:index:Platform$azure-native:authorization:RoleAssignment::prod-fintech-publisher-0",
                team("neu", "fintech"),
                team("weu", "fintech"),
            ].sort(),
        );
        assert.deepEqual(
            moves[1]?.roots.sort(),
            [
                "urn:pulumi:prod::helm-platform::helm-platform:index:Platform$azure-native:authorization:RoleAssignment::prod-data-publisher-0",
                team("neu", "data"),
                team("neu", "retail"),
                team("weu", "data"),
                team("weu", "retail"),
            ].sort(),
        );
        const foundation = JSON.parse(fs.readFileSync(path.join(out, "prod", "diff.json"), "utf8"));
        assert.deepEqual(foundation.destructive, [], "no namespace is deleted: they move");
        // Only the team installers' providers leave it: each shard registers its own (a move copies them).
        const teams = foundation.resources.removed.filter((r: string) => /fintech|retail|data/.test(r));
        assert.ok(teams.length > 0 && teams.every((r: string) => r.startsWith("pulumi:providers:kubernetes::")), teams.join("\n"));
        const report = fs.readFileSync(path.join(out, "report.md"), "utf8");
        assert.match(report, /## Moved between stacks/);
        assert.match(report, /pulumi state move --source prod --dest prod\.payments --yes '/);
        assert.match(stdout, /pulumi stack export --stack prod --file prod\.before-move\.json/);
        assert.match(stdout, /pulumi stack import --stack prod\.payments --file prod\.payments\.before-move\.json/);
    });

    it("proves every resource of the one stack reappears in exactly one new stack, its inputs unchanged (providers aside)", () => {
        // What the plan above wrote for each stack.
        const plans = stacksOf(sampleTree(), "prod").map(
            (s) => JSON.parse(fs.readFileSync(path.join(out, s.name, "plan.json"), "utf8")) as Plan,
        );
        const skip = (type: string) => type.startsWith("pulumi:providers:") || type === "helm-platform:index:Platform";
        for (const r of single.resources.filter((r) => !skip(r.type))) {
            const key = `${r.type}::${r.name}`;
            const holders = plans.filter((p) => p.resources.some((x) => `${x.type}::${x.name}` === key));
            assert.equal(holders.length, 1, `${key} is in ${holders.map((h) => h.stack).join(", ") || "no stack"}`);
            const now = holders[0]?.resources.find((x) => `${x.type}::${x.name}` === key);
            assert.deepEqual(now?.inputs, r.inputs, key);
        }
        const added = plans.flatMap((p) => p.resources.filter((x) => !skip(x.type)).map((x) => `${x.type}::${x.name}`));
        const extra = added.filter((k) => !single.resources.some((r) => `${r.type}::${r.name}` === k));
        assert.deepEqual(
            extra.map((k) => k.split("::")[0]).sort(),
            [
                "helm-platform:cluster:SharedCluster",
                "helm-platform:cluster:SharedCluster",
                "helm-platform:cluster:SharedCluster",
                "helm-platform:cluster:SharedCluster",
                "pulumi:pulumi:StackReference",
                "pulumi:pulumi:StackReference",
            ],
            "the shards add only how they reach the foundation",
        );
    });

    it("proves the state a move puts at the shard's root is found under the shard's alias, its children's too", async () => {
        for (const shard of ["prod.payments", "prod.commerce"]) {
            const { registered } = await stackUrns(shard, load(shard));
            const moved = [...registered].filter(([key]) => /helm-platform:tenant:(Team|TeamCiIdentity)::/.test(key));
            assert.ok(moved.length > 0);
            for (const [, root] of moved) {
                // What state move writes: the resource under the destination's root, the rest of its chain kept.
                const chain = root.urn.split("::")[2] as string;
                const rootType = chain.split("$").pop() as string;
                const rerooted = root.urn.replace(`::${chain}::`, `::${rootType}::`);
                assert.ok(root.aliases.includes(rerooted), `${rerooted} is no alias of ${root.urn}`);
                const children = [...registered.values()].filter(
                    (c) => c.urn.includes(`${chain}$`) && c.urn.endsWith(root.urn.split("::")[3] as string) === false,
                );
                for (const child of children.filter((c) => c.urn.split("::")[2]?.startsWith(`${chain}$`))) {
                    const after = child.urn.replace(`::${chain}$`, `::${rootType}$`);
                    assert.ok(child.aliases.includes(after), `${after} is no alias of ${child.urn}`);
                }
            }
        }
    });
});
