import * as assert from "node:assert/strict";
import { formatProblem } from "../../../core/base/problems";
import { changedTree, load, problemsOf, sampleTree, stackOfTeam } from "../../helpers";

const read = (file: string) => sampleTree().read(file) as string;
const PROD = "tenants/fintech/payments-api/values.prod.yaml";
const PROD_WEU = "tenants/fintech/payments-api/values.prod.weu.yaml";
/** The prod stack that deploys fintech: its shard. */
const FINTECH_PROD = stackOfTeam("prod", "fintech");

describe("values.schema.json validation before deployment", () => {
    it("accepts the sample's payments-api values in uat and prod", () => {
        assert.ok(load(FINTECH_PROD).releases.some((r) => r.name === "fintech-payments-api"));
        assert.ok(load("uat").releases.some((r) => r.name === "fintech-payments-api"));
    });

    it("GIVEN a value of the wrong type THEN it names the release, the key, and the file and line that set it", () => {
        const problems = problemsOf(FINTECH_PROD, changedTree({ [PROD]: `${read(PROD)}service:\n  port: "8080"\n` }));
        assert.equal(problems.length, 2, problems.map(formatProblem).join("\n")); // one per prod cluster
        const p = problems[0];
        assert.deepEqual([p.file, p.path, p.line], [PROD, "service.port", 13]);
        assert.match(
            p.message,
            /^release fintech-payments-api on prod\/(neu|weu): service\.port must be integer \(charts\/fintech\/payments-api\/1\.4\.2\/values\.schema\.json\)$/,
        );
    });

    it("GIVEN a bad value on one cluster only THEN only that cluster's release is rejected", () => {
        const problems = problemsOf(FINTECH_PROD, changedTree({ [PROD_WEU]: "logLevel: verbose\n" }));
        assert.deepEqual(
            problems.map((p) => [p.file, p.path, p.line]),
            [[PROD_WEU, "logLevel", 1]],
        );
        assert.match(problems[0].message, /on prod\/weu: logLevel must be equal to one of the allowed values/);
    });

    it("GIVEN null removes a required chart default THEN the schema's required rule names the file with the null", () => {
        const problems = problemsOf(FINTECH_PROD, changedTree({ [PROD]: `${read(PROD)}database:\n  host: null\n` }));
        assert.ok(problems.length > 0);
        assert.deepEqual([problems[0].file, problems[0].path], [PROD, "database.host"]);
        assert.match(problems[0].message, /database\.host is required/);
    });

    it("does not validate a chart version without a schema in the repository (payments-api 1.5.0 in dev, its schema removed)", () => {
        const dev = "tenants/fintech/payments-api/values.dev.yaml";
        const wrong = { [dev]: `${read(dev)}service:\n  port: "8080"\n` };
        assert.match(problemsOf("dev", changedTree(wrong))[0]?.message ?? "", /service\.port must be integer/);
        assert.ok(load("dev", changedTree({ ...wrong, "charts/fintech/payments-api/1.5.0/values.schema.json": null })));
    });

    it("GIVEN a schema that is not valid JSON Schema THEN the schema file is named", () => {
        const problems = problemsOf(
            FINTECH_PROD,
            changedTree({ "charts/fintech/payments-api/1.4.2/values.schema.json": '{"type": "objekt"}' }),
        );
        assert.equal(problems[0].file, "charts/fintech/payments-api/1.4.2/values.schema.json");
        assert.match(problems[0].message, /is not a usable JSON Schema/);
    });
});
