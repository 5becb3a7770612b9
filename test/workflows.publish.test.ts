/**
 * The publishing path against a real OCI registry and the real Helm and gpg: scripts/registry-login.sh
 * (its token step replaced), the publish-chart workflow's own package/sign and push steps, `helm pull
 * --verify` with the signers' keyring, a foreign signature refused, the plan rendering the pulled
 * package, and a signing-key rotation.
 */
import * as assert from "node:assert/strict";
import { execFileSync, type SpawnSyncReturns, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { diskTree } from "../core/base/sourceTree";
import { runPlanCli } from "../plan/cli";
import { program } from "../program/stack";
import { ROOT } from "./helpers";
import { keyring, type TestKey, testKeys } from "./support/gpg";
import { type TestRegistry, useRegistry } from "./support/registry";
import { copySample } from "./support/sampleCopy";
import { tempDir } from "./support/temp";
import { workflow } from "./support/workflows";

const steps = workflow("publish-chart.yml").jobs.publish.steps as { name?: string; run?: string }[];
const step = (name: string) => steps.find((s) => s.name === name)?.run ?? assert.fail(`no step "${name}" in publish-chart.yml`);

describe("publishing charts through a real OCI registry (docker-registry, Helm, gpg)", function () {
    this.timeout(120_000);
    const registry = useRegistry();
    let sample: string;
    let keys: ReturnType<typeof testKeys>;
    before(() => {
        keys = testKeys();
        sample = copySample();
    });

    /** Runs a workflow step's script as the runner would: bash -e, its env, a RUNNER_TEMP of its own. */
    function runStep(name: string, env: Record<string, string>): SpawnSyncReturns<string> {
        return spawnSync("bash", ["-e", "-c", step(name)], { encoding: "utf8", cwd: sample, env: { ...environment(registry()), ...env } });
    }

    /** The workflow's package-and-sign step for one chart source, signed by `key`; returns RUNNER_TEMP. */
    function packageAndSign(source: string, key: TestKey): string {
        const runnerTemp = tempDir("runner-");
        const result = runStep("Package and sign", {
            RUNNER_TEMP: runnerTemp,
            CHART_SIGNING_KEY: key.armoredSecret,
            CHART_SIGNING_PASSPHRASE: key.passphrase,
            CHART_PATH: path.join(sample, source),
            KEY_NAME: key.email,
        });
        execFileSync("gpgconf", ["--kill", "gpg-agent"], { env: { ...process.env, GNUPGHOME: path.join(runnerTemp, "gnupg") } });
        assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
        return runnerTemp;
    }

    /** The workflow's push step; the login step it follows puts REGISTRY_HOST into the job's environment. */
    const push = (runnerTemp: string, team = "fintech") =>
        runStep("Push, never over a published version", { RUNNER_TEMP: runnerTemp, TEAM: team, REGISTRY_HOST: registry().host });
    const pull = (version: string, ring: string, into = tempDir("pulled-")) =>
        registry().helm([
            "pull",
            `oci://${registry().host}/helm-charts/fintech/payments-api`,
            "--version",
            version,
            "--verify",
            "--keyring",
            ring,
            "-d",
            into,
        ]);

    it("scripts/registry-login.sh logs Helm in with the token its token command prints, to the host given", () => {
        const login = (args: string[], env: Record<string, string> = {}) =>
            spawnSync(path.join(ROOT, "scripts", "registry-login.sh"), args, {
                encoding: "utf8",
                env: { ...environment(registry()), ...env },
            });
        assert.equal(login(["--help"]).status, 0);
        assert.match(login(["--help"]).stdout, /^Usage: scripts\/registry-login\.sh <stack>/);
        assert.equal(login(["--token", "x"]).status, 2, "an unknown option");
        assert.equal(login([]).status, 2, "no stack");
        const token = { REGISTRY_HOST: registry().host, REGISTRY_TOKEN_COMMAND: 'printf %s "$TEST_TOKEN"' };
        assert.equal(login(["prod"], { ...token, TEST_TOKEN: "wrong" }).status, 1, "a token the registry refuses");
        const result = login(["prod"], { ...token, TEST_TOKEN: registry().password });
        assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
        assert.match(
            fs.readFileSync(registry().env["HELM_REGISTRY_CONFIG"] as string, "utf8"),
            new RegExp(registry().host.replace(".", "\\.")),
        );
        // A shard's stack name logs in to its environment's registry, named in the environment's stack file.
        const shard = login(["prod.payments"], {
            REGISTRY_HOST: registry().host,
            REGISTRY_TOKEN_COMMAND: '[ "$REGISTRY_NAME" = acrhelmplatformprod ] && printf %s "$TEST_TOKEN"',
            TEST_TOKEN: registry().password,
        });
        assert.equal(shard.status, 0, `${shard.stdout}${shard.stderr}`);
    });

    it("the workflow's steps package, sign and push a chart under its team's path; the .prov travels with it", async () => {
        registry().login();
        const runnerTemp = packageAndSign("charts/fintech/payments-api/1.4.2", keys.current);
        assert.deepEqual(fs.readdirSync(path.join(runnerTemp, "chart")).sort(), ["payments-api-1.4.2.tgz", "payments-api-1.4.2.tgz.prov"]);
        const result = push(runnerTemp);
        assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
        assert.equal(fs.readFileSync(path.join(runnerTemp, "pushed"), "utf8"), "payments-api 1.4.2\n");
        assert.match(await registry().digestOf("helm-charts/fintech/payments-api", "1.4.2"), /^sha256:[0-9a-f]{64}$/);
        assert.equal(pull("1.4.2", keyring(keys.current)).status, 0, "verified against the signer's public keyring");
    });

    it("GIVEN a signed chart fetched by digest THEN Helm cannot verify it: releases that verify install by version", async () => {
        // When this starts to pass verification (helm/helm#32546), verified releases can pin digests too.
        const digest = await registry().digestOf("helm-charts/fintech/payments-api", "1.4.2");
        const into = tempDir("by-digest-");
        const reference = `oci://${registry().host}/helm-charts/fintech/payments-api@${digest}`;
        const result = registry().helm([
            "pull",
            reference,
            "--version",
            "1.4.2",
            "--verify",
            "--keyring",
            keyring(keys.current),
            "-d",
            into,
        ]);
        assert.notEqual(result.status, 0);
        assert.match(result.stderr, /provenance does not contain a SHA for a file named "payments-api@sha256-[0-9a-f]{64}\.tgz"/);
    });

    it("GIVEN a version already published THEN the push step refuses to overwrite it and the registry keeps the first", async () => {
        const before = await registry().digestOf("helm-charts/fintech/payments-api", "1.4.2");
        const result = push(packageAndSign("charts/fintech/payments-api/1.4.2", keys.current));
        assert.equal(result.status, 1);
        assert.match(
            result.stdout,
            /::error::payments-api 1\.4\.2 is already in oci:\/\/127\.0\.0\.1:\d+\/helm-charts\/fintech\/payments-api: publish a new version/,
        );
        assert.equal(await registry().digestOf("helm-charts/fintech/payments-api", "1.4.2"), before);
    });

    it("GIVEN a team name that is not one THEN the push step refuses before pushing anything", () => {
        const result = push(tempDir("runner-"), "../platform");
        assert.equal(result.status, 1);
        assert.match(result.stdout, /::error::team "\.\.\/platform" is not a team name/);
    });

    it("GIVEN a chart signed by a key the keyring does not hold THEN helm pull --verify refuses it", () => {
        assert.equal(push(packageAndSign("charts/fintech/payments-api/1.5.0", keys.next)).status, 0);
        const result = pull("1.5.0", keyring(keys.current));
        assert.notEqual(result.status, 0);
        assert.match(result.stderr, /openpgp: signature made by unknown entity/);
    });

    it("publish → verify → pull → render: the offline plan renders a release from the package pulled into the chart cache", async () => {
        const cache = tempDir("chart-cache-");
        assert.equal(pull("1.4.2", keyring(keys.current), cache).status, 0);
        // No chart source in the repository: the plan can only have the chart from the registry.
        fs.rmSync(path.join(sample, "charts/fintech/payments-api/1.4.2"), { recursive: true });
        const out = tempDir("plan-");
        const quiet = { root: ROOT, program, tree: diskTree(sample), stdout: () => undefined, stderr: () => undefined };
        assert.equal(await runPlanCli(["--stack", "uat", "--out", out, "--chart-cache", cache], quiet), 0);
        const plan = JSON.parse(fs.readFileSync(path.join(out, "uat", "plan.json"), "utf8")) as { manifests: Record<string, string> };
        assert.equal(plan.manifests["weu/fintech/fintech-payments-api"], "rendered");
        const manifest = fs.readFileSync(path.join(out, "uat/manifests/weu/fintech/fintech-payments-api.yaml"), "utf8");
        assert.match(manifest, /helm\.sh\/chart: payments-api-1\.4\.2/);
    });

    it("rotates the signing key: both keys trusted during the overlap, charts re-signed with the new one, the old key removed", () => {
        const oldPackage = tempDir("old-");
        assert.equal(pull("1.4.2", keyring(keys.current), oldPackage).status, 0);
        // 1. Overlap: the keyring holds both; charts signed by either verify.
        const both = keyring(keys.current, keys.next);
        assert.equal(pull("1.4.2", both).status, 0, "signed by the current key");
        assert.equal(pull("1.5.0", both).status, 0, "signed by the next key");
        // 2. Re-sign what is published with the next key: the same chart, packaged and signed again, pushed again.
        const resigned = resign(registry(), path.join(oldPackage, "payments-api-1.4.2.tgz"), keys.next);
        assert.equal(registry().helm(["push", resigned, `oci://${registry().host}/helm-charts/fintech`]).status, 0);
        // 3. The old key removed: the re-signed chart verifies, a package still signed by the old key does not.
        const next = keyring(keys.next);
        assert.equal(pull("1.4.2", next).status, 0, "re-signed with the next key");
        const stale = registry().helm(["verify", path.join(oldPackage, "payments-api-1.4.2.tgz"), "--keyring", next]);
        assert.notEqual(stale.status, 0);
        assert.match(stale.stderr, /openpgp: signature made by unknown entity/);
    });
});

/** The process environment for scripts: the registry's Helm homes and CA, and its Helm on the PATH. */
function environment(registry: TestRegistry): NodeJS.ProcessEnv {
    const helmDir = path.isAbsolute(registry.helmPath) ? path.dirname(registry.helmPath) : undefined;
    return { ...registry.env, PATH: [helmDir, process.env["PATH"]].filter(Boolean).join(path.delimiter) };
}

/** A chart package signed again by `key`: unpacked, packaged and signed as the publish workflow does. */
function resign(registry: TestRegistry, tgz: string, key: TestKey): string {
    const work = tempDir("resign-");
    execFileSync("tar", ["-xzf", tgz, "-C", work]);
    const passphrase = path.join(work, "passphrase");
    fs.writeFileSync(passphrase, key.passphrase);
    const chart = path.join(work, fs.readdirSync(work).find((f) => f !== "passphrase") as string);
    const args = ["package", "--sign", "--key", key.email, "--keyring", key.secring, "--passphrase-file", passphrase, chart, "-d", work];
    const result = registry.helm(args);
    assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
    return path.join(work, path.basename(tgz));
}
