import * as assert from "node:assert/strict";
import { settingProblem } from "../../../core/checks/check";
import { stackSettingLocator } from "../../../core/config/environment";
import { lineOf } from "../../helpers";
import { yamlFile } from "./stages";

describe("settingProblem: a problem at a stack setting", () => {
    const text = "config:\n  helm-platform:location: westeurope\n  helm-platform:clusters:\n    - name: weu\n    - name: neu\n";

    it("GIVEN a setting the stack file holds THEN the problem names the file, the key's line and its helm-platform path", () => {
        const { locate } = stackSettingLocator("prod", yamlFile("Pulumi.prod.yaml", text));
        assert.deepEqual(settingProblem(locate, ["clusters", 1, "name"], "is taken", "rename it"), {
            file: "Pulumi.prod.yaml",
            line: lineOf(text, "- name: neu"),
            path: "helm-platform:clusters[1].name",
            message: "is taken",
            hint: "rename it",
        });
    });

    it("GIVEN a setting the stack file lacks THEN the problem is at the line of its nearest parent", () => {
        const { locate } = stackSettingLocator("prod", yamlFile("Pulumi.prod.yaml", text));
        const problem = settingProblem(locate, ["clusters", 0, "zones"], "m", "h");
        assert.deepEqual([problem.line, problem.path], [lineOf(text, "- name: weu"), "helm-platform:clusters[0].zones"]);
    });

    it("GIVEN no stack file (configuration set in CI) THEN the file it would be, without a line", () => {
        const { locate } = stackSettingLocator("ci", undefined);
        assert.deepEqual(settingProblem(locate, ["shards"], "m", "h"), {
            file: "Pulumi.ci.yaml",
            line: undefined,
            path: "helm-platform:shards",
            message: "m",
            hint: "h",
        });
    });
});
