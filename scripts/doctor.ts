/**
 * `npm run doctor [-- --stack <env>]`: checks this machine for what the tests and the offline plan ask
 * and, with a stack, for what a real `pulumi up` of it needs; prints the command that fixes each missing
 * or wrong thing.
 */
import { Option } from "commander";
import { diskTree } from "../core/base/sourceTree";
import { knownEnvironments } from "../core/load/loadConfiguration";
import { parseOptions } from "../plan/cliOptions";
import { type Check, type Machine, toolChecks } from "./doctorChecks";
import { deploymentChecks } from "./doctorDeploy";
import { runScript, type ScriptContext, scriptCommand } from "./runScript";

/** The report: one line per check, its fix indented below it. */
export function formatChecks(title: string, checks: readonly Check[]): string {
    const width = Math.max(...checks.map((c) => c.name.length));
    const lines = checks.flatMap((c) => [
        `  ${c.ok ? "✓" : "✗"} ${c.name.padEnd(width)}  ${c.found}`,
        ...(c.fix ? [`      fix: ${c.fix}`] : []),
    ]);
    return [`${title}:`, ...lines].join("\n");
}

/** Checks the machine; the report and the exit code (1 when anything needed is missing or wrong). */
export function doctor(machine: Machine, stack: string | undefined): { report: string; code: 0 | 1 } {
    const tools = toolChecks(machine);
    const deployment = stack ? deploymentChecks(machine, stack) : [];
    const sections = [
        formatChecks("For the tests and the offline plan", tools),
        stack
            ? formatChecks(`For a real deployment of ${stack}`, deployment)
            : "For a real deployment: npm run doctor -- --stack <env> checks the Pulumi CLI, az, kubelogin, the backend and the stack's Key Vault key.",
    ];
    const failed = [...tools, ...deployment].filter((c) => !c.ok).length;
    const verdict = failed === 0 ? "Everything needed is here." : `${failed} ${failed === 1 ? "thing needs" : "things need"} fixing.`;
    return { report: `${sections.join("\n\n")}\n\n${verdict}\n`, code: failed === 0 ? 0 : 1 };
}

/** Runs the script with `argv` (the arguments after its name) on this process's machine; returns its exit code. */
export function runDoctorCli(argv: readonly string[], context: ScriptContext): number {
    const options = parseOptions<{ stack?: string }>(
        scriptCommand("doctor", context)
            .description(
                "Checks this machine: Node, Helm, promtool, prometheus, amtool and docker-registry for the tests and the offline plan; with --stack, what pulumi up of that stack needs. Prints the command that fixes each missing thing.",
            )
            .addOption(
                new Option(
                    "-s, --stack <env>",
                    "also check a real deployment of this stack: Pulumi CLI, backend, az and its subscription, kubelogin, the Key Vault key",
                ).choices(knownEnvironments(diskTree(context.root))),
            )
            .addHelpText(
                "after",
                "\nExit codes: 0 everything needed is here; 1 something is missing or wrong (with its fix); 2 bad arguments.",
            ),
        argv,
    );
    if (typeof options === "number") {
        return options;
    }
    const { report, code } = doctor(
        { root: context.root, env: process.env, platform: process.platform, arch: process.arch, nodeVersion: process.version },
        options.stack,
    );
    context.stdout(report);
    return code;
}

if (require.main === module) {
    runScript(runDoctorCli);
}
