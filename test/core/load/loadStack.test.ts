import * as assert from "node:assert/strict";
import { ConfigError } from "../../../core/base/problems";
import { readStackConfig } from "../../../core/config/stackFile";
import { governanceOf, loadStack } from "../../../core/load/loadStack";
import { smallPlatform } from "../../support/smallTree";

/** The small platform, with an allowance of team shop that lasts until 2027-01-15. */
const tree = smallPlatform({
    "allowances/shop.yaml":
        'team: shop\nallowances:\n  - reason: more pods for the launch week\n    approvedBy: platform-team (PLAT-9)\n    expires: "2027-01-15"\n    quota:\n      pods: 200\n',
});
const config = readStackConfig(tree, "dev").config;
const expiry = (today: string) => loadStack(tree, "dev", config, today).findings.filter((f) => f.rule === "allowance-expiry");

describe("loadStack", () => {
    const loaded = loadStack(tree, "dev", config, "2026-06-01");

    it("GIVEN a valid stack THEN its model holds the stack's teams and releases", () => {
        assert.deepEqual(loaded.model.stack, { name: "dev", environment: "dev", kind: "single" });
        assert.deepEqual(
            loaded.model.teams.map((t) => t.team),
            ["shop"],
        );
        assert.deepEqual(
            loaded.model.releases.map((r) => [r.name, r.chart, r.version]),
            [["shop-web", "oci://acrshopdev.azurecr.io/helm-charts/shop/web", "1.0.0"]],
        );
        assert.equal(loaded.model.today, "2026-06-01");
    });

    it("GIVEN governance rules the release breaks THEN each finding points at where its fix is written", () => {
        assert.deepEqual(
            loaded.findings.map((f) => [f.rule, f.level, f.where, `${f.at.file}:${f.at.line}: ${f.at.path}`]),
            [
                ["chart-provenance", "warning", "weu/shop/shop-web", "Pulumi.dev.yaml:1: helm-platform:charts.keyring"],
                ["image-from-platform-registry", "warning", "weu/shop/shop-web", "tenants/shop/web/values.yaml:2: image.registry"],
            ],
        );
    });

    it("GIVEN the sample's object IDs THEN they are the stack's placeholders", () => {
        assert.deepEqual(
            loaded.placeholders.map((p) => `${p.file}:${p.line}: ${p.path}`),
            ["Pulumi.dev.yaml:4: helm-platform:adminGroupObjectIds[0]", "tenants/shop.yaml:3: groups.owners[0]"],
        );
    });

    it("GIVEN the day of the load THEN an allowance's expiry is judged by it: nothing long before, a notice days before, expired after", () => {
        assert.deepEqual(expiry("2026-06-01"), []);
        assert.deepEqual(
            expiry("2027-01-10").map((f) => f.message),
            ["the allowance for team shop (more pods for the launch week) expires on 2027-01-15, in 5 days"],
        );
        const [expired] = expiry("2027-02-01");
        assert.equal(
            expired?.message,
            "the allowance for team shop (more pods for the launch week; approved by platform-team (PLAT-9)) expired on 2027-01-15",
        );
        assert.deepEqual(expired?.at, { file: "allowances/shop.yaml", line: 3, path: "allowances[0]" });
    });

    it("GIVEN a model already loaded THEN governanceOf finds what the load found", () => {
        assert.deepEqual(governanceOf(loaded.model, tree), loaded.findings);
    });

    it("GIVEN an invalid tenant file THEN one ConfigError lists its problems, and no model is made", () => {
        const broken = smallPlatform({ "tenants/shop.yaml": "team: shop\ngroups:\n  owners: [nobody]\nenvironments: [dev]\napps: {}\n" });
        assert.throws(
            () => loadStack(broken, "dev", readStackConfig(broken, "dev").config, "2026-06-01"),
            (error: unknown) =>
                error instanceof ConfigError &&
                error.problems.map((p) => `${p.file}:${p.line}: ${p.path}`).join("\n") === "tenants/shop.yaml:3: groups.owners[0]",
        );
    });
});
