/**
 * The stack program's gates, on a model built by hand: what stops `pulumi up` or a preview before any
 * resource is registered, and what it only warns of. What a whole stack registers and exports:
 * test/plan/runPlan.test.ts; its messages on the sample: test/plan/runPlan.messages.test.ts.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import type { Problem } from "../../core/base/problems";
import { readStackConfig } from "../../core/config/stackFile";
import type { Finding } from "../../core/governance";
import { PlanRecorder } from "../../plan/recorder";
import { CLOUD_ONLY_CALLS, DIY_ORGANIZATION } from "../../plan/runPlan";
import { type LoadedStack, loadCurrentStack, runStack } from "../../program/stack";
import { lineOf } from "../helpers";
import { shopModel } from "../support/smallModel";
import { smallPlatform, smallStackFile, treeOf } from "../support/smallPlatform";

const PLACEHOLDER: Problem = {
    file: "Pulumi.shop.yaml",
    line: 5,
    path: "helm-platform:adminGroupObjectIds[0]",
    message: "a placeholder of the sample: a made-up Entra object ID",
    hint: "the object ID of your own group",
};
const finding = (level: Finding["level"], rule: Finding["rule"], message: string): Finding => ({
    level,
    rule,
    message,
    fix: "pin it.",
    where: "weu/fintech/fintech-api",
    at: { file: "tenants/fintech/api/values.yaml", line: 7, path: "image.tag" },
});
const WARNING = finding("warning", "image-tag-pinned", 'image.tag is "main".');
const ERROR = finding("error", "image-from-platform-registry", "image.repository is docker.io/nginx.");

/** Runs `work` in a stack on the recorder, as `pulumi up` (`dryRun: false`) or a preview runs it: how it stopped, and what it warned of. */
async function underEngine(dryRun: boolean, work: () => unknown, config: Record<string, string> = {}) {
    await pulumi.runtime.setMocks(new PlanRecorder(CLOUD_ONLY_CALLS), "helm-platform", "shop", dryRun, DIY_ORGANIZATION);
    pulumi.runtime.setAllConfig(config);
    const warn = console.warn;
    const warned: string[] = [];
    console.warn = (...args: unknown[]) => warned.push(args.map(String).join(" "));
    try {
        await pulumi.runtime.runInPulumiStack(async () => {
            await work();
        });
        return { error: undefined, warned };
    } catch (error) {
        return { error: error as Error, warned };
    } finally {
        console.warn = warn;
    }
}

const loaded = (findings: readonly Finding[], placeholders: readonly Problem[] = []): LoadedStack => ({
    model: shopModel(),
    findings,
    placeholders,
});
const DESCRIBED = (f: Finding) =>
    `tenants/fintech/api/values.yaml:7: image.tag: [${f.rule}] weu/fintech/fintech-api: ${f.message} Fix: pin it.`;

describe("the stack program's gates (program/stack.ts)", () => {
    it("GIVEN the sample's placeholders WHEN pulumi up runs THEN nothing is deployed, and each is named with its fix", async () => {
        const { error } = await underEngine(false, () => runStack(loaded([WARNING], [PLACEHOLDER])));
        assert.ok(error instanceof pulumi.RunError);
        assert.equal(
            error.message,
            "1 sample placeholder still in place; nothing was deployed:\n" +
                "  - Pulumi.shop.yaml:5: helm-platform:adminGroupObjectIds[0]: a placeholder of the sample: a made-up Entra object ID Fix: the object ID of your own group",
        );
    });

    it("GIVEN placeholders WHEN previewed THEN it warns once and goes on, to the governance check", async () => {
        const { error, warned } = await underEngine(true, () => runStack(loaded([ERROR], [PLACEHOLDER, PLACEHOLDER])));
        assert.deepEqual(warned, [
            "warning: [runtime] 2 sample placeholders still in place, which pulumi up refuses: npm run placeholders -- --stack shop",
        ]);
        assert.match(error?.message ?? "", /^1 governance error; /);
    });

    it("GIVEN governance errors and warnings THEN each warning is logged, and the errors stop it, counted, with file, line and fix", async () => {
        const second = { ...ERROR, where: "weu/retail/retail-web" };
        const { error, warned } = await underEngine(false, () => runStack(loaded([WARNING, ERROR, second])));
        assert.deepEqual(warned, [`warning: [runtime] ${DESCRIBED(WARNING)}`]);
        assert.ok(error instanceof pulumi.RunError);
        assert.equal(
            error.message,
            [
                "2 governance errors; nothing was deployed:",
                `  - ${DESCRIBED(ERROR)}`,
                `  - ${DESCRIBED(ERROR).replace("weu/fintech/fintech-api", "weu/retail/retail-web")}`,
            ].join("\n"),
        );
    });

    it("GIVEN a governance error WHEN previewed THEN it says nothing would be deployed", async () => {
        const { error } = await underEngine(true, () => runStack(loaded([ERROR])));
        assert.equal(error?.message.split("\n")[0], "1 governance error; nothing would be deployed:");
    });

    describe("loadCurrentStack", () => {
        const config = (stackFile: string) => readStackConfig(treeOf(smallPlatform(stackFile)), "shop").config;

        it("GIVEN the engine's stack and its configuration THEN that stack is loaded", async () => {
            let stack: LoadedStack | undefined;
            const { error } = await underEngine(
                true,
                () => {
                    stack = loadCurrentStack(treeOf(smallPlatform()));
                },
                config(smallStackFile()),
            );
            assert.equal(error, undefined);
            assert.deepEqual([stack?.model.stack.name, stack?.model.environment.registry.loginServer], ["shop", "acrshopdev.azurecr.io"]);
        });

        for (const [dryRun, outcome] of [
            [false, "nothing was deployed"],
            [true, "nothing would be deployed"],
        ] as const) {
            it(`GIVEN configuration problems ${dryRun ? "in a preview" : "under pulumi up"} THEN one clean report saying ${outcome}, no stack trace`, async () => {
                const broken = smallStackFile().replace("location: westeurope\n", "location: 42\n");
                const tree = treeOf(smallPlatform(broken));
                const { error } = await underEngine(dryRun, () => loadCurrentStack(tree), config(broken));
                assert.ok(error instanceof pulumi.RunError, String(error));
                assert.equal(
                    error.message,
                    `1 configuration problem; ${outcome}:\n  - Pulumi.shop.yaml:${lineOf(broken, "location: 42")}: helm-platform:location: must be an Azure region name such as westeurope (got "42") Fix: make it an Azure region name such as westeurope`,
                );
            });
        }
    });
});
