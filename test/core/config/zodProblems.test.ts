import * as assert from "node:assert/strict";
import { z } from "zod";
import type { KeyPath } from "../../../core/base/keyPath";
import type { Problem } from "../../../core/base/problems";
import { stackSettingLocator } from "../../../core/config/environment";
import { keysAt, type ProblemSource, validateWith } from "../../../core/config/zodProblems";
import { parseYamlFile } from "../../../core/yaml/yamlFile";

/** A schema with one key of each kind a configuration file has. */
const schema = z.strictObject({
    team: z.string(),
    description: z.string().optional(),
    replicas: z.int().min(1).max(10).optional(),
    tags: z.array(z.string()).min(1).max(2).optional(),
    level: z.enum(["low", "high"]).optional(),
    name: z.string().min(3).max(5).optional(),
    region: z
        .string()
        .regex(/^[a-z]+$/, { message: "must be an Azure region name such as westeurope" })
        .optional(),
    odd: z.string().regex(/^x$/, { message: "is odd" }).optional(),
    hinted: z
        .string()
        .refine(() => false, { message: "is never right", params: { hint: "leave it out" } })
        .optional(),
    network: z.strictObject({}).optional(),
    apps: z.record(z.string(), z.strictObject({ chart: z.string(), versions: z.record(z.string(), z.string()).default({}) })).optional(),
    count: z.union([z.string(), z.int()]).transform(String).pipe(z.string()).optional(),
});

/** A file whose every key is on the line of its depth. */
const source: ProblemSource = { file: "tenants/t.yaml", lineOf: (path: KeyPath) => path.length };
const problemsOf = (data: unknown, from: ProblemSource = source) => validateWith(schema, data, from).problems;
const shown = (problems: readonly Problem[]) => problems.map((p) => `${p.line}: ${p.path}: ${p.message} Fix: ${p.hint}`);

