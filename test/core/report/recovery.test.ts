import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { decideRecovery, type HelmRevision, recoveryArgs } from "../../../core/report/recovery";
import { ROOT } from "../../helpers";

const FIXTURES = path.join(ROOT, "test/fixtures/helm-history");
const history = (status: string) => JSON.parse(fs.readFileSync(path.join(FIXTURES, `${status}.json`), "utf8")) as HelmRevision[];
/** Every pending revision of the fixtures started at 08:12:44; 47 minutes later it is past a 15-minute timeout. */
const LATER = new Date("2026-11-20T09:00:00Z");
const TIMEOUT = 900;

describe("recovering a stuck release, decided on helm history -o json", () => {
    const cases: [string, string, string][] = [
        ["deployed", "none", "revision 2 is deployed"],
        ["failed", "none", "revision 2 is failed"],
        ["superseded", "none", "revision 1 is superseded"],
        ["uninstalled", "none", "revision 2 is uninstalled"],
        ["uninstalling", "none", "revision 1 is uninstalling"],
        ["unknown", "none", "revision 1 is unknown"],
        ["pending-install", "uninstall", "revision 1 is pending-install for 47m, past its 15m timeout; it was never deployed"],
        [
            "pending-upgrade",
            "rollback 2",
            "revision 3 is pending-upgrade for 47m, past its 15m timeout; back to revision 2 (payments-api-1.4.1, deployed)",
        ],
        [
            "pending-rollback",
            "rollback 2",
            "revision 3 is pending-rollback for 47m, past its 15m timeout; back to revision 2 (payments-api-1.4.1, deployed)",
        ],
        [
            "pending-install-after-uninstall",
            "uninstall",
            "revision 3 is pending-install for 47m, past its 15m timeout; it was never deployed",
        ],
    ];
    for (const [fixture, action, reason] of cases) {
        it(`GIVEN a history whose last revision is ${fixture} past the timeout THEN it decides ${action}`, () => {
            const decided = decideRecovery(history(fixture), TIMEOUT, LATER);
            assert.equal(decided.action === "rollback" ? `rollback ${decided.revision}` : decided.action, action);
            assert.equal(decided.reason, reason);
        });
    }

    it("GIVEN a pending upgrade younger than its timeout THEN it waits: Helm may still hold the lock", () => {
        const decided = decideRecovery(history("pending-upgrade"), TIMEOUT, new Date("2026-11-20T08:20:00Z"));
        assert.deepEqual(decided, {
            action: "wait",
            reason: "revision 3 is pending-upgrade for 7m, within its 15m timeout: Helm may still be at work",
        });
    });

    it("GIVEN the timeout is longer than the age THEN the same history is not stuck; shorter, it is", () => {
        assert.equal(decideRecovery(history("pending-install"), 3 * 3600, LATER).action, "wait");
        assert.equal(decideRecovery(history("pending-install"), 60, LATER).action, "uninstall");
    });

    it("GIVEN a pending revision without an updated time THEN it is left alone, never acted on blindly", () => {
        const [only] = history("pending-install");
        const { updated: _, ...undated } = only as HelmRevision;
        assert.equal(decideRecovery([undated], TIMEOUT, LATER).action, "wait");
    });

    it("GIVEN a pending upgrade after a failed one THEN it returns to the revision that still runs, not the failed one", () => {
        const revisions = [...history("failed"), { ...(history("pending-upgrade")[2] as HelmRevision) }];
        const decided = decideRecovery(revisions, TIMEOUT, LATER);
        assert.equal(decided.action === "rollback" && decided.revision, 1);
    });

    it("runs Helm as the team's installer, with the release's timeout, and nothing when there is nothing to do", () => {
        const target = {
            cluster: "neu",
            namespace: "fintech",
            release: "fintech-payments-api",
            installer: "system:serviceaccount:fintech:helm-installer",
        };
        assert.deepEqual(recoveryArgs(target, decideRecovery(history("pending-upgrade"), TIMEOUT, LATER), TIMEOUT), [
            "rollback",
            "fintech-payments-api",
            "2",
            "--namespace",
            "fintech",
            "--timeout",
            "900s",
            "--kube-as-user",
            "system:serviceaccount:fintech:helm-installer",
        ]);
        assert.deepEqual(
            recoveryArgs({ ...target, installer: undefined }, decideRecovery(history("pending-install"), TIMEOUT, LATER), 600),
            ["uninstall", "fintech-payments-api", "--namespace", "fintech", "--timeout", "600s"],
        );
        assert.equal(recoveryArgs(target, decideRecovery(history("deployed"), TIMEOUT, LATER), TIMEOUT), undefined);
    });
});
