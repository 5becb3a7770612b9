import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { knownEnvironments } from "../../core/load/loadConfiguration";
import { GUARDS_DIR, GUARDS_PROJECT, GUARDS_STACK, guardsSettingsSchema } from "../../guards/settings";
import { ROOT, sampleTree } from "../helpers";

const project = parse(fs.readFileSync(path.join(ROOT, GUARDS_DIR, "Pulumi.yaml"), "utf8")) as {
    name: string;
    main: string;
    config: Record<string, { type: string; description?: string }>;
};

describe("the guards' project (guards/Pulumi.yaml)", () => {
    it("is a project of its own, whose stack is no environment of the platform", () => {
        assert.equal(project.name, GUARDS_PROJECT);
        assert.ok(fs.existsSync(path.join(ROOT, GUARDS_DIR, project.main)));
        assert.ok(fs.existsSync(path.join(ROOT, GUARDS_DIR, `Pulumi.${GUARDS_STACK}.yaml`)));
        assert.ok(!knownEnvironments(sampleTree()).includes(GUARDS_STACK));
    });

    it("declares exactly the settings that have no default, each described", () => {
        const shape = guardsSettingsSchema.shape as Record<string, { safeParse(v: unknown): { success: boolean } }>;
        const required = Object.keys(shape).filter((key) => !shape[key]?.safeParse(undefined).success);
        assert.deepEqual(Object.keys(project.config).sort(), required.map((key) => `${GUARDS_PROJECT}:${key}`).sort());
        for (const [key, declaration] of Object.entries(project.config)) {
            assert.ok((declaration.description?.length ?? 0) > 20, `${key} is described`);
        }
    });
});
