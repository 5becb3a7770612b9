/**
 * `npm run publish-charts` and `npm run lock` against a real OCI registry with the real Helm: the
 * sample's uat published (team charts signed, the platform's mirrored), its digests locked, the lock
 * checked, and a re-pushed tag caught by the check and refused by Helm's digest-pinned install.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { diskTree } from "../../core/base/sourceTree";
import type { ChartLock } from "../../core/releases/lock";
import { runLockCli } from "../../plan/lockCli";
import { runPublishCli } from "../../plan/publishCli";
import { load } from "../helpers";
import { BOOTSTRAP_LINE } from "../support/bootstrap";
import { testKeys } from "../support/gpg";
import { useRegistry } from "../support/registry";
import { copySample } from "../support/sampleCopy";
import { PLATFORM_CHARTS, standInPlatformPackages, supplyChainHarness } from "../support/supplyChain";
import { tempDir } from "../support/temp";

describe("npm run publish-charts, then npm run lock, against a real OCI registry", function () {
    this.timeout(120_000);
    const registry = useRegistry();
    let sample: string;
    let mirror: string;
    const { output, context, run, signer, trust } = supplyChainHarness(registry, () => sample);
    const lockOf = () => parse(fs.readFileSync(path.join(sample, "charts.lock.yaml"), "utf8")) as ChartLock;

    before(() => {
        sample = copySample();
        trust(testKeys().current);
        registry().login();
        mirror = standInPlatformPackages(registry());
    });

    it("answers --help and refuses unknown stacks with exit 2", async () => {
        assert.equal(await runLockCli(["--help"], context()), 0);
        assert.equal(await runLockCli(["--stack", "staging"], context()), 2);
    });

    it("GIVEN a stack that verifies charts and no signer THEN publish-charts refuses before pushing anything", async () => {
        assert.equal(await run(runPublishCli, ["--stack", "uat", "--mirror-from", mirror]), 1);
        assert.match(output.stderr, /✗ uat verifies every chart against keys\/charts\.pubring\.gpg: give --sign-key/);
        await assert.rejects(registry().digestOf("helm-charts/fintech/payments-api", "1.4.2"), /HTTP 404/);
    });

    it("GIVEN an environment still bootstrapping THEN publish-charts and lock refuse, naming the next command, and lock --check passes", async () => {
        const file = path.join(sample, "Pulumi.dev.yaml");
        const text = fs.readFileSync(file, "utf8");
        const lock = fs.readFileSync(path.join(sample, "charts.lock.yaml"), "utf8");
        fs.writeFileSync(file, `${text}${BOOTSTRAP_LINE}`);
        try {
            const refusal = (command: string) =>
                `✗ dev is bootstrapping (helm-platform:bootstrap: true in Pulumi.dev.yaml), so it installs no chart yet: after its first up, pulumi config rm helm-platform:bootstrap --stack dev, then ${command} -- --stack dev (docs/first-deployment.md)\n`;
            assert.equal(await run(runPublishCli, ["--stack", "dev", ...signer()]), 1);
            assert.equal(output.stderr, refusal("npm run publish-charts"));
            assert.equal(await run(runLockCli, ["--stack", "dev"]), 1);
            assert.ok(output.stderr.startsWith(refusal("npm run lock")), output.stderr);
            assert.equal(fs.readFileSync(path.join(sample, "charts.lock.yaml"), "utf8"), lock, "dev's section is kept");
            assert.equal(await run(runLockCli, ["--stack", "dev", "--check"]), 0, "its first up installs nothing to check");
        } finally {
            fs.writeFileSync(file, text);
        }
    });

    it("publishes every chart version uat installs: team charts signed under their team's path, the platform's mirrored", async () => {
        assert.equal(await run(runPublishCli, ["--stack", "uat", "--mirror-from", mirror, ...signer()]), 0, output.stderr);
        for (const repository of [
            "fintech/payments-api:1.4.2",
            "fintech/ledger:2.1.0",
            "retail/storefront:3.2.0",
            "data/ingest-worker:1.0.0",
        ]) {
            const [name, tag] = repository.split(":") as [string, string];
            assert.match(await registry().digestOf(`helm-charts/${name}`, tag), /^sha256:/, repository);
        }
        for (const [chart, version] of PLATFORM_CHARTS) {
            assert.match(await registry().digestOf(`helm-charts/platform/${chart}`, version), /^sha256:/);
        }
        assert.match(
            output.stdout,
            /az acr repository update --name acrhelmplatformuat --image helm-charts\/fintech\/payments-api:1\.4\.2 --write-enabled false --delete-enabled false/,
        );
        assert.match(output.stdout, /npm run lock -- --stack uat$/m);
        assert.equal(await run(runPublishCli, ["--stack", "uat", "--mirror-from", mirror, ...signer()]), 0);
        assert.match(output.stdout, /uat: the registry has every chart version the stack installs/, "nothing is pushed twice");
    });

    it("writes uat's digests as the registry serves them, leaves the other stacks' alone, and the plan installs by them", async () => {
        const before = lockOf();
        assert.equal(await run(runLockCli, ["--stack", "uat"]), 0, output.stderr);
        const after = lockOf();
        assert.deepEqual(after.environments.prod, before.environments.prod);
        assert.equal(after.environments.uat?.registry, "acrhelmplatformuat.azurecr.io", "the stack's registry, whatever the endpoint");
        const payments = await registry().digestOf("helm-charts/fintech/payments-api", "1.4.2");
        assert.equal(after.environments.uat?.charts["fintech/payments-api"]?.["1.4.2"], payments);
        assert.equal(
            after.environments.uat?.charts["platform/kube-prometheus-stack"]?.["79.5.0"],
            await registry().digestOf("helm-charts/platform/kube-prometheus-stack", "79.5.0"),
        );
        assert.equal(load("uat", diskTree(sample)).releases.find((r) => r.name === "fintech-payments-api")?.digest, payments);
        assert.equal(await run(runLockCli, ["--stack", "uat", "--check"]), 0, output.stderr);
    });

    it("GIVEN a team chart whose signer the keyring no longer holds THEN lock --check exits 1 naming the signature", async () => {
        trust(testKeys().next);
        try {
            assert.equal(await run(runLockCli, ["--stack", "uat", "--check"]), 1);
            assert.match(
                output.stderr,
                /✗ uat: fintech\/payments-api 1\.4\.2: its signature does not verify against keys\/charts\.pubring\.gpg: Error: openpgp: signature made by unknown entity/,
            );
            assert.doesNotMatch(output.stderr, /✗ uat: platform\//, "the platform's mirror is not ours to sign");
        } finally {
            trust(testKeys().current);
        }
    });

    it("GIVEN a tag re-pushed with other content THEN lock --check exits 1 naming the chart and both digests, and Helm refuses the pinned install", async () => {
        const locked = lockOf().environments.uat?.charts["fintech/payments-api"]?.["1.4.2"] as string;
        const source = path.join(sample, "charts/fintech/payments-api/1.4.2");
        fs.writeFileSync(
            path.join(source, "templates", "configmap.yaml"),
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-extra\n",
        );
        const repacked = registry().helm(["package", source, "-d", tempDir("repush-")]);
        const file = /saved it to: (.+\.tgz)/.exec(repacked.stdout)?.[1] as string;
        assert.equal(registry().helm(["push", file, `oci://${registry().host}/helm-charts/fintech`]).status, 0);
        const served = await registry().digestOf("helm-charts/fintech/payments-api", "1.4.2");
        assert.notEqual(served, locked);

        assert.equal(await run(runLockCli, ["--stack", "uat", "--check"]), 1);
        assert.ok(
            output.stderr.includes(`✗ uat: fintech/payments-api 1.4.2: the registry serves ${served}, charts.lock.yaml has ${locked}`),
            output.stderr,
        );
        const pinned = registry().helm([
            "template",
            "x",
            `oci://${registry().host}/helm-charts/fintech/payments-api@${locked}`,
            "--version",
            "1.4.2",
        ]);
        assert.notEqual(pinned.status, 0);
        assert.match(pinned.stderr, new RegExp(`chart reference digest mismatch: ${served} is not ${locked}`));
    });

    it("GIVEN a chart version without a source THEN publish-charts names the folder it needs and pushes nothing", async () => {
        fs.rmSync(path.join(sample, "charts/fintech/payments-api/1.5.0"), { recursive: true });
        assert.equal(await run(runPublishCli, ["--stack", "dev", "--dry-run", ...signer()]), 1);
        assert.match(output.stderr, /✗ fintech\/payments-api 1\.5\.0 has no chart source charts\/fintech\/payments-api\/1\.5\.0\/: add it/);
        await assert.rejects(registry().digestOf("helm-charts/fintech/payments-api", "1.5.0"), /HTTP 404/);
    });
});
