import * as assert from "node:assert/strict";
import * as path from "node:path";
import type { LiveRelease } from "../../core/report/liveDrift";
import type { Plan } from "../../core/report/planTypes";
import type { HelmRevision } from "../../core/report/recovery";
import type { Runner } from "../../plan/liveClusters";
import { type HelmReader, liveReader, type OwnedRelease, ownedReleases, recordedReaders, survey } from "../../plan/recovery";
import { ROOT } from "../helpers";
import { FINTECH_INSTALLER as INSTALLER, planRelease, teamPlan } from "../support/smallPlan";

const RECORDED = path.join(ROOT, "test/fixtures/drift/prod");
const NOW = new Date("2026-11-20T09:00:00Z");

/** prod.payments' plan, cut down, and fintech's release on neu too, for which it registers no resource. */
const plan: Plan = { ...teamPlan(), releases: [...teamPlan().releases, planRelease("neu", "fintech", "fintech-payments-api")] };

describe("recovering stuck releases (plan/recovery.ts)", () => {
    describe("ownedReleases", () => {
        it("GIVEN a team release THEN it installs as its team's installer, with its own timeout, and its URN in the team's stack", () => {
            const [weu] = ownedReleases(plan);
            assert.deepEqual(weu, {
                cluster: "weu",
                namespace: "fintech",
                release: "fintech-payments-api",
                installer: INSTALLER,
                timeoutSeconds: 900,
                stack: "prod.payments",
                urn: "urn:pulumi:prod.payments::helm-platform::helm-platform:index:Platform$helm-platform:tenant:Team$helm-platform:release:HelmRelease$kubernetes:helm.sh/v3:Release::prod-weu-fintech-payments-api-release",
            });
        });

        it("GIVEN a platform release without a timeout THEN no installer, and Helm's default of 300 seconds", () => {
            const monitoring = ownedReleases(plan).find((r) => r.namespace === "monitoring");
            assert.deepEqual(monitoring, {
                cluster: "weu",
                namespace: "monitoring",
                release: "kube-prometheus-stack",
                timeoutSeconds: 300,
                stack: "prod.payments",
                urn: "urn:pulumi:prod.payments::helm-platform::helm-platform:index:Platform$kubernetes:helm.sh/v3:Release::prod-weu-monitoring-stack-release",
            });
        });

        it("GIVEN a release the plan registers no resource for THEN it is owned, with no URN to refresh", () => {
            const neu = ownedReleases(plan).find((r) => r.cluster === "neu");
            assert.deepEqual(neu, {
                cluster: "neu",
                namespace: "fintech",
                release: "fintech-payments-api",
                timeoutSeconds: 300,
                stack: "prod.payments",
            });
        });

        it("GIVEN one release asked for THEN only it, on every cluster; GIVEN one that is not there THEN none", () => {
            assert.deepEqual(
                ownedReleases(plan, "fintech-payments-api").map((r) => r.cluster),
                ["weu", "neu"],
            );
            assert.deepEqual(ownedReleases(plan, "fintech-payment-api"), []);
        });
    });

    describe("survey", () => {
        const owned = (release: string, namespace = "fintech"): OwnedRelease => ({
            cluster: "neu",
            namespace,
            release,
            installer: INSTALLER,
            timeoutSeconds: 900,
            stack: "prod.payments",
        });
        const revision = (n: number, status: string, updated: string): HelmRevision => ({
            revision: n,
            status,
            updated,
            chart: `payments-api-1.4.${n}`,
            app_version: "1.0.0",
            description: "",
        });
        const live = (name: string, namespace: string, status: string): LiveRelease => ({
            name,
            namespace,
            status,
            chart: "c-1",
            revision: 1,
        });
        const reader = (
            list: readonly LiveRelease[] | { error: string },
            history: HelmReader["history"] = () => ({ error: "none" }),
        ): HelmReader => ({
            cluster: "neu",
            list: () => list,
            history,
        });
        const STUCK = [revision(1, "deployed", "2026-11-18T10:00:00Z"), revision(2, "pending-upgrade", "2026-11-20T08:13:00Z")];

        it("GIVEN an owned release pending past its timeout THEN it is found, decided on its history, with the Helm command as its installer", () => {
            const found = survey(
                [owned("fintech-payments-api")],
                [reader([live("fintech-payments-api", "fintech", "pending-upgrade")], () => STUCK)],
                NOW,
            );
            assert.deepEqual(found, {
                findings: [
                    {
                        ...owned("fintech-payments-api"),
                        status: "pending-upgrade",
                        recovery: {
                            action: "rollback",
                            revision: 1,
                            reason: "revision 2 is pending-upgrade for 47m, past its 15m timeout; back to revision 1 (payments-api-1.4.1, deployed)",
                        },
                        helm: [
                            "rollback",
                            "fintech-payments-api",
                            "1",
                            "--namespace",
                            "fintech",
                            "--timeout",
                            "900s",
                            "--kube-as-user",
                            INSTALLER,
                        ],
                    },
                ],
                unowned: [],
                errors: [],
            });
        });

        it("GIVEN a pending release still within its timeout THEN it is found to wait, with no command", () => {
            const young = [revision(1, "deployed", "2026-11-18T10:00:00Z"), revision(2, "pending-install", "2026-11-20T08:55:00Z")];
            const [finding] = survey(
                [owned("fintech-payments-api")],
                [reader([live("fintech-payments-api", "fintech", "pending-install")], () => young)],
                NOW,
            ).findings;
            assert.equal(finding?.recovery.action, "wait");
            assert.equal(finding?.helm, undefined);
        });

        it("GIVEN releases that are not pending THEN nothing is found, and no history is read", () => {
            const history = () => assert.fail("the history of a release that is not pending is read");
            const statuses = ["deployed", "failed", "superseded", "uninstalling"];
            const found = survey(
                [owned("fintech-payments-api")],
                [
                    reader(
                        statuses.map((s) => live("fintech-payments-api", "fintech", s)),
                        history,
                    ),
                ],
                NOW,
            );
            assert.deepEqual(found, { findings: [], unowned: [], errors: [] });
        });

        it("GIVEN a pending release the plan does not own THEN it is named when in an owned namespace, and ignored elsewhere", () => {
            const list = [
                live("fintech-debug-shell", "fintech", "pending-install"),
                live("ingress-nginx", "ingress-nginx", "pending-upgrade"),
            ];
            assert.deepEqual(survey([owned("fintech-payments-api")], [reader(list)], NOW), {
                findings: [],
                unowned: [{ cluster: "neu", namespace: "fintech", release: "fintech-debug-shell", status: "pending-install" }],
                errors: [],
            });
        });

        it("GIVEN a cluster or a history that cannot be read THEN each is an error naming the cluster, and the rest is surveyed", () => {
            const unreadable = { ...reader({ error: "Kubernetes cluster unreachable" }), cluster: "weu" };
            const noHistory = reader([live("fintech-payments-api", "fintech", "pending-upgrade")], () => ({ error: "release: not found" }));
            assert.deepEqual(survey([owned("fintech-payments-api")], [unreadable, noHistory], NOW), {
                findings: [],
                unowned: [],
                errors: [
                    { cluster: "weu", error: "Kubernetes cluster unreachable" },
                    { cluster: "neu", error: "helm history fintech-payments-api: release: not found" },
                ],
            });
        });
    });

    describe("readers", () => {
        it("GIVEN recorded Helm outputs THEN a cluster's list and a release's history are the files; what is not recorded says so", () => {
            const [neu, eus] = recordedReaders(RECORDED, ["neu", "eus"]);
            const listed = neu?.list();
            assert.ok(Array.isArray(listed) && listed.some((r) => r.name === "fintech-payments-api" && r.status === "pending-upgrade"));
            const history = neu?.history("fintech", "fintech-payments-api");
            assert.deepEqual(Array.isArray(history) && history.map((r) => r.status), ["superseded", "deployed", "pending-upgrade"]);
            assert.deepEqual(neu?.history("fintech", "fintech-ledger"), { error: "no recorded history" });
            assert.deepEqual(eus?.list(), { error: `no recording in ${path.join(RECORDED, "eus")}` });
        });

        it("GIVEN a live cluster THEN Helm lists every namespace and status, and reads a history, as JSON through the cluster's access", () => {
            const calls: string[][] = [];
            const exec: Runner = (command, args) => {
                calls.push([command, ...args]);
                return args[0] === "list"
                    ? { status: 0, stdout: "", stderr: "" }
                    : { status: 1, stdout: "", stderr: "Error: release: not found\nmore" };
            };
            const reader = liveReader("neu", "/opt/helm", ["--kube-context", "neu"], exec);
            assert.deepEqual(reader.list(), [], "helm prints nothing for no release");
            assert.deepEqual(reader.history("fintech", "fintech-ledger"), { error: "Error: release: not found" });
            assert.deepEqual(calls, [
                ["/opt/helm", "list", "--all-namespaces", "--all", "--output", "json", "--kube-context", "neu"],
                ["/opt/helm", "history", "fintech-ledger", "--namespace", "fintech", "--output", "json", "--kube-context", "neu"],
            ]);
        });
    });
});
