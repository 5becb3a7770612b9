/**
 * `npm run layers`: checks the import rules of `.dependency-cruiser.cjs` (layers, no cycles) and prints
 * the layer graph the README shows; `npm run layers -- --write` puts the graph into the README.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseOptions } from "../plan/cliOptions";
import { runScript, type ScriptContext, scriptCommand } from "./runScript";

export const ROOT = path.resolve(__dirname, "..");
const CRUISER = path.join(ROOT, "node_modules/dependency-cruiser/bin/dependency-cruise.mjs");
/** The code the rules cover (the test fixtures break them on purpose). */
export const CHECKED = ["core", "components", "program", "guards", "plan", "scripts", "index.ts", "test"];
const README_BLOCK = /(<!-- layers:begin -->\n)[\s\S]*?(<!-- layers:end -->)/;

/** Runs dependency-cruiser with the project's rules; returns its exit code and report. */
export function cruise(args: readonly string[], cwd = ROOT): { code: number; output: string } {
    try {
        return {
            code: 0,
            output: execFileSync(process.execPath, [CRUISER, ...args], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }),
        };
    } catch (e) {
        const error = e as { status: number; stdout: string; stderr: string };
        return { code: error.status, output: `${error.stdout}${error.stderr}` };
    }
}

/** The graph of the layers (each `core/` folder, the components, the guards, the plan, the program) as Mermaid. */
export function layerGraph(): string {
    const { code, output } = cruise([
        "core",
        "components",
        "program",
        "guards",
        "plan",
        "index.ts",
        "--include-only",
        "^(core|components|program|guards|plan|index\\.ts)",
        "--collapse",
        "^(core/[^/]+|components|program|guards|plan|index\\.ts)",
        "--output-type",
        "mermaid",
    ]);
    if (code !== 0) {
        throw new Error(output);
    }
    return output.trim();
}

/** The README with its layer graph replaced by `graph`. */
export function withGraph(readme: string, graph: string): string {
    if (!README_BLOCK.test(readme)) {
        throw new Error("README.md has no <!-- layers:begin --> ... <!-- layers:end --> block");
    }
    return readme.replace(README_BLOCK, (_, begin: string, end: string) => `${begin}\`\`\`mermaid\n${graph}\n\`\`\`\n${end}`);
}

/** Runs the script with `argv` (the arguments after its name) on this repository; returns its exit code. */
export function runLayersCli(argv: readonly string[], context: ScriptContext): number {
    const options = parseOptions<{ write: boolean }>(
        scriptCommand("layers", context)
            .description("Checks the import rules of .dependency-cruiser.cjs (layers, no cycles) and prints the layer graph as Mermaid.")
            .option("--write", "put the graph into the README instead of printing it", false)
            .addHelpText("after", "\nExit codes: 0 no violation; 1 a violation (listed); 2 bad arguments."),
        argv,
    );
    if (typeof options === "number") {
        return options;
    }
    const check = cruise([...CHECKED, "--output-type", "err-long"], context.root);
    context.stdout(check.output);
    const graph = layerGraph();
    if (options.write) {
        const file = path.join(context.root, "README.md");
        fs.writeFileSync(file, withGraph(fs.readFileSync(file, "utf8"), graph));
    } else {
        context.stdout(`${graph}\n`);
    }
    return check.code === 0 ? 0 : 1;
}

if (require.main === module) {
    runScript(runLayersCli);
}