describe("validateWith", () => {
    it("GIVEN valid data THEN its value, with defaults and transforms applied, and no problem", () => {
        assert.deepEqual(validateWith(schema, { team: "t", apps: { web: { chart: "web" } }, count: 3 }, source), {
            value: { team: "t", apps: { web: { chart: "web", versions: {} } }, count: "3" },
            problems: [],
        });
    });

    it("GIVEN a required key that is absent THEN it says to add it, at the key's path", () => {
        assert.deepEqual(problemsOf({}), [
            { file: "tenants/t.yaml", line: 1, path: "team", message: "required key is missing (expected string)", hint: "add it" },
        ]);
    });

    it("GIVEN a number or a boolean where text belongs THEN the fix quotes it, as YAML would otherwise read it", () => {
        assert.deepEqual(shown(problemsOf({ team: 1.2, description: true })), [
            '1: team: expected string, got 1.2 Fix: quote it so YAML reads it as text: "1.2"',
            '1: description: expected string, got true Fix: quote it so YAML reads it as text: "true"',
        ]);
    });

    it("GIVEN text where a list or a map belongs THEN the fix names it in YAML's words", () => {
        assert.deepEqual(shown(problemsOf({ team: "t", tags: "a", network: "x" })), [
            '1: tags: expected array, got "a" Fix: write a list here',
            '1: network: expected object, got "x" Fix: write a map here',
        ]);
        assert.deepEqual(shown(problemsOf([])), ["0: : expected object, got [] Fix: write a map here"]);
    });

    it("GIVEN values below and above their bounds THEN each fix says the bound, in the value's own unit", () => {
        assert.deepEqual(shown(problemsOf({ team: "t", replicas: 0, tags: [], name: "ab" })), [
            "1: replicas: Too small: expected number to be >=1 (got 0) Fix: use 1 or more",
            "1: tags: Too small: expected array to have >=1 items (got []) Fix: list at least 1",
            '1: name: Too small: expected string to have >=3 characters (got "ab") Fix: write at least 3 characters',
        ]);
        assert.deepEqual(shown(problemsOf({ team: "t", replicas: 11, tags: ["a", "b", "c"], name: "abcdef" })), [
            "1: replicas: Too big: expected number to be <=10 (got 11) Fix: use 10 or less",
            '1: tags: Too big: expected array to have <=2 items (got ["a","b","c"]) Fix: list at most 2',
            '1: name: Too big: expected string to have <=5 characters (got "abcdef") Fix: write at most 5 characters',
        ]);
    });

    it("GIVEN a value outside an enum THEN the fix lists the values allowed", () => {
        assert.deepEqual(shown(problemsOf({ team: "t", level: "mid" })), [
            '1: level: Invalid option: expected one of "low"|"high" (got "mid") Fix: use one of: "low", "high"',
        ]);
    });

    it("GIVEN a schema message that says what the value must be THEN the fix says to make it that; GIVEN another THEN to follow the message", () => {
        assert.deepEqual(shown(problemsOf({ team: "t", region: "West", odd: "y" })), [
            '1: region: must be an Azure region name such as westeurope (got "West") Fix: make it an Azure region name such as westeurope',
            '1: odd: is odd (got "y") Fix: change the value as the message says',
        ]);
    });

    it("GIVEN a schema's own hint THEN that is the fix", () => {
        assert.deepEqual(shown(problemsOf({ team: "t", hinted: "h" })), ['1: hinted: is never right (got "h") Fix: leave it out']);
    });

    it("GIVEN an unknown key near a known one THEN it asks whether that was meant; GIVEN none near THEN it lists the keys allowed", () => {
        assert.deepEqual(shown(problemsOf({ team: "t", apps: { web: { chart: "c", verisons: {} } }, network: { a: 1 } })), [
            '2: network.a: unknown key "a" Fix: remove it; allowed keys here: none',
            '3: apps.web.verisons: unknown key "verisons" Fix: did you mean "versions"?',
        ]);
        assert.deepEqual(shown(problemsOf({ team: "t", zzzzzz: 1 })), [
            '1: zzzzzz: unknown key "zzzzzz" Fix: remove it; allowed keys here: team, description, replicas, tags, level, name, region, odd, hinted, network, apps, count',
        ]);
    });

    it("GIVEN an unknown key with a quote and a line break THEN the problem shows it escaped, on one line", () => {
        const [problem] = problemsOf({ team: "t", 'x"\n  - tenants/other.yaml: forged': 1 });
        assert.equal(problem?.message, 'unknown key "x\\"\\n  - tenants/other.yaml: forged"');
        assert.equal(problem?.path, '["x\\"\\n  - tenants/other.yaml: forged"]');
    });

    it("GIVEN a misspelt required key THEN only the unknown key is reported, not the missing one it was meant to be", () => {
        assert.deepEqual(shown(problemsOf({ teem: "t" })), ['1: teem: unknown key "teem" Fix: did you mean "team"?']);
        assert.deepEqual(shown(problemsOf({ team: "t", apps: { web: { chrat: "c" } } })), [
            '3: apps.web.chrat: unknown key "chrat" Fix: did you mean "chart"?',
        ]);
    });

    it("GIVEN a source that maps paths into its file and shows them its own way THEN the line is the file's and the path is shown so", () => {
        const parsed = parseYamlFile("Pulumi.dev.yaml", "config:\n  helm-platform:location: westeurope\n  helm-platform:teem: x\n");
        assert.ok(parsed.ok);
        const { file, lineOf, filePath, displayPath } = stackSettingLocator("dev", parsed.yaml);
        const problems = validateWith(schema, { team: "t", teem: "x" }, { file, lineOf, filePath, displayPath }).problems;
        assert.deepEqual(shown(problems), ['3: helm-platform:teem: unknown key "teem" Fix: did you mean "team"?']);
    });
});

describe("validateWith on a stack file's settings", () => {
    it("GIVEN a misspelt required setting THEN only the unknown key is reported, though settings are shown as helm-platform:<key>", () => {
        const parsed = parseYamlFile("Pulumi.dev.yaml", "config:\n  helm-platform:teem: x\n");
        assert.ok(parsed.ok);
        const { file, lineOf, filePath, displayPath } = stackSettingLocator("dev", parsed.yaml);
        const problems = validateWith(schema, { teem: "x" }, { file, lineOf, filePath, displayPath }).problems;
        assert.deepEqual(shown(problems), ['2: helm-platform:teem: unknown key "teem" Fix: did you mean "team"?']);
    });
});

describe("keysAt", () => {
    it("GIVEN the root, or a path through a record and a default THEN the keys of the object there", () => {
        assert.deepEqual(keysAt(schema, []), Object.keys(schema.shape));
        assert.deepEqual(keysAt(schema, ["apps", "web"]), ["chart", "versions"]);
    });

    it("GIVEN a path to a scalar, a list's item, a record or a key the schema lacks THEN there are no keys", () => {
        for (const path of [["team"], ["tags", 0], ["apps", "web", "versions"], ["nope"], ["team", "deeper"]]) {
            assert.deepEqual(keysAt(schema, path), [], path.join("."));
        }
    });

    it("GIVEN a path through a list of objects THEN the keys of its items", () => {
        assert.deepEqual(keysAt(z.strictObject({ clusters: z.array(z.strictObject({ name: z.string() })) }), ["clusters", 0]), ["name"]);
    });
});
