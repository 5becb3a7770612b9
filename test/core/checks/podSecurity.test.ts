import * as assert from "node:assert/strict";
import * as podSecurity from "../../../core/checks/podSecurity";
import { podSecurityAllowed, podSecurityWaiversMoved } from "../../../core/checks/podSecurity";
import type { AllowancesFile } from "../../../core/config/allowanceFiles";
import { firingTests } from "./brokenSamples";
import { allowances, allowancesStage, entry, formatted, smallEnvironment, smallSettings, tenant } from "./stages";

describe("pod-security-waivers-moved: Pod Security waivers are allowances", () => {
    it("GIVEN podSecurityWaivers in the settings THEN it is reported there, with where each waiver goes", () => {
        const found = podSecurityWaiversMoved.run(
            smallSettings("  helm-platform:tenancy:\n    podSecurityWaivers:\n      data: baseline\n"),
        );
        assert.deepEqual(formatted(found), [
            "Pulumi.dev.yaml:12: helm-platform:tenancy.podSecurityWaivers: Pod Security waivers are allowances now: one mechanism for everything the platform allows a team " +
                "Fix: move each waiver to allowances/<team>.yaml as podSecurity: <level>, with reason, approvedBy and expires, and remove this key",
        ]);
    });

    it("GIVEN none THEN nothing", () => {
        assert.deepEqual(podSecurityWaiversMoved.run(smallSettings()), []);
    });
});

describe("pod-security-allowed: a level weaker than the environment's is one the allowance grants", () => {
    // development enforces baseline; production, restricted.
    const dev = smallEnvironment();
    const prod = smallEnvironment("  helm-platform:profile: production\n", { environment: "prod" });
    const asking = (level: string, env: string) =>
        tenant("data", `podSecurity:\n  enforce: ${level}\n  reason: the vendor agent needs it for now\n`, [env]);
    const granting = (...levels: string[]) => allowances("data", ...levels.map((l) => entry(`    podSecurity: ${l}\n`)));

    const cases: { asked: string; env: "dev" | "prod"; granted: string[]; refused: boolean }[] = [
        { asked: "privileged", env: "dev", granted: [], refused: true },
        { asked: "baseline", env: "dev", granted: [], refused: false },
        { asked: "restricted", env: "dev", granted: [], refused: false },
        { asked: "baseline", env: "prod", granted: [], refused: true },
        { asked: "baseline", env: "prod", granted: ["baseline"], refused: false },
        { asked: "baseline", env: "prod", granted: ["privileged"], refused: false },
        { asked: "privileged", env: "prod", granted: ["baseline"], refused: true },
        { asked: "privileged", env: "prod", granted: ["baseline", "privileged"], refused: false },
    ];
    for (const c of cases) {
        const grants = c.granted.length > 0 ? `${c.granted.join(" and ")} granted` : "nothing granted";
        it(`GIVEN ${c.asked} asked in ${c.env}, ${grants} THEN ${c.refused ? "it is refused" : "nothing"}`, () => {
            const files: AllowancesFile[] = c.granted.length > 0 ? [granting(...c.granted)] : [];
            const found = podSecurityAllowed.run(allowancesStage(c.env === "dev" ? dev : prod, [asking(c.asked, c.env)], files));
            assert.equal(found.length, c.refused ? 1 : 0, formatted(found).join("\n"));
        });
    }

    it("GIVEN a refusal THEN it names the level, the environment's and the team, at podSecurity.enforce, asking for the level", () => {
        assert.deepEqual(formatted(podSecurityAllowed.run(allowancesStage(prod, [asking("baseline", "prod")]))), [
            "tenants/data.yaml:6: podSecurity.enforce: Pod Security level baseline is weaker than prod enforces (restricted) and not allowed for team data " +
                "Fix: ask the platform team (owners of allowances/) to allow podSecurity: baseline in allowances/data.yaml " +
                "(for prod, with reason, approvedBy and expires), or ask for less",
        ]);
    });

    it("GIVEN the level granted for another environment only THEN it is refused here", () => {
        const uatOnly = allowances("data", entry("    environments: [uat]\n    podSecurity: baseline\n"));
        assert.equal(podSecurityAllowed.run(allowancesStage(prod, [asking("baseline", "prod")], [uatOnly])).length, 1);
    });

    it("GIVEN no request THEN nothing", () => {
        assert.deepEqual(podSecurityAllowed.run(allowancesStage(prod, [tenant("data", "", ["prod"])])), []);
    });
});

describe("Pod Security checks in the loader", () => {
    firingTests(podSecurity, {
        "pod-security-waivers-moved": {
            stack: "dev",
            changes: {
                "Pulumi.dev.yaml": ["config:\n", "config:\n  helm-platform:tenancy:\n    podSecurityWaivers:\n      data: baseline\n"],
            },
            reports: "Pod Security waivers are allowances now",
        },
        "pod-security-allowed": {
            stack: "uat",
            changes: { "tenants/data.yaml": ["enforce: baseline", "enforce: privileged"] },
            reports: "Pod Security level privileged is weaker than uat enforces (restricted) and not allowed for team data",
        },
    });
});
