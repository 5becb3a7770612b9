import * as assert from "node:assert/strict";
import * as tenants from "../../../core/checks/tenants";
import { teamComponentNames, teamName, teamUnique, tenantClusters, tenantEnvironments } from "../../../core/checks/tenants";
import { firingTests } from "./brokenSamples";
import { formatted, smallEnvironment, teamsStage, tenant, tenantFile, tenantText } from "./stages";

const dev = smallEnvironment("", {
    clusters: "    - name: weu\n      location: westeurope\n    - name: neu\n      location: northeurope\n",
});

/** An app `ledger` with `keys` (lines indented by four). */
const ledger = (keys: string) => `apps:\n  ledger:\n    chart: ledger\n${keys}`;

describe("team-unique: every team has exactly one tenant file", () => {
    it("GIVEN two files of one team THEN the later one is reported at its team, naming the first", () => {
        const first = tenant("fintech");
        const second = tenantFile(tenantText("fintech"), "tenants/payments.yaml");
        assert.deepEqual(formatted(teamUnique.run(teamsStage(dev, [first, second]))), [
            'tenants/payments.yaml:1: team: team "fintech" is already defined in tenants/fintech.yaml Fix: every team has exactly one tenant file',
        ]);
    });

    it("GIVEN files of different teams, or none THEN nothing", () => {
        assert.deepEqual(teamUnique.run(teamsStage(dev, [tenant("fintech"), tenant("retail")])), []);
        assert.deepEqual(teamUnique.run(teamsStage(dev, [])), []);
    });
});

describe("team-name: a tenant file is named for its team, and no team is called platform", () => {
    it("GIVEN a team in a file named for another THEN both ways to agree", () => {
        const file = tenantFile(tenantText("fintech"), "tenants/payments.yaml");
        assert.deepEqual(formatted(teamName.run(teamsStage(dev, [file]))), [
            'tenants/payments.yaml:1: team: team "fintech" is in tenants/payments.yaml, which is named for "payments" Fix: rename the file to tenants/fintech.yaml or set team: payments',
        ]);
    });

    it("GIVEN a team called platform THEN it is reserved, whatever its file is called", () => {
        for (const file of ["tenants/platform.yaml", "tenants/ops.yaml"]) {
            const platform = tenantFile(tenantText("platform"), file);
            assert.deepEqual(
                teamName.run(teamsStage(dev, [platform])).map((p) => [p.file, p.path, p.message, p.hint]),
                [[file, "team", '"platform" is reserved: it owns the platform\'s own secrets', "name the team after what it builds"]],
            );
        }
    });

    it("GIVEN a file named for its team THEN nothing", () => {
        assert.deepEqual(teamName.run(teamsStage(dev, [tenant("fintech")])), []);
    });
});

describe("team-component-names: no two team-and-cluster pairs make the same component name", () => {
    const clusters = (...names: string[]) =>
        smallEnvironment("", { clusters: names.map((n) => `    - name: ${n}\n      location: westeurope\n`).join("") });

    it("GIVEN cluster a-b with team c and cluster a with team b-c THEN the second team is refused, naming both pairs and the name", () => {
        const env = clusters("a-b", "a");
        assert.deepEqual(formatted(teamComponentNames.run(teamsStage(env, [tenant("b-c"), tenant("c")]))), [
            'tenants/c.yaml:1: team: team "c" on cluster "a-b" and team "b-c" on cluster "a" are both named dev-a-b-c Fix: rename the team, or the cluster, so that no <cluster>-<team> spells another\'s',
        ]);
    });

    it("GIVEN dashed cluster and team names that spell no other pair THEN nothing", () => {
        const env = clusters("weu-1", "neu-1");
        assert.deepEqual(teamComponentNames.run(teamsStage(env, [tenant("shop-web"), tenant("pay")])), []);
    });
});

