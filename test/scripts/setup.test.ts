import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "../helpers";
import { pathWithout, standIns } from "../support/machine";

const SETUP = path.join(ROOT, "scripts/setup.sh");
const TEST_TOOLS = ["promtool", "amtool", "prometheus", "docker-registry", "gpg", "openssl"];

/**
 * Runs scripts/setup.sh on a PATH where `hidden` are missing, with stand-ins that record every call:
 * apt-get (failing its first install when `staleIndex`, as on a machine whose package lists are old),
 * sudo, id (a user that is not root) and npm.
 */
function setup(
    args: readonly string[],
    options: { hidden?: readonly string[]; staleIndex?: boolean; noAptGet?: boolean; noSudo?: boolean } = {},
) {
    const bin = pathWithout([...(options.hidden ?? TEST_TOOLS), ...(options.noAptGet ? ["apt-get"] : []), "sudo"]);
    const calls = path.join(bin, "calls");
    const record = `echo "$(basename "$0") $*" >> ${calls}`;
    const stale = options.staleIndex
        ? `[ "$1" = install ] && [ ! -e ${bin}/updated ] && exit 100\n[ "$1" = update ] && touch ${bin}/updated`
        : "";
    const fakes = standIns({
        ...(options.noAptGet ? {} : { "apt-get": `${record}\n${stale}\nexit 0` }),
        ...(options.noSudo ? {} : { sudo: `${record}\nexec "$@"` }),
        id: "echo 1000",
        npm: `${record}\nexit 0`,
    });
    const run = spawnSync("/bin/bash", [SETUP, ...args], { encoding: "utf8", env: { PATH: `${fakes}${path.delimiter}${bin}`, HOME: bin } });
    const recorded = fs.existsSync(calls) ? fs.readFileSync(calls, "utf8").trim().split("\n") : [];
    return { ...run, calls: recorded };
}

describe("scripts/setup.sh: a fresh clone to passing tests", function () {
    this.timeout(60_000);

    it("GIVEN no promtool, amtool, prometheus, registry, gpg or openssl THEN it installs their Debian packages through sudo, then npm ci, Helm and the tests", () => {
        const run = setup(["--test"]);
        assert.equal(run.status, 0, run.stderr);
        const install = "apt-get install -y --no-install-recommends prometheus prometheus-alertmanager docker-registry gnupg openssl";
        assert.deepEqual(run.calls, [`sudo ${install}`, install, "npm ci --no-audit --no-fund", "npm run --silent tools", "npm test"]);
    });

    it("GIVEN stale package lists THEN it updates them and installs again", () => {
        const run = setup([], { staleIndex: true, hidden: ["amtool"] });
        assert.equal(run.status, 0, run.stderr);
        assert.deepEqual(
            run.calls.filter((c) => c.startsWith("apt-get")),
            [
                "apt-get install -y --no-install-recommends prometheus-alertmanager",
                "apt-get update",
                "apt-get install -y --no-install-recommends prometheus-alertmanager",
            ],
        );
        assert.ok(!run.calls.includes("npm test"), "without --test it runs no tests");
    });

    it("GIVEN every tool already there THEN it installs no package", () => {
        const run = setup(["--test"], { hidden: [] });
        assert.equal(run.status, 0, run.stderr);
        assert.deepEqual(run.calls, ["npm ci --no-audit --no-fund", "npm run --silent tools", "npm test"]);
    });

    it("GIVEN no apt-get (not Debian or Ubuntu) THEN it names the missing packages, points to docs/setup.md and exits 1 before npm", () => {
        const run = setup(["--test"], { noAptGet: true });
        assert.equal(run.status, 1);
        assert.equal(
            run.stderr,
            "missing: prometheus prometheus-alertmanager docker-registry gnupg openssl (the tests ask the real tools); this is no Debian or Ubuntu machine: see docs/setup.md\n",
        );
        assert.deepEqual(run.calls, []);
    });

    it("GIVEN no root and no sudo THEN it says to run apt-get as root, and exits 1 before npm", () => {
        const run = setup(["--test"], { hidden: ["amtool"], noSudo: true });
        assert.equal(run.status, 1);
        assert.equal(
            run.stderr,
            "missing: prometheus-alertmanager; there is no sudo: as root, run apt-get install prometheus-alertmanager\n",
        );
        assert.deepEqual(run.calls, []);
    });

    it("answers --help with its usage and exit codes, and refuses an unknown option with exit 2, installing nothing", () => {
        const help = setup(["--help"]);
        assert.equal(help.status, 0);
        assert.match(help.stdout, /^Usage: scripts\/setup\.sh \[options\]\n/);
        assert.match(help.stdout, /--test +then run the tests \(npm test\)/);
        assert.match(help.stdout, /Exit codes: 0 /);
        const unknown = setup(["--tests"]);
        assert.equal(unknown.status, 2);
        assert.equal(unknown.stderr, "error: unknown option '--tests'\n");
        assert.deepEqual([...help.calls, ...unknown.calls], []);
    });
});
