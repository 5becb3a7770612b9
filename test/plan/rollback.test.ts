import * as assert from "node:assert/strict";
import { lockEntry } from "../../core/report/rollback";
import { rollbackEdits } from "../../plan/rollback";
import { changedTree, sampleTree } from "../helpers";

const subject = { release: "fintech-payments-api", team: "fintech", app: "payments-api", environment: "prod", chart: "payments-api" };
const tenant = sampleTree().read("tenants/fintech.yaml") as string;
const LOCK = "prod:\n  payments-api: {version: 1.4.2, digest: 'sha256:aaa'}\n  ledger: {version: 2.0.3, digest: 'sha256:ccc'}\n";

describe("the edits of a rollback between two trees", () => {
    const upgraded = changedTree({
        "tenants/fintech.yaml": tenant.replace("      prod: 1.4.2", "      prod: 1.5.0"),
        "charts.lock.yaml": LOCK.replace("{version: 1.4.2, digest: 'sha256:aaa'}", "{version: 1.5.0, digest: 'sha256:bbb'}"),
    });

    it("GIVEN a chart lock in both trees THEN the release's lock entry is restored with its version", () => {
        const result = rollbackEdits(upgraded, changedTree({ "charts.lock.yaml": LOCK }), subject);
        assert.ok("edits" in result);
        assert.deepEqual(Object.keys(result.edits).sort(), ["charts.lock.yaml", "tenants/fintech.yaml"]);
        assert.deepEqual(lockEntry(result.edits["charts.lock.yaml"] ?? "", ["prod", "payments-api"]), {
            version: "1.4.2",
            digest: "sha256:aaa",
        });
    });

    it("GIVEN the repository has no chart lock THEN the rollback restores the version and values alone", () => {
        const noLock = changedTree({ "tenants/fintech.yaml": tenant.replace("      prod: 1.4.2", "      prod: 1.5.0") });
        const result = rollbackEdits(noLock, sampleTree(), subject);
        assert.ok("edits" in result);
        assert.deepEqual(Object.keys(result.edits), ["tenants/fintech.yaml"]);
    });

    it("GIVEN the release did not run in the environment at the ref THEN it refuses: that would remove it", () => {
        const before = changedTree({ "tenants/fintech.yaml": tenant.replace("      prod: 1.4.2\n", "") });
        const result = rollbackEdits(upgraded, before, subject);
        assert.ok("error" in result);
        assert.match(result.error, /fintech-payments-api did not run in prod at that commit .* rolling back would remove it/);
    });
    it("GIVEN today's version is written as an alias THEN it refuses with the file rather than rewrite what it cannot splice", () => {
        const aliased = tenant.replace("      dev: 1.5.0", "      dev: &v 1.5.0").replace("      prod: 1.4.2", "      prod: *v");
        const result = rollbackEdits(changedTree({ "tenants/fintech.yaml": aliased }), sampleTree(), subject);
        assert.ok("error" in result);
        assert.match(
            result.error,
            /^tenants\/fintech\.yaml: apps\.payments-api\.versions\.prod is not a plain version in both files; set the version by hand$/,
        );
    });
});
