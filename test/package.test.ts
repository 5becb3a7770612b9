import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { PLAN_SCHEMA_VERSION } from "../core/report/planSchema";
import { ROOT } from "./helpers";
import { tempDir } from "./support/temp";

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
    name: string;
    version: string;
    dependencies: Record<string, string>;
    peerDependencies: Record<string, string>;
    scripts: Record<string, string>;
};
const TSC = path.join(ROOT, "node_modules/typescript/bin/tsc");
const EXAMPLE = path.join(ROOT, "examples/reuse.ts");

/**
 * `npm pack` of a copy of the repository as git sees it (tracked and new files, nothing ignored), so
 * that the build writes no dist/ into the work tree; the tarball's path. The copy is built as `prepack`
 * builds it (`tsconfig.build.json`) but with `--noCheck`: the emitted files are the same, and `npm test`
 * has type-checked these very sources before mocha starts, which is most of a build's time.
 */
function pack(into: string): string {
    const copy = path.join(into, "repository");
    const listed = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" });
    for (const file of listed.split("\0").filter((f) => f && fs.existsSync(path.join(ROOT, f)))) {
        fs.mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
        fs.copyFileSync(path.join(ROOT, file), path.join(copy, file));
    }
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(copy, "node_modules"));
    assert.equal(pkg.scripts.prepack, "npm run build");
    assert.match(pkg.scripts.build, /^tsc -p tsconfig\.build\.json$/);
    execFileSync(process.execPath, [TSC, "-p", "tsconfig.build.json", "--noCheck"], { cwd: copy, stdio: "pipe" });
    const out = execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", into], {
        cwd: copy,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
    });
    const [packed] = JSON.parse(out.slice(out.indexOf("["))) as { filename: string }[];
    return path.join(into, (packed as { filename: string }).filename);
}

describe("the components as an npm package", function () {
    this.timeout(180_000);
    const work = tempDir("package-");
    const consumer = path.join(work, "consumer");
    let files: string[] = [];

    before(() => {
        const tarball = pack(work);
        const installed = path.join(consumer, "node_modules", pkg.name);
        fs.mkdirSync(installed, { recursive: true });
        execFileSync("tar", ["-xzf", tarball, "-C", installed, "--strip-components=1"]);
        files = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" })
            .trim()
            .split("\n")
            .map((f) => f.replace(/^package\//, ""));
        // What a consumer installs next to it: its dependencies, the Pulumi SDKs it peers with, Node's types.
        for (const dep of [...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies), "@types/node"]) {
            const link = path.join(consumer, "node_modules", dep);
            fs.mkdirSync(path.dirname(link), { recursive: true });
            fs.symlinkSync(path.join(ROOT, "node_modules", dep), link);
        }
        fs.writeFileSync(path.join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true }));
    });

    it("holds the compiled components with their declarations, the licence and the changelog, and no sources or tests", () => {
        for (const file of [
            "dist/components/index.js",
            "dist/components/index.d.ts",
            "LICENSE",
            "README.md",
            "CHANGELOG.md",
            "package.json",
            "schemas/plan.schema.json",
        ]) {
            assert.ok(files.includes(file), `${file} is missing`);
        }
        const sources = files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"));
        assert.deepEqual(sources, []);
        assert.deepEqual(
            files.filter((f) => /^(test|scripts|plan|tenants|values|monitoring)\//.test(f)),
            [],
        );
    });

    it("the example (examples/reuse.ts) compiles in a fresh consumer with tsc --strict against the packed declarations", () => {
        fs.copyFileSync(EXAMPLE, path.join(consumer, "index.ts"));
        fs.writeFileSync(
            path.join(consumer, "tsconfig.json"),
            JSON.stringify({
                compilerOptions: {
                    strict: true,
                    target: "ES2022",
                    module: "commonjs",
                    moduleResolution: "node",
                    esModuleInterop: true,
                    skipLibCheck: true,
                    noEmit: true,
                    types: ["node"],
                },
                files: ["index.ts"],
            }),
        );
        try {
            execFileSync(process.execPath, [TSC, "-p", consumer], {
                encoding: "utf8",
                stdio: "pipe",
            });
        } catch (e) {
            assert.fail(`the example does not compile:\n${(e as { stdout: string }).stdout}`);
        }
    });

    it("loads in Node from the package's main, with its components", () => {
        const out = execFileSync(
            process.execPath,
            [
                "-e",
                `const p = require("${pkg.name}"); console.log(["HelmRelease", "TenantNamespace", "Team", "MonitoringStack"].map((k) => typeof p[k]).join(","))`,
            ],
            {
                cwd: consumer,
                encoding: "utf8",
            },
        );
        assert.equal(out.trim(), "function,function,function,function");
    });

    it("publishes plan.json's JSON Schema, which a consumer requires by its path in the package", () => {
        const out = execFileSync(process.execPath, ["-e", `console.log(require("${pkg.name}/schemas/plan.schema.json").title)`], {
            cwd: consumer,
            encoding: "utf8",
        });
        assert.equal(out.trim(), `helm-platform plan.json, schema version ${PLAN_SCHEMA_VERSION}`);
    });

    it("docs/reuse.md shows the example as it is", () => {
        const guide = fs.readFileSync(path.join(ROOT, "docs", "reuse.md"), "utf8");
        assert.ok(
            guide.includes(`\`\`\`ts\n${fs.readFileSync(EXAMPLE, "utf8")}\`\`\``),
            "copy examples/reuse.ts into docs/reuse.md (Reusing the components)",
        );
    });

    it("the component reference shows the example as it is", () => {
        const reference = fs.readFileSync(path.join(ROOT, "docs/components.md"), "utf8");
        assert.ok(reference.includes(`\`\`\`ts\n${fs.readFileSync(EXAMPLE, "utf8")}\`\`\``), "run npm run api-docs");
    });
});
