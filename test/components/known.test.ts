import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { known, ownedBy } from "../../components/known";

/** What an Output holds once known. */
const settled = <T>(output: pulumi.Output<T>): Promise<T> => new Promise((resolve) => output.apply(resolve));

const SECRETS = { platform: { "slack-webhook-url": "https://hooks.example" }, fintech: { "db-password": "hunter2" } };

describe("what the validated model promises, and whose secrets (components/known.ts)", () => {
    const present: readonly [what: string, value: unknown][] = [
        ["a value", "weu"],
        ["an empty string", ""],
        ["zero", 0],
        ["null", null],
    ];
    for (const [what, value] of present) {
        it(`GIVEN ${what} THEN it is the value`, () => {
            assert.equal(known(value, "the cluster"), value);
        });
    }

    it("GIVEN nothing THEN it fails as the platform's bug, naming what is missing", () => {
        assert.throws(
            () => known(undefined, "values of weu"),
            /^Error: helm-platform: values of weu is missing, though the validated model promises it$/,
        );
    });

    it("GIVEN every owner's secrets THEN an owner gets only its own, still secret", async () => {
        const fintech = ownedBy(SECRETS, "fintech");
        assert.deepEqual(await settled(fintech), { fintech: { "db-password": "hunter2" } });
        assert.equal(await pulumi.isSecret(fintech), true);
    });

    it("GIVEN an owner with no secret configured THEN it gets none, and nobody else's", async () => {
        assert.deepEqual(await settled(ownedBy(pulumi.output(SECRETS), "retail")), { retail: {} });
    });
});
