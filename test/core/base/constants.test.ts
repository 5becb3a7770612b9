import * as assert from "node:assert/strict";
import { CONFIG_NAMESPACE, PROJECT, setSecretCommand } from "../../../core/base/constants";

describe("the platform's constants", () => {
    it("GIVEN an owner and a secret's name THEN the command sets that path of the project's secrets, as a secret", () => {
        assert.equal(
            setSecretCommand("fintech", "payments-db-password"),
            "pulumi config set --secret --path 'helm-platform:secrets.fintech.payments-db-password' <value>",
        );
        assert.equal(
            setSecretCommand("platform", "slack-webhook-url", '"$URL"'),
            `pulumi config set --secret --path 'helm-platform:secrets.platform.slack-webhook-url' "$URL"`,
        );
    });

    it("GIVEN Pulumi's default config namespace THEN it is the project's name, as Pulumi.yaml names it", () => {
        assert.equal(CONFIG_NAMESPACE, PROJECT);
        assert.equal(PROJECT, "helm-platform");
    });
});
