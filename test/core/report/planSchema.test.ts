import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import {
    PLAN_SCHEMA_FILE,
    PLAN_SCHEMA_MAJOR,
    PLAN_SCHEMA_VERSION,
    planFindingSchema,
    planJsonSchema,
    planReleaseSchema,
    planResourceSchema,
    planSchema,
} from "../../../core/report/planSchema";
import type { Values } from "../../../core/values/merge";
import { planFileProblems } from "../../../plan/planFile";
import { ROOT } from "../../helpers";
import { planWith } from "../../support/planContract";

/** The smallest plan there is, as plan.json holds it. */
const minimal = (): Values => JSON.parse(JSON.stringify(planWith({})));
const without = (key: string): Values => {
    const { [key]: _, ...rest } = minimal();
    return rest;
};
/** Where zod finds the content wrong, as `<path>: <code>`. */
const issues = (schema: { safeParse(v: unknown): { error?: { issues: { path: PropertyKey[]; code: string }[] } } }, content: unknown) =>
    (schema.safeParse(content).error?.issues ?? []).map((i) => `${i.path.join(".")}: ${i.code}`);

const RESOURCE = { type: "kubernetes:core/v1:Namespace", name: "ns", parent: null, dependsOn: [], protect: false, inputs: {} };
const RELEASE = {
    cluster: "weu",
    namespace: "fintech",
    name: "fintech-api",
    chart: "oci://r/c",
    version: "1.0.0",
    values: {},
    sources: {},
};
const FINDING = {
    level: "error",
    rule: "image-tag-pinned",
    message: "m",
    where: "weu/fintech/api",
    fix: "f",
    at: { file: "f.yaml", path: "a" },
};

/** Every key a reader relies on being in a plan. */
const REQUIRED = [
    "schemaVersion",
    "stack",
    "environment",
    "kind",
    "teams",
    "references",
    "inventory",
    "resources",
    "releases",
    "platformReleases",
    "findings",
    "governance",
    "secretVersions",
    "outputs",
];

