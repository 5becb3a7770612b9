import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { doctor } from "../../scripts/doctor";
import { ROOT } from "../helpers";
import { deploymentTools, machineWith, pathWithout } from "../support/machine";

/** The line of one check and the fix line below it, if any. */
function checkOf(report: string, name: string): { line: string; fix?: string } {
    const lines = report.split("\n");
    const at = lines.findIndex((l) => new RegExp(`^  [✓✗] ${name} `).test(l));
    assert.ok(at >= 0, `no check ${name} in:\n${report}`);
    const next = lines[at + 1] ?? "";
    return { line: lines[at] as string, ...(next.startsWith("      fix: ") ? { fix: next.slice("      fix: ".length) } : {}) };
}

describe("npm run doctor", function () {
    this.timeout(60_000);

    it("GIVEN a PATH without promtool, amtool and prometheus WHEN npm run doctor THEN it names each with its install command and exits 1", () => {
        const bin = pathWithout(["promtool", "amtool", "prometheus"]);
        const run = spawnSync(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "scripts/doctor.ts"], {
            cwd: ROOT,
            encoding: "utf8",
            env: { PATH: bin, HOME: process.env["HOME"] },
        });
        assert.equal(run.status, 1, run.stderr);
        assert.equal(
            checkOf(run.stdout, "promtool").fix,
            "sudo apt-get install prometheus   (scripts/setup.sh installs every tool the tests need)",
        );
        assert.equal(
            checkOf(run.stdout, "prometheus").fix,
            "sudo apt-get install prometheus   (scripts/setup.sh installs every tool the tests need)",
        );
        assert.equal(
            checkOf(run.stdout, "amtool").fix,
            "sudo apt-get install prometheus-alertmanager   (scripts/setup.sh installs every tool the tests need)",
        );
        assert.match(checkOf(run.stdout, "node").line, /✓ node +v20\.\d+\.\d+ \(package\.json asks >=20\.19\)/);
        assert.match(checkOf(run.stdout, "docker-registry").line, /✓ docker-registry {2}.*docker-registry$/);
        assert.match(run.stdout, /3 things need fixing\.\n$/);
    });

    it("GIVEN no --stack THEN it checks no deployment tool and says how to", () => {
        const { report, code } = doctor(machineWith([]), undefined);
        assert.equal(code, 0, report);
        assert.match(report, /npm run doctor -- --stack <env> checks the Pulumi CLI/);
        assert.doesNotMatch(report, /pulumi +v/);
    });

    it("GIVEN a stack THEN the report adds its deployment's checks, and a failing one makes the verdict and the exit code", () => {
        const ready = doctor(machineWith([deploymentTools()]), "dev");
        assert.equal(ready.code, 0, ready.report);
        assert.match(ready.report, /\n\nFor a real deployment of dev:\n {2}✓ pulumi /);
        assert.match(ready.report, /\n\nEverything needed is here\.\n$/);
        const loggedOut = doctor(
            machineWith([deploymentTools({ az: `echo "ERROR: Please run 'az login' to setup account." >&2; exit 1` })]),
            "dev",
        );
        assert.equal(loggedOut.code, 1);
        assert.equal(checkOf(loggedOut.report, "az").fix, "az login");
        assert.match(loggedOut.report, /\n\n2 things need fixing\.\n$/, "az and the key it could not read");
    });
});
