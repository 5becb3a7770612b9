/**
 * docs/first-deployment.md, executed: every `npm run` line of the runbook's command blocks runs here, as
 * written and in its order (with `ENVIRONMENT=dev`), on a copy of the sample, the offline steps between them
 * done as the runbook does them, against a real OCI registry on 127.0.0.1 (the only flag added is
 * `--registry-endpoint`, the registry's address). A command changed, added or removed in the runbook
 * without this test following fails it. Rendering every sample release with the real Helm is
 * test/plan/manifests.samples.test.ts's; the bootstrap's registrations are test/program/stack.bootstrap.test.ts's.
 */
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { diskTree } from "../core/base/sourceTree";
import type { ChartLock } from "../core/releases/lock";
import type { Plan } from "../core/report/planTypes";
import type { CliContext } from "../plan/cli";
import { runPlanCli } from "../plan/cli";
import { runLockCli } from "../plan/lockCli";
import { runPlaceholdersCli } from "../plan/placeholdersCli";
import { readPlanFile } from "../plan/planFile";
import { runPublishCli } from "../plan/publishCli";
import { runStacksCli } from "../plan/stacksCli";
import { program } from "../program/stack";
import { helmBinary } from "../scripts/tools";
import { load, ROOT } from "./helpers";
import { assertBootstrapPlan, BOOTSTRAP_LINE } from "./support/bootstrap";
import { testKeys } from "./support/gpg";
import { ownValueChanges } from "./support/ownValues";
import { useRegistry } from "./support/registry";
import { copySample } from "./support/sampleCopy";
import { type SignerFiles, supplyChainHarness } from "./support/supplyChain";

const RUNBOOK = "docs/first-deployment.md";
const ENVIRONMENT = "dev";

/** Every line of the runbook's `sh` blocks, in order, continuation lines joined. */
function commandLines(markdown: string): string[] {
    const blocks = [...markdown.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1] as string);
    return blocks.flatMap((b) => b.replace(/\\\n\s*/g, "").split("\n")).map((l) => l.trim());
}

