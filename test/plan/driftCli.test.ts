import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { liveDrift } from "../../core/report/liveDrift";
import type { Plan } from "../../core/report/planTypes";
import { chartNameOf } from "../../core/report/planTypes";
import { runDriftCli } from "../../plan/driftCli";
import { planEnvironment } from "../../plan/environmentPlan";
import { type Runner, recordedClusters, run, withLiveClusters } from "../../plan/liveClusters";
import { program } from "../../program/stack";
import { load, ROOT, sampleTree } from "../helpers";
import { USER_KUBECONFIG } from "../support/kubeconfigs";
import { tempDir } from "../support/temp";

const RECORDED = path.join(ROOT, "test/fixtures/drift/prod");

async function drift(argv: string[], exec?: Runner): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = "";
    let stderr = "";
    const out = tempDir("drift-");
    const context = { root: ROOT, tree: sampleTree(), program, stdout: (t: string) => (stdout += t), stderr: (t: string) => (stderr += t) };
    const code = await runDriftCli([...argv, "--out", out], context, exec);
    return { code, stdout, stderr };
}

describe("npm run drift: the plan against what the clusters run", function () {
    this.timeout(60_000);
    /** What prod's clusters should run: every stack of prod planned, as one. */
    let plan: Plan;
    before(async () => {
        const planned = await planEnvironment(program, sampleTree(), "prod");
        assert.ok("whole" in planned, "error" in planned ? planned.error : "");
        plan = planned.whole;
    });

    it("reports each kind of difference in recorded Helm outputs, and nothing for secrets and cloud-only values", async () => {
        const { code, stdout } = await drift(["--stack", "prod", "--recorded", RECORDED, "--json"]);
        assert.equal(code, 1);
        const found = (JSON.parse(stdout) as { drift: { kind: string; cluster: string; release?: string; detail: string }[] }).drift;
        assert.deepEqual(found.map((d) => `${d.kind} ${d.cluster} ${d.release}: ${d.detail}`).sort(), [
            "extra weu fintech-debug-shell: netshoot-0.1.0 (deployed) is installed but not planned",
            "failed weu fintech-ledger: revision 3 failed",
            "missing neu retail-storefront: planned storefront-3.1.4, not installed",
            "pending neu fintech-payments-api: revision 3 is pending-upgrade",
            "values weu fintech-payments-api: 2 value(s) differ from the plan: debug, logLevel",
            "version weu retail-storefront: planned storefront-3.1.4, running storefront-3.1.3",
        ]);
    });

    it("shows the planned and live value of a differing key only when asked, and a cluster it could not read", async () => {
        const onlyWeu = recordedClusters(RECORDED, ["weu", "eus"]);
        const found = liveDrift(plan, onlyWeu, { showValues: true });
        assert.deepEqual(found.find((d) => d.kind === "values")?.keys, [
            { key: "debug", planned: undefined, live: true },
            { key: "logLevel", planned: "error", live: "debug" },
        ]);
        assert.match(found.find((d) => d.kind === "unreachable")?.detail ?? "", /no recording in .*eus/);
    });

    it("reads live clusters through the program's kubeconfig: AKS user credentials made non-interactive, helm list and get values", async () => {
        const calls: string[][] = [];
        const kubeconfigs: string[] = [];
        // A cluster that runs exactly the plan: its releases and the values they were installed with.
        const exec: Runner = (command, args) => {
            calls.push([command, ...args]);
            if (command === "az") {
                return args.includes("aks-prod-neu")
                    ? { status: 1, stdout: "", stderr: "ERROR: (AuthorizationFailed) not allowed" }
                    : { status: 0, stdout: USER_KUBECONFIG, stderr: "" };
            }
            const kubeconfig = args[args.indexOf("--kubeconfig") + 1] as string;
            kubeconfigs.push(fs.readFileSync(kubeconfig, "utf8"));
            assert.equal(fs.statSync(kubeconfig).mode & 0o777, 0o600);
            const releases = [...plan.releases, ...plan.platformReleases].filter((r) => r.cluster === "weu");
            if (args[0] === "list") {
                const list = releases.map((r) => ({
                    name: r.name,
                    namespace: r.namespace,
                    chart: `${chartNameOf(r)}-${r.version}`,
                    status: "deployed",
                    revision: 1,
                }));
                return { status: 0, stdout: JSON.stringify(list), stderr: "" };
            }
            const release = releases.find((r) => r.name === args[2] && r.namespace === args[4]);
            return { status: 0, stdout: JSON.stringify(release?.values ?? {}), stderr: "" };
        };
        const found = withLiveClusters(load("prod").environment, "helm", (live) => liveDrift(plan, live), exec);
        assert.deepEqual(found, [
            { kind: "unreachable", cluster: "neu", detail: "az aks get-credentials: ERROR: (AuthorizationFailed) not allowed" },
        ]);
        assert.deepEqual(calls[0], [
            "az",
            "aks",
            "get-credentials",
            "--resource-group",
            "rg-helm-platform-prod",
            "--name",
            "aks-prod-weu",
            "--file",
            "-",
        ]);
        assert.ok(
            kubeconfigs.every((k) => k.includes("azurecli") && !k.includes("devicecode")),
            "the stack's kubelogin mode, never an interactive login",
        );
    });

    it("GIVEN a machine without the tools to read the clusters THEN it names the tool, counts no difference and exits 3", async () => {
        const nowhere = tempDir("no-tools-");
        // Every command run from an empty folder: az, kubelogin and helm alike are not there.
        const missing: Runner = (command, args) => run(path.join(nowhere, command), args);
        const { code, stdout } = await drift(["--stack", "dev"], missing);
        assert.equal(code, 3);
        assert.match(stdout, /No difference on the clusters that could be read\./);
        assert.match(
            stdout,
            /1 cluster could not be read, so its drift is unknown \(not counted as a difference\):\n\n- `weu`: `az aks get-credentials: az is not installed on this machine \(not on the PATH\): npm run doctor says how to install it`/,
        );
        assert.doesNotMatch(stdout, /ENOENT|difference\(s\)/);
    });

    it("exits 2 on a stack it does not know", async () => {
        assert.equal((await drift(["--stack", "prd"])).code, 2);
    });
});
