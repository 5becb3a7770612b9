import * as assert from "node:assert/strict";
import { LAYOUT } from "../../../core/base/layout";
import { placeholdersIn, SAMPLE_OBJECT_IDS } from "../../../core/config/placeholders";
import { placeholdersOf } from "../../../core/load/placeholders";
import { allStacks } from "../../../core/load/stacks";
import { load, sampleTree } from "../../helpers";
import { withOwnValues } from "../../support/ownValues";

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

describe("the sample's placeholders", () => {
    it("knows every Entra object ID the sample's stack, tenant and allowance files hold, and no other", () => {
        const tree = sampleTree();
        const files = [
            ...tree.list("").filter((n) => /^Pulumi\..+\.yaml$/.test(n)),
            ...[LAYOUT.tenantsDir, LAYOUT.allowancesDir].flatMap((d) =>
                tree
                    .list(d)
                    .filter((n) => n.endsWith(".yaml"))
                    .map((n) => `${d}/${n}`),
            ),
        ];
        const ids = new Set(files.flatMap((f) => (tree.read(f) as string).match(GUID) ?? []).map((id) => id.toLowerCase()));
        assert.ok(ids.size > 5);
        assert.deepEqual([...ids].sort(), [...SAMPLE_OBJECT_IDS].sort());
    });

    it("finds each kind where it is, with what to put there", () => {
        const stack = {
            secretsprovider: "azurekeyvault://kv-helm-platform-dev.vault.azure.net/keys/pulumi-dev",
            encryptedkey: Buffer.from("placeholder-data-key").toString("base64"),
            config: {
                "helm-platform:clusters": [{ name: "weu", authorizedIpRanges: ["203.0.113.0/24", "2001:db8:1::/48", "20.61.0.0/24"] }],
                "helm-platform:registry": { name: "acrhelmplatformdev" },
                "helm-platform:secrets": { platform: { hook: { secure: "v1:c2FtcGxlLW5vbmNl:eA==" }, real: { secure: "v1:b3du:eA==" } } },
                "helm-platform:tenancy": { ingressDomains: ["contoso.example", "acme.io"] },
            },
        };
        const found = placeholdersIn(stack, { kind: "stack", stack: "dev" }).map((p) => [p.path.join("/"), p.fix.split(" ")[0]]);
        assert.deepEqual(found, [
            ["secretsprovider", "azurekeyvault://<your"],
            ["encryptedkey", "remove"],
            ["config/helm-platform:clusters/0/authorizedIpRanges/0", "the"],
            ["config/helm-platform:clusters/0/authorizedIpRanges/1", "the"],
            ["config/helm-platform:registry/name", "a"],
            ["config/helm-platform:secrets/platform/hook/secure", "pulumi"],
            ["config/helm-platform:tenancy/ingressDomains/0", "a"],
        ]);
        const tenant = {
            groups: { owners: ["0b4a1f6e-2c3d-4e5f-8a9b-0c1d2e3f4a51"] },
            deployer: { github: { repository: "contoso/app" } },
        };
        assert.deepEqual(
            placeholdersIn(tenant, { kind: "tenant" }).map((p) => p.path.join("/")),
            ["groups/owners/0", "deployer/github/repository"],
        );
    });

    it("GIVEN the sample THEN every stack holds some; GIVEN a platform's own values THEN none is left and every stack loads", () => {
        const own = withOwnValues();
        for (const stack of allStacks(sampleTree())) {
            assert.ok(placeholdersOf(sampleTree(), load(stack.name)).length > 0, stack.name);
            assert.deepEqual(placeholdersOf(own, load(stack.name, own)), [], stack.name);
        }
    });
});
