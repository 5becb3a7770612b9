import * as assert from "node:assert/strict";
import { secretNameOf, secretRef } from "../../../core/yaml/secretTag";

describe("secret references", () => {
    it("GIVEN a reference to a name THEN the name is read back", () => {
        assert.equal(secretNameOf(secretRef("payments-db-password")), "payments-db-password");
        assert.equal(secretNameOf(secretRef("fintech/payments-db-password")), "fintech/payments-db-password");
    });

    it("GIVEN a reference THEN it is a string, as any scalar a values file holds", () => {
        assert.equal(typeof secretRef("db"), "string");
        assert.notEqual(secretRef("db"), "db");
    });

    it("GIVEN text a values file could hold, the name or the marker's words without its NUL THEN it is no reference", () => {
        const texts: unknown[] = ["db", "!secret db", "helm-platform-secret:db", ` ${secretRef("db")}`];
        assert.deepEqual(
            texts.filter((t) => secretNameOf(t) !== undefined),
            [],
        );
    });

    it("GIVEN a value that is not a string THEN it is no reference", () => {
        const values: unknown[] = [undefined, null, 1, true, { name: "db" }, [secretRef("db")]];
        assert.deepEqual(
            values.filter((v) => secretNameOf(v) !== undefined),
            [],
        );
    });
});
