import * as assert from "node:assert/strict";
import {
    describeSharedChange,
    isOwnValuesFile,
    lockEntry,
    pinnedVersion,
    sharedChange,
    withLockEntryOf,
    withVersionOf,
} from "../../../core/report/rollback";
import { sampleTree } from "../../helpers";

const tenant = sampleTree().read("tenants/fintech.yaml") as string;

describe("a rollback's edits, file by file", () => {
    it("GIVEN a tenant file WHEN one environment's version is restored THEN only that scalar changes, comments and layout stay", () => {
        const ref = tenant.replace("      prod: 1.4.2", '      prod: "1.4.1"');
        const edited = withVersionOf(tenant, ref, "payments-api", "prod");
        assert.equal(edited, tenant.replace("      prod: 1.4.2", '      prod: "1.4.1"'));
        assert.equal(pinnedVersion(edited, "payments-api", "prod"), "1.4.1");
        assert.equal(pinnedVersion(edited, "payments-api", "uat"), "1.4.2", "uat untouched");
        assert.equal(pinnedVersion(edited, "ledger", "prod"), "2.0.3", "the other app untouched");
        assert.match(edited, /# The ledger's schema migrations must have run before payments start\./);
    });

    it("GIVEN the ref's tenant file is laid out differently THEN the current layout is kept and only the value comes from the ref", () => {
        const ref = "team: fintech\napps: {payments-api: {versions: {prod: 1.3.9}}}\n";
        const edited = withVersionOf(tenant, ref, "payments-api", "prod");
        assert.equal(edited, tenant.replace("      prod: 1.4.2", "      prod: 1.3.9"));
    });

    it("counts values.<env>.yaml and values.<env>.<cluster>.yaml as the environment's own, never values.yaml or another environment's", () => {
        const names = ["values.yaml", "values.prod.yaml", "values.prod.weu.yaml", "values.dev.yaml", "values.production.yaml", "notes.md"];
        assert.deepEqual(
            names.filter((n) => isOwnValuesFile(n, "prod")),
            ["values.prod.yaml", "values.prod.weu.yaml"],
        );
    });

    it("GIVEN a chart lock THEN the release's entry takes the ref's content, or goes when the ref had none; other entries stay", () => {
        const now =
            "# written by npm run lock\nprod:\n  payments-api: {version: 1.5.0, digest: 'sha256:bbb'}\n  ledger: {version: 2.0.3, digest: 'sha256:ccc'}\n";
        const ref = "prod:\n  payments-api: {version: 1.4.2, digest: 'sha256:aaa'}\n";
        const restored = withLockEntryOf(now, ref, ["prod", "payments-api"]);
        assert.deepEqual(lockEntry(restored, ["prod", "payments-api"]), { version: "1.4.2", digest: "sha256:aaa" });
        assert.deepEqual(lockEntry(restored, ["prod", "ledger"]), { version: "2.0.3", digest: "sha256:ccc" });
        assert.match(restored, /^# written by npm run lock/);
        assert.equal(lockEntry(withLockEntryOf(now, undefined, ["prod", "payments-api"]), ["prod", "payments-api"]), undefined);
    });

    it("says which changed keys of a platform-wide file reach the release on each cluster and which it overrides", () => {
        const release = {
            cluster: "weu",
            namespace: "fintech",
            name: "fintech-payments-api",
            chart: "payments-api",
            version: "1.4.2",
            values: {},
            sources: { logLevel: "values/prod.yaml", replicaCount: "tenants/fintech/payments-api/values.prod.yaml" },
        };
        const neu = {
            ...release,
            cluster: "neu",
            sources: { ...release.sources, logLevel: "tenants/fintech/payments-api/values.prod.neu.yaml" },
        };
        const before = "logLevel: warn\nreplicaCount: 2\n";
        const change = sharedChange("values/prod.yaml", before, "logLevel: error\nreplicaCount: 3\nnew: yes\n", [release, neu]);
        assert.deepEqual(change.keys, [
            { key: "logLevel", setBy: { weu: "values/prod.yaml", neu: "tenants/fintech/payments-api/values.prod.neu.yaml" } },
            { key: "new", setBy: { weu: undefined, neu: undefined } },
            {
                key: "replicaCount",
                setBy: { weu: "tenants/fintech/payments-api/values.prod.yaml", neu: "tenants/fintech/payments-api/values.prod.yaml" },
            },
        ]);
        assert.equal(
            describeSharedChange(change, "abc123", "every release in prod"),
            "values/prod.yaml changed since abc123 and is not rolled back: it feeds every release in prod. Keys: logLevel (weu: the release " +
                "gets today's value; neu: set for the release by tenants/fintech/payments-api/values.prod.neu.yaml), new (not in the release's " +
                "values), replicaCount (set for the release by tenants/fintech/payments-api/values.prod.yaml).",
        );
    });
});
