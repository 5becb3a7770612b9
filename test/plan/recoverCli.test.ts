import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { installedHelm } from "../../plan/helm";
import type { Runner } from "../../plan/liveClusters";
import { runRecoverCli } from "../../plan/recoverCli";
import { program } from "../../program/stack";
import { ROOT, sampleTree } from "../helpers";
import { USER_KUBECONFIG } from "../support/kubeconfigs";
import { tempDir } from "../support/temp";

const RECORDED = path.join(ROOT, "test/fixtures/drift/prod");
const HISTORY = fs.readFileSync(path.join(ROOT, "test/fixtures/helm-history/pending-upgrade.json"), "utf8");
const NOW = () => new Date("2026-11-20T09:00:00Z");

async function recover(argv: string[], exec?: Runner) {
    let stdout = "";
    let stderr = "";
    const out = tempDir("recover-");
    const context = { root: ROOT, tree: sampleTree(), program, stdout: (t: string) => (stdout += t), stderr: (t: string) => (stderr += t) };
    const code = await runRecoverCli([...argv, "--out", out], context, exec, NOW);
    return { code, stdout, stderr, out };
}

describe("npm run recover: stuck releases rolled back or uninstalled, and Pulumi's state in line", function () {
    this.timeout(60_000);

    it("GIVEN recorded clusters THEN the dry run names the stuck release, what it would run as the installer, and the command that acts", async () => {
        const { code, stdout, out } = await recover(["--stack", "prod", "--recorded", RECORDED]);
        assert.equal(code, 0);
        assert.match(stdout, /A dry run: nothing was changed/);
        assert.match(
            stdout,
            /\| neu \| fintech \| fintech-payments-api \| pending-upgrade \| rollback: revision 3 is pending-upgrade for 47m, past its 15m timeout; back to revision 2 .*\| `helm rollback fintech-payments-api 2 --namespace fintech --timeout 900s --kube-as-user system:serviceaccount:fintech:helm-installer` \|/,
        );
        assert.match(stdout, /npm run recover -- --stack prod --release fintech-payments-api --apply/);
        // Failed (ledger) and healthy releases are not this command's business.
        assert.doesNotMatch(stdout, /ledger|storefront/);
        assert.equal(fs.readFileSync(path.join(out, "prod", "recover.md"), "utf8"), stdout);
    });

    it("GIVEN --apply THEN it rolls back as the installer, clears the release's pending operation in the state, imports it and refreshes only that release", async () => {
        // fintech's release is in its shard's stack and state.
        const urn =
            "urn:pulumi:prod.payments::helm-platform::helm-platform:index:Platform$helm-platform:tenant:Team$helm-platform:release:HelmRelease$kubernetes:helm.sh/v3:Release::prod-neu-fintech-payments-api-release";
        const calls: string[] = [];
        let imported: unknown;
        const exec: Runner = (command, args) => {
            const access = args.indexOf("--kubeconfig");
            const cluster = access >= 0 ? path.basename(args[access + 1] as string, ".kubeconfig") : "";
            calls.push([command, ...args.filter((_, i) => access < 0 || (i !== access && i !== access + 1)), cluster].join(" ").trim());
            const ok = (stdout = "") => ({ status: 0, stdout, stderr: "" });
            if (command === "az") return ok(USER_KUBECONFIG);
            if (command === "pulumi" && args[1] === "export") {
                const state = {
                    version: 3,
                    deployment: { resources: [{ urn }], pending_operations: [{ resource: { urn }, type: "updating" }] },
                };
                fs.writeFileSync(args[args.indexOf("--file") + 1] as string, JSON.stringify(state));
                return ok();
            }
            if (command === "pulumi" && args[1] === "import") {
                imported = JSON.parse(fs.readFileSync(args[args.indexOf("--file") + 1] as string, "utf8"));
                return ok();
            }
            if (args[0] === "list") return ok(fs.readFileSync(path.join(RECORDED, cluster, "list.json"), "utf8"));
            if (args[0] === "history") return ok(HISTORY);
            return ok();
        };
        const { code, stdout } = await recover(["--stack", "prod", "--release", "fintech-payments-api", "--apply"], exec);
        assert.equal(code, 0, stdout);
        const acting = calls.filter((c) => !c.startsWith("az ") && !/ (list|history) /.test(` ${c}`));
        assert.deepEqual(
            acting.map((c) => c.replace(/--file \S+/, "--file <file>")),
            [
                "helm rollback fintech-payments-api 2 --namespace fintech --timeout 900s --kube-as-user system:serviceaccount:fintech:helm-installer neu",
                "pulumi stack export --stack prod.payments --file <file>",
                "pulumi stack import --stack prod.payments --file <file>",
                `pulumi refresh --stack prod.payments --yes --non-interactive --target ${urn}`,
            ].map((c) => c.replace(/^helm/, installedHelm(ROOT) ?? "helm")),
        );
        assert.deepEqual(imported, { version: 3, deployment: { resources: [{ urn }] } });
        assert.match(stdout, /Recovered:/);
        assert.match(
            stdout,
            /Pulumi: prod\.payments: cleared updating urn:pulumi:prod\.payments::\S+::prod-neu-fintech-payments-api-release \(backup /,
        );
    });

    it("refuses --apply on a recording, and names the releases that exist when asked for one that does not", async () => {
        const applied = await recover(["--stack", "prod", "--recorded", RECORDED, "--apply"]);
        assert.equal(applied.code, 2);
        assert.match(applied.stderr, /--apply acts on the clusters; a recording can only be read/);
        const unknown = await recover(["--stack", "prod", "--release", "fintech-payment-api", "--recorded", RECORDED]);
        assert.equal(unknown.code, 2);
        assert.match(unknown.stderr, /no release "fintech-payment-api" in prod \(releases: .*fintech-payments-api/);
    });
});
