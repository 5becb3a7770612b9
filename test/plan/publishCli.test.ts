/**
 * `npm run publish-charts` up to the registry: its arguments, and what it says when there is nothing to
 * publish or it cannot ask. Publishing itself, against a real registry: test/plan/lockCli.test.ts.
 */
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { runPublishCli } from "../../plan/publishCli";
import { lineOf, ROOT } from "../helpers";
import { smallPlatform, smallStackFile, storefrontFile, treeOf } from "../support/smallPlatform";

/** A Helm that is not there: any question to the registry fails at once, and nothing can be pushed. */
const NO_HELM = path.join(ROOT, "test", "no-such-helm");

/** Runs `npm run publish-charts` on a tree of `files` only; its exit code and what it printed. */
async function publish(argv: string[], files: Record<string, string> = smallPlatform()) {
    const printed = { stdout: "", stderr: "" };
    const context = {
        root: ROOT,
        tree: treeOf(files),
        helm: NO_HELM,
        stdout: (t: string) => {
            printed.stdout += t;
        },
        stderr: (t: string) => {
            printed.stderr += t;
        },
    };
    return { code: await runPublishCli(argv, context), ...printed };
}

describe("npm run publish-charts (plan/publishCli.ts)", () => {
    it("GIVEN --help THEN it prints its options and exit codes, and exits 0", async () => {
        const { code, stdout } = await publish(["--help"]);
        assert.equal(code, 0);
        for (const option of [
            "-s, --stack <stack>",
            "--registry-endpoint <host>",
            "--sign-key <name>",
            "--mirror-from <dir>",
            "--dry-run",
        ]) {
            assert.ok(stdout.includes(option), `${option} is not in:\n${stdout}`);
        }
        assert.match(stdout, /Exit codes: 0 published \(or nothing to publish\); 1 something could not be published; 2 bad arguments\./);
    });

    const refused: readonly [what: string, argv: string[], message: string][] = [
        ["no --stack", [], "error: required option '-s, --stack <stack>' not specified\n"],
        ["an unknown option", ["--stack", "shop", "--sign"], "error: unknown option '--sign'\n"],
        [
            "a stack that is no environment",
            ["--stack", "shop.web"],
            "error: option '-s, --stack <stack>' argument 'shop.web' is invalid. Allowed choices are shop.\n",
        ],
    ];
    for (const [what, argv, message] of refused) {
        it(`GIVEN ${what} THEN it says so and exits 2, asking the registry nothing`, async () => {
            const { code, stdout, stderr } = await publish(
                argv,
                smallPlatform(smallStackFile(), { "Pulumi.shop.web.yaml": "config: {}\n" }),
            );
            assert.deepEqual([code, stdout, stderr], [2, "", message]);
        });
    }

    it("GIVEN an environment with configuration problems THEN it lists them and exits 1", async () => {
        const broken = smallStackFile().replace("location: westeurope\n", "location: 42\n");
        const { code, stderr } = await publish(["--stack", "shop"], smallPlatform(broken));
        assert.equal(code, 1);
        assert.equal(
            stderr,
            `✗ shop has configuration problems:\n  - Pulumi.shop.yaml:${lineOf(broken, "location: 42")}: helm-platform:location: must be an Azure region name such as westeurope (got "42") Fix: make it an Azure region name such as westeurope\n`,
        );
    });

    it("GIVEN a bootstrapping environment THEN it refuses, naming the next command, and asks the registry nothing", async () => {
        const first = smallPlatform(smallStackFile(undefined, ["  helm-platform:bootstrap: true"]), {
            "tenants/storefront.yaml": storefrontFile(undefined, true),
        });
        const { code, stderr } = await publish(["--stack", "shop"], first);
        assert.equal(code, 1);
        assert.match(
            stderr,
            /^✗ shop is bootstrapping \(helm-platform:bootstrap: true in Pulumi\.shop\.yaml\).*then npm run publish-charts -- --stack shop/,
        );
        assert.doesNotMatch(stderr, /storefront\/web/);
    });

    it("GIVEN an environment that installs no chart THEN the registry has everything, and it exits 0", async () => {
        const { code, stdout, stderr } = await publish(["--stack", "shop"]);
        assert.deepEqual([code, stdout, stderr], [0, "shop: the registry has every chart version the stack installs.\n", ""]);
    });

    it("GIVEN a chart version the registry cannot be asked about THEN it names the version and Helm's error, publishes nothing, exits 1", async () => {
        const { code, stdout, stderr } = await publish(
            ["--stack", "shop"],
            smallPlatform(undefined, { "tenants/storefront.yaml": storefrontFile(undefined, true) }),
        );
        assert.equal(code, 1);
        assert.equal(stderr, `✗ storefront/web 1.0.0: Error: spawnSync ${NO_HELM} ENOENT\n`);
        assert.equal(stdout, "", "nothing would be published");
    });
});