/** A command line as the shell splits it, `$NAME` and `"$NAME"` expanded from `variables`, its comment dropped. */
function shellWords(line: string, variables: Readonly<Record<string, string>>): string[] {
    const words: string[] = [];
    const pattern = /\s*(?:'([^']*)'|"((?:[^"\\$]|\$\w+)*)"|(#.*)|([^\s'"#]+))/gy;
    const expand = (text: string) =>
        text.replace(/\$(\w+)/g, (_, name: string) => {
            assert.ok(name in variables, `the runbook's "${line}" uses $${name}, which this test does not set`);
            return variables[name] as string;
        });
    for (let m = pattern.exec(line); m && m[0] !== ""; m = pattern.exec(line)) {
        const [, single, double, comment, bare] = m;
        if (comment !== undefined) {
            break;
        }
        assert.ok(!/[|;&<>`()]/.test(bare ?? ""), `the runbook's "${line}" is more than one command: this test runs one`);
        words.push(single ?? expand(double ?? bare ?? ""));
    }
    return words;
}

describe(`${RUNBOOK}: the offline steps of a first deployment, as the runbook writes them`, function () {
    this.timeout(60_000);
    const registry = useRegistry();
    let copy: string;
    let signer: SignerFiles;
    const chain = supplyChainHarness(registry, () => copy);
    const printed = { stdout: "", stderr: "" };
    const cliContext = (): CliContext => ({
        root: copy,
        tree: diskTree(copy),
        program,
        stdout: (t) => {
            printed.stdout += t;
        },
        stderr: (t) => {
            printed.stderr += t;
        },
    });
    const stackFile = () => path.join(copy, `Pulumi.${ENVIRONMENT}.yaml`);
    const planned = (stack: string): Plan => {
        const read = readPlanFile(path.join(copy, "out", stack, "plan.json"));
        assert.ok("plan" in read, "error" in read ? read.error : "");
        return read.plan;
    };
    const lockOf = () => parse(fs.readFileSync(path.join(copy, "charts.lock.yaml"), "utf8")) as ChartLock;

    before(async () => {
        copy = copySample();
        // `npm run tools` installed Helm into the repository's .tools/ (unless one is on the PATH): the copy has it there too.
        const helm = await helmBinary();
        if (path.isAbsolute(helm)) {
            fs.mkdirSync(path.join(copy, ".tools"));
            fs.symlinkSync(helm, path.join(copy, ".tools", "helm"));
        }
        signer = chain.signerFiles();
    });

    /** The `npm run` scripts of the runbook, in its order, and what each run must show. */
    const RUNS: readonly { script: string; before?: () => void; shows: (code: number) => Promise<void> | void }[] = [
        {
            script: "placeholders",
            shows: (code) => {
                assert.equal(code, 1, "the sample's placeholders are there");
                assert.match(printed.stdout, /Pulumi\.dev\.yaml:\d+: helm-platform:registry\.name: a placeholder of the sample/);
                assert.match(printed.stdout, /tenants\/fintech\.yaml:\d+: groups\.owners\[0\]: a placeholder of the sample/);
            },
        },
        {
            script: "placeholders",
            // What `pulumi stack init`, the `pulumi config set` lines and the edits of the tenant files write.
            before: () => {
                for (const [file, text] of Object.entries(ownValueChanges(diskTree(copy)))) {
                    fs.writeFileSync(path.join(copy, file), text);
                }
            },
            shows: (code) => {
                assert.equal(code, 0, printed.stdout);
                assert.equal(printed.stdout, "dev: no placeholder left\n");
            },
        },
        {
            script: "plan",
            shows: (code) => {
                assert.equal(code, 0, printed.stdout);
                assertBootstrapPlan(planned(ENVIRONMENT));
            },
        },
        {
            script: "publish-charts",
            shows: async (code) => {
                assert.equal(code, 0, chain.output.stderr);
                const releases = load(ENVIRONMENT, diskTree(copy)).releases;
                assert.ok(releases.length >= 5);
                for (const r of releases) {
                    assert.match(await registry().digestOf(`helm-charts/${r.chartOwner}/${r.chartName}`, r.version), /^sha256:/, r.name);
                }
                assert.match(chain.output.stdout, /--write-enabled false --delete-enabled false/);
            },
        },
        {
            script: "lock",
            shows: async (code) => {
                assert.equal(code, 0, chain.output.stderr);
                const section = lockOf().environments[ENVIRONMENT];
                assert.equal(section?.registry, "acracmeplatformdev.azurecr.io", "the stack's own registry");
                const payments = load(ENVIRONMENT, diskTree(copy)).releases.find((r) => r.name === "fintech-payments-api");
                assert.ok(payments);
                assert.equal(
                    section?.charts["fintech/payments-api"]?.[payments.version],
                    await registry().digestOf("helm-charts/fintech/payments-api", payments.version),
                );
            },
        },
        {
            script: "lock",
            shows: (code) => assert.equal(code, 0, `digests and signatures: ${chain.output.stderr}`),
        },
        {
            script: "plan",
            shows: (code) => {
                assert.equal(code, 0, printed.stdout);
                const plan = planned(ENVIRONMENT);
                assert.deepEqual(plan.teams, ["data", "fintech", "retail"]);
                const lock = lockOf().environments[ENVIRONMENT];
                for (const r of plan.releases) {
                    assert.ok(r.digest && Object.values(lock?.charts ?? {}).some((v) => Object.values(v).includes(r.digest as string)));
                    assert.equal(plan.manifests?.[`${r.cluster}/${r.namespace}/${r.name}`], "rendered", r.name);
                }
            },
        },
        {
            script: "stacks",
            shows: (code) => {
                assert.equal(code, 0);
                assert.equal(
                    printed.stdout,
                    "prod (sharded): prod (foundation)\n  then prod.payments (fintech)\n  then prod.commerce (retail, data)\n",
                );
            },
        },
    ];
    /** `npm run` lines this test does not run, and where they are tested. */
    const NOT_RUN: Readonly<Record<string, string>> = {
        tools: "installs Helm on this machine (test/scripts/tools.test.ts)",
        doctor: "checks the Pulumi and Azure CLIs and the stack's Key Vault key, which need the cloud (test/scripts/doctor.test.ts)",
    };

    /**
     * The runbook's offline steps between its `npm run` lines (a line starting with the key), each done on
     * the copy as the runbook does it: run as written where it is a local command, its effect where it
     * needs the Pulumi CLI or the cloud.
     */
    const STEPS: Readonly<Record<string, (line: string) => void>> = {
        "sed -i.bak '/^encryptedkey:/d' Pulumi.*.yaml": (line) => {
            execFileSync("bash", ["-c", line], { cwd: copy });
            const files = fs.readdirSync(copy).filter((f) => /^Pulumi\..+\.yaml/.test(f));
            assert.deepEqual(files.sort(), ["dev", "prod", "prod.commerce", "prod.payments", "uat"].map((s) => `Pulumi.${s}.yaml`).sort());
            for (const file of files) {
                assert.doesNotMatch(fs.readFileSync(path.join(copy, file), "utf8"), /^encryptedkey:/m, file);
            }
        },
        'gpg --export "$SIGNER" > keys/charts.pubring.gpg': () => chain.trust(testKeys().current),
        'pulumi config set --type bool helm-platform:bootstrap true --stack "$ENVIRONMENT"': () =>
            fs.appendFileSync(stackFile(), BOOTSTRAP_LINE),
        'scripts/registry-login.sh "$ENVIRONMENT"': () => registry().login(),
        'pulumi config rm helm-platform:bootstrap --stack "$ENVIRONMENT"': () => {
            const text = fs.readFileSync(stackFile(), "utf8");
            assert.ok(text.includes(BOOTSTRAP_LINE));
            fs.writeFileSync(stackFile(), text.replace(BOOTSTRAP_LINE, ""));
        },
    };

    it("GIVEN the sample copied THEN every npm run line of the runbook runs as written, in order, and does what the runbook says", async () => {
        const lines = commandLines(fs.readFileSync(path.join(ROOT, RUNBOOK), "utf8"));
        const variables = { ENVIRONMENT, SIGNER: signer.key, SECRING: signer.secring, PASSPHRASE_FILE: signer.passphraseFile };
        const npmRuns = lines.filter((l) => l.startsWith("npm run "));
        const scripts = npmRuns.map((l) => /^npm run ([\w-]+)/.exec(l)?.[1] as string);
        assert.deepEqual(
            scripts.filter((s) => !(s in NOT_RUN)),
            RUNS.map((r) => r.script),
            "the runbook's npm run lines, in order",
        );
        const done = new Set<string>();
        let run = 0;
        for (const line of lines) {
            const step = Object.entries(STEPS).find(([text]) => line.startsWith(text));
            if (step) {
                step[1](line);
                done.add(step[0]);
            }
            const words = line.startsWith("npm run ") ? shellWords(line, variables) : [];
            if (words.length === 0 || (words[2] as string) in NOT_RUN) {
                continue;
            }
            const expected = RUNS[run++];
            assert.ok(expected);
            assert.deepEqual(words.slice(0, 4), ["npm", "run", expected.script, "--"], line);
            expected.before?.();
            printed.stdout = "";
            printed.stderr = "";
            const argv = words.slice(4);
            const code = await runScript(expected.script, argv);
            await expected.shows(code);
        }
        assert.equal(run, RUNS.length);
        assert.deepEqual([...done].sort(), Object.keys(STEPS).sort(), "every offline step between them is in the runbook");
    });

    /** One of the runbook's scripts, as `npm run <script> -- <argv>` runs it, on the copy. */
    function runScript(script: string, argv: readonly string[]): Promise<number> {
        switch (script) {
            case "placeholders":
                return runPlaceholdersCli(argv, cliContext());
            case "plan":
                return runPlanCli(argv, cliContext());
            case "stacks":
                return runStacksCli(argv, cliContext());
            case "publish-charts":
                return chain.run(runPublishCli, argv);
            case "lock":
                return chain.run(runLockCli, argv);
            default:
                throw new Error(`the runbook runs npm run ${script}, which this test does not know`);
        }
    }
});
