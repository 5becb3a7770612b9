import * as assert from "node:assert/strict";
import { runPlaceholdersCli } from "../../plan/placeholdersCli";
import { program } from "../../program/stack";
import { lineOf, ROOT } from "../helpers";
import { SAMPLE_IDS, shardedPlatform, smallStackFile, storefrontFile, treeOf } from "../support/smallPlatform";

/** Runs `npm run placeholders` on a tree of `files` only; its exit code and what it printed. */
async function placeholders(argv: string[], files: Record<string, string>) {
    const printed = { stdout: "", stderr: "" };
    const context = {
        root: ROOT,
        tree: treeOf(files),
        program,
        stdout: (t: string) => {
            printed.stdout += t;
        },
        stderr: (t: string) => {
            printed.stderr += t;
        },
    };
    return { code: await runPlaceholdersCli(argv, context), ...printed };
}

const adminsLine = lineOf(smallStackFile(SAMPLE_IDS.admins), SAMPLE_IDS.admins);
const ADMINS_LEFT = `  - Pulumi.shop.yaml:${adminsLine}: helm-platform:adminGroupObjectIds[0]: a placeholder of the sample: a made-up Entra object ID Fix: the object ID of your own group or identity: az ad group show --group <name> --query id -o tsv\n`;
const ownersLine = lineOf(storefrontFile(SAMPLE_IDS.owners), SAMPLE_IDS.owners);
const OWNERS_LEFT = `  - tenants/storefront.yaml:${ownersLine}: groups.owners[0]: a placeholder of the sample: a made-up Entra object ID Fix: the object ID of your own group or identity: az ad group show --group <name> --query id -o tsv\n`;

describe("npm run placeholders (plan/placeholdersCli.ts)", () => {
    it("GIVEN --help THEN it prints its usage and exit codes, and exits 0", async () => {
        const { code, stdout } = await placeholders(["--help"], shardedPlatform());
        assert.equal(code, 0);
        assert.match(stdout, /^Usage: placeholders \[options\]/);
        assert.match(stdout, /Exit codes: 0 none left; 1 placeholders \(or configuration problems\) remain; 2 bad arguments\./);
    });

    it("GIVEN a stack that does not exist or an unknown option THEN it names it and exits 2", async () => {
        const unknown = await placeholders(["--stack", "staging"], shardedPlatform());
        assert.equal(unknown.code, 2);
        assert.equal(
            unknown.stderr,
            "error: option '-s, --stack <stack...>' argument 'staging' is invalid. Allowed choices are shop, shop.web.\n",
        );
        const option = await placeholders(["--stack", "shop", "--fix"], shardedPlatform());
        assert.deepEqual([option.code, option.stderr], [2, "error: unknown option '--fix'\n"]);
    });

    it("GIVEN no placeholder left THEN each stack says so, and it exits 0", async () => {
        const { code, stdout } = await placeholders([], shardedPlatform());
        assert.equal(stdout, "shop: no placeholder left\nshop.web: no placeholder left\n");
        assert.equal(code, 0);
    });

    it("GIVEN a placeholder in a file several stacks read THEN it is listed once, where first found, and counted for each; exit 1", async () => {
        const { code, stdout } = await placeholders([], shardedPlatform(SAMPLE_IDS));
        assert.equal(stdout, `shop: 1 to replace\n${ADMINS_LEFT}shop.web: 2 to replace (1 listed above)\n${OWNERS_LEFT}`);
        assert.equal(code, 1);
    });

    it("GIVEN one shard asked for THEN only it is read, and everything it holds is listed", async () => {
        const { code, stdout } = await placeholders(["--stack", "shop.web"], shardedPlatform(SAMPLE_IDS));
        assert.equal(stdout, `shop.web: 2 to replace\n${ADMINS_LEFT}${OWNERS_LEFT}`);
        assert.equal(code, 1);
    });

    it("GIVEN a stack that does not load THEN its configuration problems are listed with file, line and key path, and it exits 1", async () => {
        const files = { ...shardedPlatform(), "Pulumi.shop.yaml": smallStackFile().replace("location: westeurope\n", "location: 42\n") };
        const { code, stdout } = await placeholders(["--stack", "shop"], files);
        assert.equal(
            stdout,
            'shop: 1 to replace\n  - Pulumi.shop.yaml:2: helm-platform:location: must be an Azure region name such as westeurope (got "42") Fix: make it an Azure region name such as westeurope\n',
        );
        assert.equal(code, 1);
    });
});
