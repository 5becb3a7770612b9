import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";

import stackProgram = require("../../index");

import { PROJECT } from "../../core/base/constants";
import { overlayTree, type SourceTree } from "../../core/base/sourceTree";
import { readStackConfig } from "../../core/config/stackFile";
import { PlanRecorder } from "../../plan/recorder";
import { CLOUD_ONLY_CALLS, planStack } from "../../plan/runPlan";
import { program } from "../../program/stack";
import { changedTree, sampleTree } from "../helpers";
import { withOwnValues } from "../support/ownValues";

/** What `console.warn` printed while `work` ran. */
async function warnings(work: () => Promise<unknown>): Promise<string[]> {
    const warn = console.warn;
    const lines: string[] = [];
    console.warn = (...args: unknown[]) => lines.push(args.map(String).join(" "));
    try {
        await work();
    } finally {
        console.warn = warn;
    }
    return lines;
}

/** The message the program stops with, run on the mocks as `pulumi preview` (dry run) or `pulumi up` would run it. */
async function stopMessage(tree: SourceTree, stack: string, dryRun: boolean): Promise<string> {
    const { config, secretKeys } = readStackConfig(tree, stack);
    await pulumi.runtime.setMocks(new PlanRecorder(CLOUD_ONLY_CALLS), PROJECT, stack, dryRun);
    pulumi.runtime.setAllConfig(config, secretKeys);
    try {
        await pulumi.runtime.runInPulumiStack(() => stackProgram(tree));
    } catch (error) {
        return (error as Error).message;
    }
    throw new Error("the program ran to the end");
}

describe("what the offline plan and the program print", () => {
    it("GIVEN a warning finding THEN the plan reports it once, in its findings, not again as the program's runtime warning", async () => {
        let findings: string[] = [];
        const printed = await warnings(async () => {
            findings = (await planStack(program, withOwnValues(), "dev")).findings.map((f) => f.rule);
        });
        assert.ok(findings.includes("image-tag-pinned"), findings.join(", "));
        assert.deepEqual(
            printed.filter((l) => l.includes("image-tag-pinned")),
            [],
        );
    });

    it("GIVEN a runtime warning that is no finding THEN the plan still prints it", async () => {
        const printed = await warnings(() =>
            planStack(
                {
                    loadStack: program.loadStack,
                    runStack: async (loaded) => {
                        pulumi.log.warn("the registry's replica in northeurope is deprecated");
                        return program.runStack(loaded);
                    },
                },
                withOwnValues(),
                "dev",
            ),
        );
        assert.deepEqual(printed, ["warning: [runtime] the registry's replica in northeurope is deprecated"]);
    });

    it("GIVEN a configuration problem THEN a preview and the plan say nothing would be deployed, pulumi up that nothing was", async () => {
        const broken = changedTree({ "tenants/retail.yaml": `${sampleTree().read("tenants/retail.yaml")}bogus: 1\n` });
        const run = await planStack(program, broken, "dev");
        assert.match(
            run.error ?? "",
            /^1 configuration problem; nothing would be deployed:\n {2}- tenants\/retail\.yaml:\d+: bogus: unknown key/,
        );
        assert.match(await stopMessage(broken, "dev", true), /^1 configuration problem; nothing would be deployed:/);
        assert.match(await stopMessage(broken, "dev", false), /^1 configuration problem; nothing was deployed:/);
    });

    it("GIVEN a governance error THEN pulumi up says nothing was deployed, and counts the errors in words", async () => {
        const own = withOwnValues();
        const prod = own.read("tenants/retail/storefront/values.prod.yaml") as string;
        const broken = overlayTree(own, { "tenants/retail/storefront/values.prod.yaml": prod.replace('tag: "3.1.4"', "tag: latest") });
        assert.match(
            await stopMessage(broken, "prod.commerce", false),
            /^2 governance errors; nothing was deployed:\n {2}- tenants\/retail\/storefront\/values\.prod\.yaml:\d+: image\.tag: \[image-tag-pinned\] weu\/retail\/retail-storefront: image\.tag is "latest" Fix: pin /,
        );
        assert.match(await stopMessage(broken, "prod.commerce", true), /^2 governance errors; nothing would be deployed:/);
    });

    it("GIVEN the sample's placeholders THEN pulumi up refuses them, naming each with its fix, and a preview only warns", async () => {
        const up = await stopMessage(sampleTree(), "dev", false);
        assert.match(up, /^\d+ sample placeholders still in place; nothing was deployed:\n/);
        assert.match(
            up,
            /- Pulumi\.dev\.yaml:\d+: helm-platform:registry\.name: a placeholder of the sample: its registry name acrhelmplatformdev/,
        );
        assert.match(up, /- tenants\/fintech\.yaml:\d+: groups\.owners\[0\]: a placeholder of the sample: a made-up Entra object ID Fix: /);
        const previewed = await warnings(() => stopMessage(sampleTree(), "dev", true).catch(() => undefined));
        assert.deepEqual(
            previewed.filter((l) => l.includes("placeholder")),
            ["warning: [runtime] 21 sample placeholders still in place, which pulumi up refuses: npm run placeholders -- --stack dev"],
        );
        // The plan counts them for its command line to say once for all stacks, and prints nothing itself.
        let counted = 0;
        const planned = await warnings(async () => {
            counted = (await planStack(program, sampleTree(), "dev")).placeholders.length;
        });
        assert.equal(counted, 21);
        assert.deepEqual(
            planned.filter((l) => l.includes("placeholder")),
            [],
        );
    });

    it("GIVEN a platform's own values instead THEN pulumi up gets past the checks to the registry, which it asks before registering a team", async () => {
        // index.ts asks the registry for the charts; offline, the registry cannot be reached: one line for all of them.
        const message = await stopMessage(withOwnValues(), "dev", false);
        assert.match(
            message,
            /^The releases' charts cannot all be pulled from acracmeplatformdev\.azurecr\.io; no team was registered:\n {2}- acracmeplatformdev\.azurecr\.io could not be reached \(getaddrinfo \w+ acracmeplatformdev\.azurecr\.io\): a new environment's registry exists after its bootstrap up \(asked for 5 chart versions\)\nHelm logs in with scripts\/registry-login\.sh dev;/,
        );
    });
});
