import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { releaseValues } from "../../../components/release/releaseValues";
import { ownedSecret, secretRef } from "../../../core/values/secrets";

/** What an Output holds once known, or the error it failed with. */
const settled = <T>(output: pulumi.Output<T>): Promise<T> => (output as unknown as { promise(): Promise<T> }).promise();

const SECRETS = { fintech: { "db-password": "hunter2" } };
const withSecret = { replicaCount: 2, db: { password: secretRef(ownedSecret("fintech", "db-password")) } };

describe("the values a release gets (components/release/releaseValues.ts)", () => {
    it("GIVEN values that reference no secret THEN they are passed as they are, plain", () => {
        const values = { replicaCount: 2, image: { tag: "1.4.2" } };
        assert.equal(releaseValues(values, SECRETS), values);
    });

    it("GIVEN a secret reference THEN it is filled in, and the values are secret as a whole", async () => {
        const values = releaseValues(withSecret, SECRETS) as pulumi.Output<unknown>;
        assert.deepEqual(await settled(values), { replicaCount: 2, db: { password: "hunter2" } });
        assert.equal(await pulumi.isSecret(values), true);
        assert.deepEqual(
            withSecret.db,
            { password: secretRef(ownedSecret("fintech", "db-password")) },
            "the model's values are left as they were",
        );
    });

    it("GIVEN values still being computed THEN they are secret, whether or not they hold a reference", async () => {
        const values = releaseValues(pulumi.output({ replicaCount: 2 }), SECRETS) as pulumi.Output<unknown>;
        assert.deepEqual(await settled(values), { replicaCount: 2 });
        assert.equal(await pulumi.isSecret(values), true);
    });

    it("GIVEN a reference to a secret the release may not read THEN it fails, naming the secret and how to set it", async () => {
        const values = releaseValues(withSecret, { retail: { "db-password": "other" } }) as pulumi.Output<unknown>;
        await assert.rejects(
            settled(values),
            /^Error: secret "db-password" of fintech is not available here \(pulumi config set --secret /,
        );
    });
});
