import * as assert from "node:assert/strict";
import * as stacks from "../../../core/checks/stacks";
import { stackExists } from "../../../core/checks/stacks";
import { firingTests } from "./brokenSamples";
import { yamlFile } from "./stages";

describe("stack-exists: the stack named has something to read", () => {
    const environments = ["dev", "prod", "uat"];
    const run = (stack: string, config: Record<string, string> = {}, known = environments, withFile = false) =>
        stackExists.run({
            stack,
            stackFile: withFile ? yamlFile(`Pulumi.${stack}.yaml`, "config: {}\n") : undefined,
            config,
            environments: known,
        });

    it("GIVEN the stack's file THEN nothing, even with no configuration in it", () => {
        assert.deepEqual(run("dev", {}, environments, true), []);
    });

    it("GIVEN no file but helm-platform configuration (set in CI) THEN nothing", () => {
        assert.deepEqual(run("ci", { "helm-platform:location": "westeurope" }), []);
    });

    it("GIVEN a typo of an environment THEN one problem at the stack file it would be, suggesting the environment", () => {
        assert.deepEqual(run("dve"), [
            {
                file: "Pulumi.dve.yaml",
                path: "",
                message: 'there is no stack "dve": no such file and no helm-platform configuration',
                hint: 'did you mean "dev"?',
            },
        ]);
    });

    it("GIVEN only another namespace's configuration and a name like no environment THEN the stacks are listed", () => {
        const [problem] = run("staging", { "azure-native:location": "westeurope" });
        assert.equal(problem?.hint, "the stacks are: dev, prod, uat");
    });

    it("GIVEN a repository without any stack file THEN the fix says how to add one", () => {
        assert.equal(run("dev", {}, [])[0]?.hint, "the stacks are: none yet (add Pulumi.<env>.yaml)");
    });

    describe("in the loader", () => {
        firingTests(stacks, {
            "stack-exists": { stack: "dve", changes: {}, reports: 'there is no stack "dve"' },
        });
    });
});
