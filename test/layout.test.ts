import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { ROOT } from "./helpers";

/** The folders of the product's own code: what is deployed, the plan and its commands, the scripts. */
const PRODUCT = ["core", "components", "program", "plan", "guards", "scripts"];

/**
 * Modules with logic of their own that have no test module, each with the reason. Empty is the goal:
 * a module named here is exercised only through others.
 */
const WITHOUT_TEST_MODULE: Readonly<Record<string, string>> = {};

/** The files of `folders` that git has or would add. */
const tracked = (folders: readonly string[]) =>
    execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", ...folders], { cwd: ROOT, encoding: "utf8" })
        .split("\n")
        .filter((f) => f !== "" && fs.existsSync(path.join(ROOT, f)));

/** Whether a TypeScript file defines behaviour: a function, method, constructor or accessor with a body. */
function hasLogic(fileName: string, text: string): boolean {
    const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
    const visit = (node: ts.Node): boolean =>
        ((ts.isFunctionLike(node) && "body" in node && node.body !== undefined) || ts.forEachChild(node, visit)) === true;
    return visit(source);
}

/** The test modules of `module` (`a/b.ts`): `test/a/b.test.ts` and `test/a/b.<aspect>.test.ts`. */
const testModulesOf = (module: string, tests: readonly string[]) => {
    const stem = `test/${module.replace(/\.ts$/, "")}`;
    return tests.filter((t) => t === `${stem}.test.ts` || (t.startsWith(`${stem}.`) && t.endsWith(".test.ts")));
};

describe("the layout of the tests", () => {
    const tests = tracked(["test"]).filter((f) => f.endsWith(".test.ts"));
    const product = tracked(PRODUCT);
    const modules = product
        .filter((f) => f.endsWith(".ts"))
        .map((file) => ({ file, logic: hasLogic(file, fs.readFileSync(path.join(ROOT, file), "utf8")) }));

    it("GIVEN the product's modules THEN every one with logic of its own has a test module named after it", () => {
        const withLogic = modules.filter((m) => m.logic);
        assert.ok(withLogic.length > 100, `${withLogic.length} modules with logic found: is the search still right?`);
        const missing = withLogic.filter((m) => testModulesOf(m.file, tests).length === 0 && !(m.file in WITHOUT_TEST_MODULE));
        const list = missing.map((m) => `  ${m.file}`).join("\n");
        assert.equal(missing.length, 0, `no test module (test/<folder>/<module>[.<aspect>].test.ts):\n${list}`);
    });

    it("GIVEN the exemptions THEN each names a module with logic and no test module, with a reason", () => {
        for (const [file, reason] of Object.entries(WITHOUT_TEST_MODULE)) {
            const module = modules.find((m) => m.file === file);
            assert.ok(module?.logic, `${file}: not a module with logic`);
            assert.deepEqual(testModulesOf(file, tests), [], `${file} has a test module now: drop its exemption`);
            assert.ok(reason.length > 20, `${file}: say why`);
        }
    });

    it("GIVEN a type-only module, a barrel and a module with a function THEN only the last has logic", () => {
        assert.equal(
            hasLogic("types.ts", "export interface A { f(x: number): string; g: (y: string) => void }\nexport type B = () => void;"),
            false,
        );
        assert.equal(hasLogic("index.ts", 'export { A } from "./a";\nexport const B = ["x"] as const;'), false);
        assert.equal(hasLogic("f.ts", "export const f = (x: number) => x + 1;"), true);
        assert.equal(hasLogic("c.ts", "export class C { get x() { return 1; } }"), true);
        assert.equal(hasLogic("d.ts", "declare function f(x: number): string;"), false);
    });

    it("GIVEN every test module THEN it is named after a module, a product folder or a whole-repository concern", () => {
        // A test named after nothing is where tests go to be lost: a renamed module leaves its tests behind.
        // Any file of the product counts: scripts/setup.sh is tested by test/scripts/setup.test.ts.
        const stems = new Set(product.map((f) => f.replace(/\.\w+$/, "")));
        const orphans = tests.filter((t) => {
            const stem = t.replace(/^test\//, "").replace(/\.test\.ts$/, "");
            const parts = stem.split(".");
            return !parts.some((_, i) => stems.has(parts.slice(0, i + 1).join("."))) && stem.includes("/") && !stem.startsWith("support/");
        });
        const list = orphans.map((t) => `  ${t}`).join("\n");
        assert.equal(orphans.length, 0, `named after no module: name each after the module it tests\n${list}`);
    });
});
