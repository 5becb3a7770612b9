import * as assert from "node:assert/strict";
import { placeholdersOf, placeholderWarning } from "../../../core/load/placeholders";
import { load } from "../../helpers";
import { ADMINS, SHOP_OWNERS, smallPlatform, smallStackFile, tenantFile } from "../../support/smallTree";

const MADE_UP_ID = {
    message: "a placeholder of the sample: a made-up Entra object ID",
    hint: "the object ID of your own group or identity: az ad group show --group <name> --query id -o tsv",
};
const OWN_IDS = {
    "Pulumi.dev.yaml": smallStackFile().replace(ADMINS, "11111111-2222-4333-8444-555555555555"),
    "tenants/shop.yaml": tenantFile("shop").replace(SHOP_OWNERS, "66666666-7777-4888-9999-000000000000"),
};
/** An allowance of `team` naming one of the sample's object IDs. */
const allowance = (team: string) =>
    `team: ${team}\nallowances:\n  - reason: publishes its charts from CI\n    approvedBy: platform-team\n    expires: "2028-01-31"\n    chartPublishers: [${SHOP_OWNERS}]\n`;

describe("placeholdersOf", () => {
    it("GIVEN the sample's object IDs in the stack and tenant files THEN each is a problem at its file, line and key, with what to put there", () => {
        const tree = smallPlatform();
        assert.deepEqual(placeholdersOf(tree, load("dev", tree)), [
            { file: "Pulumi.dev.yaml", line: 4, path: "helm-platform:adminGroupObjectIds[0]", ...MADE_UP_ID },
            { file: "tenants/shop.yaml", line: 3, path: "groups.owners[0]", ...MADE_UP_ID },
        ]);
    });

    it("GIVEN a platform's own values THEN there is none", () => {
        const tree = smallPlatform(OWN_IDS);
        assert.deepEqual(placeholdersOf(tree, load("dev", tree)), []);
    });

    it("GIVEN a shard THEN the environment's and the shard's stack files and its own teams' files are read, not another shard's teams'", () => {
        const tree = smallPlatform({
            ...OWN_IDS,
            "Pulumi.dev.yaml": OWN_IDS["Pulumi.dev.yaml"].replace(
                "config:\n",
                "config:\n  helm-platform:layout: sharded\n  helm-platform:shards:\n    web: [shop]\n    data: [data]\n",
            ),
            "Pulumi.dev.web.yaml":
                "secretsprovider: azurekeyvault://kv-helm-platform-dev.vault.azure.net/keys/pulumi-dev-web\nconfig: {}\n",
            "Pulumi.dev.data.yaml":
                "secretsprovider: azurekeyvault://kv-helm-platform-dev.vault.azure.net/keys/pulumi-dev-data\nconfig: {}\n",
            "tenants/data.yaml": tenantFile("data"),
            "allowances/shop.yaml": allowance("shop"),
            "allowances/data.yaml": allowance("data"),
        });
        const found = placeholdersOf(tree, load("dev.web", tree)).map((p) => `${p.file}:${p.line}: ${p.path}`);
        assert.deepEqual(found, ["Pulumi.dev.web.yaml:1: secretsprovider", "allowances/shop.yaml:6: allowances[0].chartPublishers[0]"]);
        // Team data's files hold the sample's object ID too: its own shard's stack reports them.
        const data = placeholdersOf(tree, load("dev.data", tree)).map((p) => `${p.file}:${p.line}: ${p.path}`);
        assert.deepEqual(data, [
            "Pulumi.dev.data.yaml:1: secretsprovider",
            "tenants/data.yaml:3: groups.owners[0]",
            "allowances/data.yaml:6: allowances[0].chartPublishers[0]",
        ]);
    });
});

describe("placeholderWarning", () => {
    it("GIVEN one placeholder or several THEN the warning counts them and names the command that lists them", () => {
        assert.equal(
            placeholderWarning(1, "dev"),
            "1 sample placeholder still in place, which pulumi up refuses: npm run placeholders -- --stack dev",
        );
        assert.equal(
            placeholderWarning(3, "prod.payments"),
            "3 sample placeholders still in place, which pulumi up refuses: npm run placeholders -- --stack prod.payments",
        );
    });
});
