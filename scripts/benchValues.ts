/**
 * `npm run bench:values`: how long a very large values file takes, read as Helm reads it and through a
 * whole offline plan, and how long the needs check takes on apps that each need every earlier one. Prints
 * figures; the sizes are the ones that used to take tens of seconds (a 5 MB file of 70,000 keys; 26 and
 * 30 densely needing apps) and ten times those.
 */

import { diskTree, overlayTree } from "../core/base/sourceTree";
import { findCycles } from "../core/releases/needs";
import { parseYamlFile } from "../core/yaml/yamlFile";
import { parseOptions } from "../plan/cliOptions";
import { runScript, type ScriptContext, scriptCommand } from "./runScript";

/** A flat values file of `keys` keys, about 90 bytes each. */
export function bigValuesFile(keys: number): string {
    const lines: string[] = [];
    for (let i = 0; i < keys; i++) {
        lines.push(`key${i}: "value number ${i} with some padding text, as configuration files grow in practice"`);
    }
    return `${lines.join("\n")}\n`;
}

/** `apps` apps of one team, each needing every earlier one, and the last needed by the first: one cycle. */
export function denseNeeds(apps: number, cyclic: boolean): Map<string, string[]> {
    const graph = new Map<string, string[]>();
    for (let i = 0; i < apps; i++) {
        graph.set(
            `team/app${i}`,
            Array.from({ length: i }, (_, j) => `team/app${j}`),
        );
    }
    if (cyclic) {
        graph.set("team/app0", [`team/app${apps - 1}`]);
    }
    return graph;
}

const ms = (start: bigint) => Math.round(Number(process.hrtime.bigint() - start) / 1e6);

async function measure(context: ScriptContext): Promise<void> {
    // The SDK and the program load after the arguments are read: --help starts nothing.
    const { planStack } = require("../plan/runPlan") as typeof import("../plan/runPlan");
    const { tuneForPlanning } = require("../plan/tuning") as typeof import("../plan/tuning");
    const { program } = require("./runCli") as typeof import("./runCli");
    tuneForPlanning();
    for (const keys of [70_000, 700_000]) {
        const text = bigValuesFile(keys);
        let start = process.hrtime.bigint();
        parseYamlFile("values.yaml", text, "helm");
        const parse = ms(start);
        const tree = overlayTree(diskTree(context.root), { "tenants/retail/storefront/values.yaml": text });
        start = process.hrtime.bigint();
        const run = await planStack(program, tree, "dev");
        context.stdout(
            `${keys} keys (${(text.length / 1e6).toFixed(1)} MB): read ${parse} ms, offline plan of dev ${ms(start)} ms (exit ${run.exitCode})\n`,
        );
    }
    for (const apps of [26, 30, 260, 300]) {
        const start = process.hrtime.bigint();
        const cycles = findCycles(denseNeeds(apps, true));
        context.stdout(`${apps} apps, each needing every earlier one, one cycle: ${ms(start)} ms (${cycles.length} cycle found)\n`);
    }
}

/** Runs the script with `argv` (the arguments after its name); returns its exit code. */
export async function runBenchValuesCli(argv: readonly string[], context: ScriptContext): Promise<number> {
    const options = parseOptions(
        scriptCommand("bench:values", context)
            .description(
                "Times reading a 6.6 MB and a 68 MB values file as Helm reads them and planning dev with each, and the needs check on 26 to 300 densely needing apps.",
            )
            .addHelpText("after", "\nPrints figures and asserts nothing. Exit codes: 0 done; 1 a step failed; 2 bad arguments."),
        argv,
    );
    if (typeof options === "number") {
        return options;
    }
    await measure(context);
    return 0;
}

if (require.main === module) {
    runScript(runBenchValuesCli);
}
