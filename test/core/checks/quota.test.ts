import * as assert from "node:assert/strict";
import * as quota from "../../../core/checks/quota";
import { quotaCeiling } from "../../../core/checks/quota";
import type { AllowancesFile } from "../../../core/config/allowanceFiles";
import type { EnvironmentSpec } from "../../../core/model/environment";
import { firingTests } from "./brokenSamples";
import { allowances, allowancesStage, entry, formatted, smallEnvironment, tenant } from "./stages";

// The platform's ceilings: requests.cpu 8, requests.memory 16Gi, services.loadbalancers 0; LimitRange default cpu 500m.
const dev = smallEnvironment();
const asking = (lines: string) => tenant("fintech", lines);
const granting = (...grants: string[]): AllowancesFile[] => [allowances("fintech", ...grants.map((g) => entry(g)))];
/** What is refused: the key path and the ceiling named, per problem. */
const refused = (team: ReturnType<typeof tenant>, files: AllowancesFile[] = [], environment: EnvironmentSpec = dev) =>
    quotaCeiling.run(allowancesStage(environment, [team], files)).map((p) => `${p.path} ${p.message}`);

describe("quota-ceiling: a team's quota and LimitRange defaults stay under its ceiling", () => {
    it("GIVEN a quota above the platform's THEN it is refused at the key, asking for exactly that quota", () => {
        assert.deepEqual(formatted(quotaCeiling.run(allowancesStage(dev, [asking('quota:\n  requests.cpu: "9"\n')]))), [
            'tenants/fintech.yaml:6: quota["requests.cpu"]: "9" is above team fintech\'s ceiling of "8" in dev ' +
                'Fix: ask the platform team (owners of allowances/) to allow quota: {requests.cpu: "9"} in allowances/fintech.yaml ' +
                "(for dev, with reason, approvedBy and expires), or ask for less",
        ]);
    });

    const compared: [string, boolean][] = [
        ['requests.cpu: "8"', false],
        ['requests.cpu: "8000m"', false],
        ['requests.cpu: "8001m"', true],
        ["requests.memory: 16384Mi", false],
        ["requests.memory: 17Gi", true],
        // 17G (decimal) is less than 16Gi (binary): 17e9 against 17.18e9 bytes.
        ["requests.memory: 17G", false],
        ["requests.memory: 18G", true],
        ["pods: 150", true],
        ['services.loadbalancers: "1"', true],
    ];
    for (const [asked, over] of compared) {
        it(`GIVEN ${asked} against the platform's ceiling THEN ${over ? "it is refused" : "nothing: quantities compare by amount"}`, () => {
            assert.equal(refused(asking(`quota:\n  ${asked}\n`)).length, over ? 1 : 0);
        });
    }

    it("GIVEN the environment's quota THEN it is the ceiling, higher or lower than the platform's", () => {
        const higher = smallEnvironment('  helm-platform:tenancy:\n    quota:\n      requests.cpu: "16"\n');
        assert.deepEqual(refused(asking('quota:\n  requests.cpu: "12"\n'), [], higher), []);
        const lower = smallEnvironment('  helm-platform:tenancy:\n    quota:\n      requests.cpu: "4"\n');
        assert.deepEqual(refused(asking('quota:\n  requests.cpu: "6"\n'), [], lower), [
            'quota["requests.cpu"] "6" is above team fintech\'s ceiling of "4" in dev',
        ]);
    });

    it("GIVEN allowances above the environment's THEN the highest grant is the ceiling", () => {
        const team = asking('quota:\n  requests.cpu: "30"\n');
        assert.deepEqual(refused(team, granting('    quota:\n      requests.cpu: "24"\n', '    quota:\n      requests.cpu: "32"\n')), []);
        assert.deepEqual(refused(team, granting('    quota:\n      requests.cpu: "24"\n')), [
            'quota["requests.cpu"] "30" is above team fintech\'s ceiling of "24" in dev',
        ]);
    });

    it("GIVEN an allowance below the environment's THEN the environment's still holds", () => {
        assert.deepEqual(refused(asking('quota:\n  requests.cpu: "6"\n'), granting('    quota:\n      requests.cpu: "2"\n')), []);
    });

    it("GIVEN a grant for another environment only THEN it does not raise this one's ceiling", () => {
        const prodOnly = granting('    environments: [prod]\n    quota:\n      requests.cpu: "24"\n');
        assert.equal(refused(asking('quota:\n  requests.cpu: "24"\n'), prodOnly).length, 1);
    });

    it("GIVEN LimitRange defaults above the platform's THEN each is refused at its key, asking for that default", () => {
        const found = quotaCeiling.run(
            allowancesStage(dev, [asking("limits:\n  defaultRequest:\n    memory: 64Mi\n  default:\n    cpu: '1'\n")]),
        );
        assert.deepEqual(
            found.map((p) => [p.path, p.message]),
            [["limits.default.cpu", '"1" is above team fintech\'s ceiling of "500m" in dev']],
        );
        assert.match(found[0]?.hint ?? "", /to allow limits: \{default: \{cpu: "1"\}\} in allowances\/fintech\.yaml/);
    });

    it("GIVEN a LimitRange default granted THEN nothing", () => {
        assert.deepEqual(
            refused(asking("limits:\n  default:\n    cpu: '1'\n"), granting("    limits:\n      default:\n        cpu: '2'\n")),
            [],
        );
    });

    it("GIVEN no quota and no limits THEN nothing", () => {
        assert.deepEqual(refused(tenant("fintech")), []);
    });
});

describe("quota-ceiling in the loader", () => {
    firingTests(quota, {
        "quota-ceiling": {
            stack: "dev",
            changes: { "tenants/fintech.yaml": ['requests.cpu: "24"', 'requests.cpu: "99"'] },
            reports: '"99" is above team fintech\'s ceiling of "24" in dev',
        },
    });
});