describe("plan.json's schemas (core/report/planSchema)", () => {
    describe("the zod schema readers parse plan.json with", () => {
        it("GIVEN the smallest plan THEN it is read as it is", () => {
            assert.deepEqual(planSchema.parse(minimal()), minimal());
        });

        for (const key of REQUIRED) {
            it(`GIVEN a plan without ${key} THEN it is refused at ${key}`, () => {
                assert.deepEqual(
                    issues(planSchema, without(key)).map((i) => i.split(":")[0]),
                    [key],
                );
            });
        }

        it("GIVEN a field it does not know THEN it is read and the field dropped: a later 1.x may add fields", () => {
            const read = planSchema.parse({ ...minimal(), addedLater: { x: 1 } });
            assert.deepEqual(read, minimal());
        });

        it("GIVEN a schema version THEN any minor of its own major is read, anything else refused", () => {
            assert.equal(PLAN_SCHEMA_VERSION.split(".")[0], String(PLAN_SCHEMA_MAJOR));
            for (const version of [PLAN_SCHEMA_VERSION, `${PLAN_SCHEMA_MAJOR}.0`, `${PLAN_SCHEMA_MAJOR}.17`]) {
                assert.deepEqual(issues(planSchema, { ...minimal(), schemaVersion: version }), [], version);
            }
            for (const version of [
                `${PLAN_SCHEMA_MAJOR + 1}.0`,
                `${PLAN_SCHEMA_MAJOR}`,
                `${PLAN_SCHEMA_MAJOR}.0.1`,
                `v${PLAN_SCHEMA_MAJOR}.0`,
                `1${PLAN_SCHEMA_MAJOR}.0`,
                "",
            ]) {
                assert.deepEqual(issues(planSchema, { ...minimal(), schemaVersion: version }), ["schemaVersion: invalid_format"], version);
            }
        });

        it("GIVEN a stack kind THEN single, foundation and shard only", () => {
            for (const kind of ["single", "foundation", "shard"]) {
                assert.deepEqual(issues(planSchema, { ...minimal(), kind }), [], kind);
            }
            assert.deepEqual(issues(planSchema, { ...minimal(), kind: "sharded" }), ["kind: invalid_value"]);
        });

        it("GIVEN a resource without its dependencies, or protect not a boolean THEN it is refused there", () => {
            const { dependsOn: _, ...noDependencies } = RESOURCE;
            assert.deepEqual(issues(planSchema, { ...minimal(), resources: [RESOURCE, noDependencies] }), [
                "resources.1.dependsOn: invalid_type",
            ]);
            assert.deepEqual(issues(planResourceSchema, { ...RESOURCE, protect: "yes" }), ["protect: invalid_type"]);
        });

        it("GIVEN retainOnDelete or deleteBeforeReplace THEN only true is written, so false is refused", () => {
            assert.deepEqual(issues(planResourceSchema, { ...RESOURCE, retainOnDelete: true, deleteBeforeReplace: true }), []);
            assert.deepEqual(issues(planResourceSchema, { ...RESOURCE, retainOnDelete: false }), ["retainOnDelete: invalid_value"]);
        });

        it("GIVEN a release without its values or their sources THEN it is refused", () => {
            const { values: _v, ...noValues } = RELEASE;
            const { sources: _s, ...noSources } = RELEASE;
            assert.deepEqual(issues(planReleaseSchema, RELEASE), []);
            assert.deepEqual(issues(planReleaseSchema, noValues), ["values: invalid_type"]);
            assert.deepEqual(issues(planReleaseSchema, noSources), ["sources: invalid_type"]);
            assert.deepEqual(issues(planReleaseSchema, { ...RELEASE, sources: { replicaCount: 2 } }), [
                "sources.replicaCount: invalid_type",
            ]);
        });

        it("GIVEN a finding THEN its level is error or warning and its line, when given, a positive whole number", () => {
            assert.deepEqual(issues(planFindingSchema, FINDING), []);
            assert.deepEqual(issues(planFindingSchema, { ...FINDING, level: "warning", at: { ...FINDING.at, line: 3 } }), []);
            assert.deepEqual(issues(planFindingSchema, { ...FINDING, level: "info" }), ["level: invalid_value"]);
            assert.deepEqual(issues(planFindingSchema, { ...FINDING, at: { ...FINDING.at, line: 0 } }), ["at.line: too_small"]);
            assert.deepEqual(issues(planFindingSchema, { ...FINDING, at: { ...FINDING.at, line: 1.5 } }), ["at.line: invalid_type"]);
            assert.deepEqual(issues(planFindingSchema, { ...FINDING, at: { file: "f.yaml" } }), ["at.path: invalid_type"]);
        });

        it("GIVEN an inventory team without its installer THEN the plan is refused there", () => {
            const team = {
                team: "fintech",
                cluster: "weu",
                namespace: "fintech",
                component: "helm-platform:tenant:Team::prod-weu-fintech",
            };
            assert.deepEqual(issues(planSchema, { ...minimal(), inventory: { teams: [team], shards: [] } }), [
                "inventory.teams.0.installer: invalid_type",
            ]);
        });
    });

    describe("the JSON Schema generated from it", () => {
        const schema = planJsonSchema();

        it("GIVEN the schema THEN it is what the repository and the package publish", () => {
            // So what plan/planFile.ts validates every plan.json with (strict Ajv, below) is this schema.
            assert.deepEqual(schema, JSON.parse(fs.readFileSync(path.join(ROOT, PLAN_SCHEMA_FILE), "utf8")));
        });

        it("GIVEN the schema THEN it names its dialect first, then its title with the version", () => {
            assert.deepEqual(Object.keys(schema).slice(0, 2), ["$schema", "title"]);
            assert.equal(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
            assert.equal(schema["title"], `helm-platform plan.json, schema version ${PLAN_SCHEMA_VERSION}`);
        });

        it("GIVEN the schema THEN nothing is marked readOnly: that means server-owned in JSON Schema, not immutable", () => {
            assert.ok(!JSON.stringify(schema).includes('"readOnly"'));
        });

        it("GIVEN the smallest plan THEN the JSON Schema accepts it, under strict Ajv", () => {
            assert.deepEqual(planFileProblems(minimal()), []);
        });

        it("GIVEN a plan without a key readers rely on THEN the JSON Schema refuses it, naming the key", () => {
            for (const key of REQUIRED) {
                assert.deepEqual(planFileProblems(without(key)), [`(the plan): must have required property '${key}'`], key);
            }
        });

        it("GIVEN another major version THEN the JSON Schema refuses it", () => {
            assert.deepEqual(planFileProblems({ ...minimal(), schemaVersion: `${PLAN_SCHEMA_MAJOR + 1}.0` }), [
                `/schemaVersion: must match pattern "^1\\.\\d+$"`,
            ]);
            assert.deepEqual(planFileProblems({ ...minimal(), schemaVersion: `${PLAN_SCHEMA_MAJOR}.3` }), []);
        });

        it("GIVEN a field the schema lacks THEN the JSON Schema refuses it: the plan writes nothing it does not publish", () => {
            assert.deepEqual(planFileProblems({ ...minimal(), addedLater: 1 }), [
                "(the plan): must NOT have additional properties (addedLater)",
            ]);
        });
    });
});
