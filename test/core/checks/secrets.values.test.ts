import * as assert from "node:assert/strict";
import { secretConfigured, secretScope } from "../../../core/checks/secrets";
import type { ValuesFileRead } from "../../../core/values/hierarchy";
import { formatted, valuesFile } from "./stages";

describe("secret-scope: secrets only in a team's own values files, or the monitoring values", () => {
    const referencing = (file: string) => valuesFile(file, "db:\n  password: !secret db-password\n");

    it("GIVEN a reference in values every team's release receives THEN it is reported at the key", () => {
        assert.deepEqual(
            formatted(secretScope.run({ files: [referencing("values/common.yaml")], secrets: {}, secretsNeeded: () => true })),
            [
                'values/common.yaml:2: db.password: secret "db-password" in a values file every team\'s release receives would hand it to every team ' +
                    "Fix: reference secrets in the app's own values files (tenants/<team>/<app>/), from the team's secrets",
            ],
        );
    });

    it("GIVEN references in a team's values files and the monitoring values THEN nothing", () => {
        const files = [referencing("tenants/fintech/ledger/values.dev.yaml"), referencing("values/monitoring/common.yaml")];
        assert.deepEqual(secretScope.run({ files, secrets: {}, secretsNeeded: () => true }), []);
    });

    it("GIVEN references in a list THEN each at its index, in every file read, used or not", () => {
        const file = valuesFile("values/dev.yaml", "tokens:\n  - !secret a\n  - !secret b\n", false);
        assert.deepEqual(
            secretScope.run({ files: [file], secrets: {}, secretsNeeded: () => false }).map((p) => p.path),
            ["tokens[0]", "tokens[1]"],
        );
    });
});

describe("secret-configured: every secret a values file of this stack references is its owner's", () => {
    const ledger = valuesFile("tenants/fintech/ledger/values.yaml", "db:\n  password: !secret db-password\n");
    const run = (configured: Record<string, string[]>, files: ValuesFileRead[] = [ledger], needed = true) =>
        secretConfigured.run({ files, secrets: configured, secretsNeeded: () => needed });

    it("GIVEN the team's secret configured THEN nothing", () => {
        assert.deepEqual(run({ fintech: ["db-password"] }), []);
    });

    it("GIVEN it missing THEN it is reported at the key, with the command that sets it", () => {
        assert.deepEqual(formatted(run({ fintech: [] })), [
            'tenants/fintech/ledger/values.yaml:2: db.password: secret "db-password" is not configured for team fintech ' +
                "Fix: pulumi config set --secret --path 'helm-platform:secrets.fintech.db-password' <value>",
        ]);
    });

    it("GIVEN a secret of that name another owner has THEN the fix says a file uses only its own owner's", () => {
        assert.deepEqual(
            run({ retail: ["db-password"], platform: ["db-password"] }).map((p) => p.hint),
            [
                "pulumi config set --secret --path 'helm-platform:secrets.fintech.db-password' <value>; " +
                    '"db-password" exists for team retail, the platform, and a file can use only its own owner\'s secrets',
            ],
        );
    });

    it("GIVEN a near name configured THEN the fix suggests it", () => {
        assert.deepEqual(
            run({ fintech: ["db-pasword"] }).map((p) => p.hint),
            ["pulumi config set --secret --path 'helm-platform:secrets.fintech.db-password' <value> (or did you mean \"db-pasword\"?)"],
        );
    });

    it("GIVEN the monitoring values THEN the platform's secrets are asked for", () => {
        const monitoring = valuesFile("values/monitoring/dev.yaml", "grafana:\n  adminPassword: !secret grafana\n");
        assert.deepEqual(
            run({}, [monitoring]).map((p) => p.message),
            ['secret "grafana" is not configured for the platform'],
        );
    });

    it("GIVEN files this stack does not need, or values every team receives THEN nothing (the latter is secret-scope's)", () => {
        assert.deepEqual(run({}, [ledger], false), []);
        assert.deepEqual(run({}, [valuesFile("values/common.yaml", "token: !secret t\n")]), []);
    });
});
