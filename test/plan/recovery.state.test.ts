import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { ExportedStack } from "../../core/report/checkpoint";
import type { Runner } from "../../plan/liveClusters";
import { alignState } from "../../plan/recovery";

const URN = "urn:pulumi:prod.payments::helm-platform::kubernetes:helm.sh/v3:Release::prod-neu-fintech-payments-api-release";
const OTHER = "urn:pulumi:prod.payments::helm-platform::kubernetes:helm.sh/v3:Release::prod-neu-fintech-ledger-release";

/**
 * Plays the Pulumi CLI on a stack whose state is `state`: `stack export` writes it, `stack import` takes
 * a new one, and `fails` names the command (`export`, `import`, `refresh`) that fails. Records the calls.
 */
function pulumiWith(state: ExportedStack, fails?: string) {
    const calls: string[] = [];
    let imported: { state: ExportedStack; mode: number } | undefined;
    const exec: Runner = (command, args) => {
        const file = args.includes("--file") ? (args[args.indexOf("--file") + 1] as string) : "";
        calls.push([command, ...args.map((a) => (a === file ? "<file>" : a))].join(" "));
        const operation = args[0] === "stack" ? args[1] : args[0];
        if (operation === fails) {
            return { status: 255, stdout: "", stderr: `error: ${operation} failed\n` };
        }
        if (operation === "export") {
            fs.writeFileSync(file, JSON.stringify(state));
        } else if (operation === "import") {
            imported = { state: JSON.parse(fs.readFileSync(file, "utf8")), mode: fs.statSync(file).mode & 0o777 };
        }
        return { status: 0, stdout: "", stderr: "" };
    };
    return { calls, exec, imported: () => imported };
}

const pending = (urn: string) => ({ resource: { urn }, type: "updating" });
const stateWith = (pendingOperations: ReturnType<typeof pending>[]): ExportedStack => ({
    version: 3,
    deployment: { resources: [{ urn: URN }, { urn: OTHER }], pending_operations: pendingOperations },
});

describe("bringing Pulumi's state in line after a recovery (plan/recovery.ts)", () => {
    let backups: string;
    beforeEach(() => {
        backups = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "recover-")), "backups");
    });
    afterEach(() => fs.rmSync(path.dirname(backups), { recursive: true, force: true }));

    it("GIVEN a pending operation on the recovered release THEN only it is cleared, the state imported, and only it refreshed", () => {
        const pulumi = pulumiWith(stateWith([pending(URN), pending(OTHER)]));
        const result = alignState("prod.payments", [URN], backups, pulumi.exec);
        const backup = path.join(backups, "prod.payments.before-recover.json");
        assert.deepEqual(result, { ok: true, log: [`cleared updating ${URN} (backup ${backup})`, `refreshed ${URN}`] });
        assert.deepEqual(pulumi.calls, [
            "pulumi stack export --stack prod.payments --file <file>",
            "pulumi stack import --stack prod.payments --file <file>",
            `pulumi refresh --stack prod.payments --yes --non-interactive --target ${URN}`,
        ]);
        assert.deepEqual(pulumi.imported(), { state: stateWith([pending(OTHER)]), mode: 0o600 }, "someone else's operation stays");
        assert.deepEqual(JSON.parse(fs.readFileSync(backup, "utf8")), stateWith([pending(URN), pending(OTHER)]), "the state as it was");
        assert.equal(fs.statSync(backups).mode & 0o777, 0o700);
    });

    it("GIVEN no pending operation on it THEN the state is not imported again, and the release is refreshed", () => {
        const pulumi = pulumiWith(stateWith([pending(OTHER)]));
        assert.deepEqual(alignState("prod.payments", [URN], backups, pulumi.exec), { ok: true, log: [`refreshed ${URN}`] });
        assert.equal(pulumi.imported(), undefined);
    });

    it("GIVEN releases the state does not hold THEN nothing is refreshed: a refresh targets what Pulumi knows", () => {
        const pulumi = pulumiWith({ version: 3, deployment: { resources: [] } });
        assert.deepEqual(alignState("prod.payments", [URN], backups, pulumi.exec), { ok: true, log: [] });
        assert.deepEqual(pulumi.calls, ["pulumi stack export --stack prod.payments --file <file>"]);
    });

    const failures: readonly [fails: string, log: (backup: string) => string, calls: number][] = [
        ["export", () => "pulumi stack export failed: error: export failed", 1],
        ["import", (backup) => `pulumi stack import failed (the state is unchanged; backup ${backup}): error: import failed`, 2],
        ["refresh", (backup) => `cleared updating ${URN} (backup ${backup})\npulumi refresh failed: error: refresh failed`, 3],
    ];
    for (const [fails, log, calls] of failures) {
        it(`GIVEN pulumi ${fails} fails THEN it is not ok, says why, and runs nothing after it`, () => {
            const pulumi = pulumiWith(stateWith([pending(URN)]), fails);
            const result = alignState("prod.payments", [URN], backups, pulumi.exec);
            assert.deepEqual(result, { ok: false, log: log(path.join(backups, "prod.payments.before-recover.json")).split("\n") });
            assert.equal(pulumi.calls.length, calls);
        });
    }
});
