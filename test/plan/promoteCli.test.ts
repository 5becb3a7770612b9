import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { diskTree } from "../../core/base/sourceTree";
import { runPromoteCli } from "../../plan/promoteCli";
import { copySample } from "../support/sampleCopy";

describe("npm run promote: a release's version into the next environment, through the gate", () => {
    let sample: string;
    const output = { stdout: "", stderr: "" };
    const promote = (argv: string[]) => {
        output.stdout = "";
        output.stderr = "";
        return runPromoteCli(argv, {
            root: sample,
            tree: diskTree(sample),
            stdout: (t) => (output.stdout += t),
            stderr: (t) => (output.stderr += t),
        });
    };
    const tenant = () => fs.readFileSync(path.join(sample, "tenants/fintech.yaml"), "utf8");
    beforeEach(() => {
        sample = copySample();
    });

    it("answers --help, refuses unknown options with exit 2, and an unknown release naming the nearest", async () => {
        assert.equal(await promote(["--help"]), 0);
        assert.equal(await promote(["--release", "fintech-ledger", "--to", "prod", "--force"]), 2);
        assert.equal(await promote(["--release", "fintech-ledgr", "--to", "prod"]), 2);
        assert.match(output.stderr, /no release "fintech-ledgr"; did you mean "fintech-ledger"\?/);
    });

    it("sets prod's version to uat's in the tenant file, changing that line only, and says the lock needs the digest", async () => {
        const before = tenant();
        assert.equal(await promote(["--release", "fintech-ledger", "--to", "prod"]), 0, output.stderr);
        const changed = before
            .split("\n")
            .flatMap((line, i) => (line === tenant().split("\n")[i] ? [] : [[line, tenant().split("\n")[i]]]));
        assert.deepEqual(changed, [["      prod: 2.0.3", "      prod: 2.1.0"]], "comments and layout kept");
        assert.match(output.stdout, /Set tenants\/fintech\.yaml apps\.ledger\.versions\.prod to 2\.1\.0 \(from uat\)/);
        assert.match(
            output.stdout,
            /fintech\/ledger 2\.1\.0 has no digest for prod yet: npm run publish-charts -- --stack prod, then npm run lock -- --stack prod/,
        );
    });

    it("GIVEN the promoted version's values fail in prod THEN it refuses, names why, and leaves the file alone", async () => {
        const schema = path.join(sample, "charts/fintech/ledger/2.1.0/values.schema.json");
        const json = JSON.parse(fs.readFileSync(schema, "utf8"));
        json.properties.replicaCount = { type: "integer", maximum: 1 };
        fs.writeFileSync(schema, JSON.stringify(json));
        const before = tenant();
        assert.equal(await promote(["--release", "fintech-ledger", "--to", "prod"]), 1, output.stdout + output.stderr);
        assert.match(
            output.stderr,
            /✗ fintech-ledger 2\.1\.0 cannot go to prod:\n {2}- values\/prod\.yaml:\d+: replicaCount: release fintech-ledger on prod\/(weu|neu): replicaCount must be <= 1/,
        );
        assert.equal(tenant(), before);
    });

    it("GIVEN the version is already there THEN it changes nothing", async () => {
        const before = tenant();
        assert.equal(await promote(["--release", "fintech-payments-api", "--to", "prod"]), 0);
        assert.match(output.stdout, /fintech-payments-api already runs 1\.4\.2 in prod/);
        assert.equal(tenant(), before);
    });
});