describe("tenant-environments: the environments a tenant file names exist, and it runs in those it has versions for", () => {
    const problems = (text: string, environments = ["dev"]) =>
        tenantEnvironments.run(teamsStage(dev, [tenant("fintech", text, environments)])).map((p) => [p.path, p.message, p.hint]);

    it("GIVEN an unknown environment in environments THEN it is reported at its index, with the closest known one", () => {
        assert.deepEqual(problems("", ["dev", "uatt"]), [["environments[1]", 'unknown environment "uatt"', 'did you mean "uat"?']]);
    });

    it("GIVEN an environment like none THEN the known ones are listed", () => {
        assert.deepEqual(problems("", ["dev", "staging"]), [
            ["environments[1]", 'unknown environment "staging"', "environments are: dev, prod, uat"],
        ]);
    });

    it("GIVEN a version for an unknown environment THEN it is reported at the version", () => {
        assert.deepEqual(problems(ledger("    versions:\n      dev: 1.0.0\n      test: 1.0.0\n")), [
            ["apps.ledger.versions.test", 'unknown environment "test"', "environments are: dev, prod, uat"],
        ]);
    });

    it("GIVEN a version for a known environment the team does not run in THEN the team is said not to run there", () => {
        assert.deepEqual(problems(ledger("    versions:\n      dev: 1.0.0\n      prod: 1.0.0\n")), [
            ["apps.ledger.versions.prod", 'team "fintech" does not run in "prod"', 'add "prod" to environments or remove this version'],
        ]);
    });

    it("GIVEN clusters pinned for an unknown environment THEN it is reported at the pin", () => {
        assert.deepEqual(problems(ledger("    versions:\n      dev: 1.0.0\n    clusters:\n      prd: [weu]\n")), [
            ["apps.ledger.clusters.prd", 'unknown environment "prd"', 'did you mean "prod"?'],
        ]);
    });

    it("GIVEN known environments everywhere THEN nothing", () => {
        assert.deepEqual(
            problems(ledger("    versions:\n      dev: 1.0.0\n      uat: 1.0.0\n    clusters:\n      prod: [weu]\n"), ["dev", "uat"]),
            [],
        );
    });
});

describe("tenant-clusters: an app's clusters in this environment are the environment's", () => {
    const pinned = (clusters: string, known = ["dev", "prod", "uat"]) =>
        tenantClusters.run(
            teamsStage(dev, [tenant("fintech", ledger(`    versions:\n      dev: 1.0.0\n    clusters:\n${clusters}`))], {
                knownEnvironments: known,
            }),
        );

    it("GIVEN a cluster the environment lacks THEN it is reported at its index, with the closest cluster", () => {
        assert.deepEqual(formatted(pinned("      dev: [weu, nue]\n")), [
            'tenants/fintech.yaml:11: apps.ledger.clusters.dev[1]: unknown cluster "nue" in environment "dev" Fix: did you mean "neu"?',
        ]);
    });

    it("GIVEN a cluster like none THEN the environment's clusters are listed", () => {
        assert.deepEqual(
            pinned("      dev: [eastus]\n").map((p) => p.hint),
            ["clusters of dev: weu, neu"],
        );
    });

    it("GIVEN clusters pinned in another environment THEN they are that environment's to judge", () => {
        assert.deepEqual(pinned("      prod: [ghost]\n"), []);
    });

    it("GIVEN an environment without a stack file THEN nothing: tenant-environments reports it", () => {
        assert.deepEqual(pinned("      dev: [ghost]\n", ["uat", "prod"]), []);
    });
});

describe("tenant checks in the loader", () => {
    firingTests(tenants, {
        "team-unique": {
            stack: "dev",
            changes: { "tenants/payments.yaml": { copyOf: "tenants/fintech.yaml" } },
            reports: 'team "fintech" is already defined in',
        },
        "team-name": {
            stack: "dev",
            changes: { "tenants/data.yaml": ["team: data\n", "team: platform\n"] },
            reports: '"platform" is reserved: it owns the platform\'s own secrets',
        },
        "team-component-names": {
            stack: "dev",
            changes: {
                "Pulumi.dev.yaml": [
                    "    - name: weu\n",
                    '    - name: weu-x\n      location: westeurope\n      kubernetesVersion: "1.33"\n    - name: weu\n',
                ],
                "tenants/x-data.yaml": { copyOf: "tenants/data.yaml", edit: ["team: data\n", "team: x-data\n"] },
            },
            reports: "are both named dev-weu-x-data",
        },
        "tenant-environments": {
            stack: "dev",
            changes: { "tenants/fintech.yaml": ["environments: [dev, uat, prod]", "environments: [dev, uat, prod, staging]"] },
            reports: 'environments[3]: unknown environment "staging"',
        },
        "tenant-clusters": {
            stack: "prod.commerce",
            changes: { "tenants/data.yaml": ["prod: [weu]", "prod: [wue]"] },
            reports: 'unknown cluster "wue" in environment "prod"',
        },
    });
});
