import * as assert from "node:assert/strict";
import type { Location } from "../../../core/base/problems";
import { type Anchor, evaluateGovernance, type LocateAnchor } from "../../../core/governance";
import type { ReleaseSpec, StackModel } from "../../../core/model/stackModel";
import type { Values } from "../../../core/values/merge";
import { sampleStack } from "../checks/stages";

// uat enforces governance, waives replicas-or-autoscaler, and its sample breaks no rule.
let uat: StackModel;
let catalog: ReleaseSpec;

/** A locator that says which release and anchor it was asked for. */
const calls: [string, Anchor][] = [];
const locate: LocateAnchor = (r, anchor): Location => {
    calls.push([r.name, anchor]);
    return { file: `located ${r.name}`, path: JSON.stringify(anchor) };
};

/** uat with the catalog's release changed, and `more` of the model. */
const withCatalog = (change: Partial<ReleaseSpec>, more: Partial<StackModel> = {}): StackModel => ({
    ...uat,
    releases: uat.releases.map((r) => (r === catalog ? { ...r, ...change } : r)),
    ...more,
});
const latest = () => ({ values: { ...catalog.values, image: { ...(catalog.values.image as Values), tag: "latest" } } });
const levelled = (level: "enforce" | "advise", enabled = uat.environment.governance.enabled): Partial<StackModel> => ({
    environment: { ...uat.environment, governanceLevel: level, governance: { ...uat.environment.governance, enabled } },
});

describe("evaluateGovernance: the platform rules on the validated model", () => {
    before(() => {
        uat = sampleStack("uat").model;
        catalog = uat.releases.find((r) => r.name === "retail-catalog") as ReleaseSpec;
    });

    beforeEach(() => {
        calls.length = 0;
    });

    it("GIVEN uat's sample THEN no finding, though its releases run one replica: that rule is waived there", () => {
        assert.deepEqual(evaluateGovernance(uat, locate), []);
        const enabled = [...uat.environment.governance.enabled, "replicas-or-autoscaler" as const];
        const unwaived = evaluateGovernance({ ...uat, ...levelled("enforce", enabled) }, locate);
        assert.ok(unwaived.length > 0, "uat's releases break replicas-or-autoscaler");
        assert.deepEqual([...new Set(unwaived.map((f) => `${f.level} ${f.rule}`))], ["error replicas-or-autoscaler"]);
    });

    it("GIVEN a release that breaks a rule where governance enforces THEN an error at the release, located by the locator", () => {
        assert.deepEqual(evaluateGovernance(withCatalog(latest()), locate), [
            {
                level: "error",
                rule: "image-tag-pinned",
                message: 'image.tag is "latest"',
                fix: "pin an immutable tag: the image's version, or @sha256:<digest>",
                where: `weu/${catalog.namespace}/retail-catalog`,
                at: { file: "located retail-catalog", path: '{"value":["image","tag"]}' },
            },
        ]);
        assert.deepEqual(calls, [["retail-catalog", { value: ["image", "tag"] }]]);
    });

    it("GIVEN the same where governance advises THEN a warning", () => {
        assert.deepEqual(
            evaluateGovernance(withCatalog(latest(), levelled("advise")), locate).map((f) => [f.level, f.rule]),
            [["warning", "image-tag-pinned"]],
        );
    });

    it("GIVEN the rule not enabled in the environment THEN it is not evaluated", () => {
        const enabled = uat.environment.governance.enabled.filter((r) => r !== "image-tag-pinned");
        assert.deepEqual(evaluateGovernance(withCatalog(latest(), levelled("enforce", enabled)), locate), []);
        assert.deepEqual(calls, []);
    });

    it("GIVEN a verdict that is a warning of its own, one per key THEN warnings even where governance enforces", () => {
        const unknownKeys = [
            { key: "replicaCont", path: ["replicaCont"], nearest: "replicaCount" },
            { key: "logLevl", path: ["logLevl"], nearest: "logLevel" },
        ];
        const found = evaluateGovernance(withCatalog({ unknownKeys }), locate);
        assert.deepEqual(
            found.map((f) => [f.level, f.rule, f.fix]),
            [
                ["warning", "values-keys-known", "did you mean replicaCount?"],
                ["warning", "values-keys-known", "did you mean logLevel?"],
            ],
        );
    });

    it("GIVEN an allowance that has expired THEN an error at the allowance's entry, for its team", () => {
        const expired = evaluateGovernance({ ...uat, today: "2029-01-01" }, locate).filter((f) => f.where === "retail");
        assert.deepEqual(
            expired.map((f) => [f.level, f.rule, f.at]),
            [["error", "allowance-expiry", { file: "allowances/retail.yaml", line: 4, path: "allowances[0]" }]],
        );
        assert.deepEqual(calls, [], "an allowance's finding is where the entry is written, not located by the release locator");
    });

    it("GIVEN an allowance that ends within the notice THEN a warning of its own, even where governance enforces", () => {
        const found = evaluateGovernance({ ...uat, today: "2028-12-21" }, locate).filter((f) => f.where === "retail");
        assert.deepEqual(
            found.map((f) => [f.level, f.message]),
            [["warning", "the allowance for team retail (The storefront serves the public shop domain) expires on 2028-12-31, in 10 days"]],
        );
    });

    it("GIVEN a model with nothing to judge THEN nothing", () => {
        assert.deepEqual(evaluateGovernance({ ...uat, releases: [], teams: [], allowances: [] }, locate), []);
    });
});
