import * as assert from "node:assert/strict";
import * as shards from "../../../core/checks/shards";
import {
    isShardOf,
    needsWithinShard,
    shardPlacement,
    shardSettings,
    shardStackFiles,
    shardsNamed,
    shardTeams,
    stackShard,
} from "../../../core/checks/shards";
import { readStackConfig } from "../../../core/config/stackFile";
import { firingTests } from "./brokenSamples";
import { environmentStage, formatted, memoryTree, smallEnvironment, smallSettings, teamsStage, tenant, yamlFile } from "./stages";

/** prod, sharded: payments holds fintech, commerce holds retail (and `more` settings). */
const SHARDED = "  helm-platform:layout: sharded\n  helm-platform:shards:\n    payments: [fintech]\n    commerce: [retail]\n";
const prodSettings = (more = "") => smallSettings(`${SHARDED}${more}`, { environment: "prod" });
const prod = prodSettings().environment;
const inProd = (team: string, rest = "") => tenant(team, rest, ["prod"]);

describe("shard-settings: a shard's stack file sets no setting of the environment", () => {
    const run = (config: string, withFile = true) => {
        const text = `config:\n${config}`;
        return shardSettings.run({
            environment: "prod",
            shard: "payments",
            shardFile: withFile ? yamlFile("Pulumi.prod.payments.yaml", text) : undefined,
            shardConfig: readStackConfig(memoryTree({ "Pulumi.prod.payments.yaml": text }), "prod.payments").config,
            envConfig: {},
        });
    };

    it("GIVEN settings of the environment THEN each is reported at its line, naming the environment's file", () => {
        assert.deepEqual(formatted(run("  helm-platform:location: northeurope\n  helm-platform:profile: production\n")), [
            "Pulumi.prod.payments.yaml:2: helm-platform:location: is a setting of the environment, which a shard's stack file does not hold " +
                "Fix: set it in Pulumi.prod.yaml; a shard's stack file holds only its teams' helm-platform:secrets",
            "Pulumi.prod.payments.yaml:3: helm-platform:profile: is a setting of the environment, which a shard's stack file does not hold " +
                "Fix: set it in Pulumi.prod.yaml; a shard's stack file holds only its teams' helm-platform:secrets",
        ]);
    });

    it("GIVEN its teams' secrets and other namespaces' settings THEN nothing", () => {
        assert.deepEqual(run("  azure-native:location: northeurope\n  helm-platform:secrets:\n    fintech:\n      token: x\n"), []);
    });

    it("GIVEN configuration from elsewhere than a file THEN the problem says where", () => {
        assert.deepEqual(
            run("  helm-platform:location: northeurope\n", false).map((p) => [p.file, p.line]),
            [["the shard's configuration", undefined]],
        );
    });
});

describe("shards-named: a sharded environment names its shards, and only it", () => {
    const messages = (more: string) => shardsNamed.run(smallSettings(more)).map((p) => [p.path, p.message]);

    it("GIVEN the sharded layout without shards, or with none THEN they are asked for", () => {
        const asked = [["helm-platform:shards", "a sharded environment needs its shards, and none are named"]];
        assert.deepEqual(messages("  helm-platform:layout: sharded\n"), asked);
        assert.deepEqual(messages("  helm-platform:layout: sharded\n  helm-platform:shards: {}\n"), asked);
    });

    it("GIVEN shards in a single stack THEN they would be ignored, and are reported", () => {
        assert.deepEqual(messages("  helm-platform:shards:\n    payments: [fintech]\n"), [
            ["helm-platform:shards", "shards are read only in the sharded layout"],
        ]);
    });

    it("GIVEN a sharded environment with shards, or a single stack without THEN nothing", () => {
        assert.deepEqual(shardsNamed.run(prodSettings()), []);
        assert.deepEqual(shardsNamed.run(smallSettings()), []);
    });
});

describe("isShardOf: a shard stack's name and its environment's layout agree", () => {
    it("GIVEN each shard of a sharded environment THEN yes; any other name, or a single stack THEN no", () => {
        assert.deepEqual(
            ["payments", "commerce", "billing", ""].map((s) => isShardOf(prod, s)),
            [true, true, false, false],
        );
        assert.equal(isShardOf(smallEnvironment(), "payments"), false);
    });
});

describe("stack-shard: a shard stack names a shard of its sharded environment", () => {
    const run = (shard: string | undefined, settings = prodSettings()) =>
        stackShard.run(
            environmentStage(settings, { stack: shard ? `${settings.environment.name}.${shard}` : settings.environment.name, shard }),
        );

    it("GIVEN a shard of the environment, or the environment's own stack THEN nothing", () => {
        assert.deepEqual(run("payments"), []);
        assert.deepEqual(run(undefined), []);
    });

    it("GIVEN a shard the environment lacks THEN it is reported at shards, listing the shard stacks", () => {
        assert.deepEqual(
            run("billing").map((p) => [p.path, p.message, p.hint]),
            [["helm-platform:shards", 'there is no shard "billing" in prod', "the shards are: prod.payments, prod.commerce"]],
        );
    });

    it("GIVEN a typo of a shard THEN the closest one", () => {
        assert.deepEqual(
            run("payment").map((p) => p.hint),
            ['did you mean "payments"?'],
        );
    });

    it("GIVEN a shard stack of a single-stack environment THEN the layout is said", () => {
        assert.deepEqual(
            run("payments", smallSettings("", { environment: "uat" })).map((p) => [p.message, p.hint]),
            [
                [
                    "stack uat.payments is a shard, but uat is one stack (layout: single)",
                    "deploy uat, or set helm-platform:layout: sharded and name the shards",
                ],
            ],
        );
    });

    it("GIVEN settings that did not read THEN nothing", () => {
        assert.deepEqual(stackShard.run(environmentStage(undefined, { stack: "prod.billing", shard: "billing" })), []);
    });
});

describe("shard-placement: every team that runs in a sharded environment is in exactly one shard", () => {
    it("GIVEN a team no shard holds THEN it is reported at its environments, naming the shards", () => {
        assert.deepEqual(formatted(shardPlacement.run(teamsStage(prod, [inProd("fintech"), inProd("data")]))), [
            "tenants/data.yaml:4: environments: team data runs in prod, which is sharded, and no shard holds it " +
                "Fix: the platform team places it under helm-platform:shards.<shard> in Pulumi.prod.yaml (shards: prod.payments, prod.commerce)",
        ]);
    });

    it("GIVEN a team in two shards THEN it is reported at the second", () => {
        const twice = prodSettings().environment;
        const both = { ...twice, shards: { ...twice.shards, commerce: ["retail", "fintech"] } };
        assert.deepEqual(
            shardPlacement.run(teamsStage(both, [inProd("fintech")])).map((p) => [p.path, p.message]),
            [["helm-platform:shards.commerce", "team fintech is in shards payments and commerce; a team is in exactly one"]],
        );
    });

    it("GIVEN teams placed once each, one that runs elsewhere, or a single stack THEN nothing", () => {
        assert.deepEqual(shardPlacement.run(teamsStage(prod, [inProd("fintech"), inProd("retail"), tenant("data")])), []);
        assert.deepEqual(shardPlacement.run(teamsStage(smallEnvironment("", { environment: "prod" }), [inProd("data")])), []);
    });
});

describe("shard-teams: every team a shard lists has a tenant file and runs here", () => {
    it("GIVEN a team no tenant file declares THEN it is reported at its place in the shard", () => {
        assert.deepEqual(
            shardTeams.run(teamsStage(prod, [inProd("fintech")])).map((p) => [p.path, p.message]),
            [["helm-platform:shards.commerce[0]", 'no tenant file declares team "retail"']],
        );
    });

    it("GIVEN a team that does not run in the environment THEN it is reported", () => {
        assert.deepEqual(
            shardTeams.run(teamsStage(prod, [inProd("fintech"), tenant("retail")])).map((p) => [p.message, p.hint]),
            [["team retail does not run in prod", "remove it from the shard, or add prod to its environments"]],
        );
    });

    it("GIVEN a team whose file is unreadable THEN nothing: that file's problems are the report", () => {
        const stage = teamsStage(prod, [inProd("fintech")], {
            tenantFileTeams: new Set(["fintech", "retail"]),
            unreadable: new Set(["retail"]),
        });
        assert.deepEqual(shardTeams.run(stage), []);
    });

    it("GIVEN every listed team running here, or a single stack THEN nothing", () => {
        assert.deepEqual(shardTeams.run(teamsStage(prod, [inProd("fintech"), inProd("retail")])), []);
        assert.deepEqual(shardTeams.run(teamsStage(smallEnvironment(), [])), []);
    });
});

describe("shard-stack-files: every shard has its stack file", () => {
    it("GIVEN a shard without its file THEN it is reported at the shard, with the command that creates it", () => {
        const tree = memoryTree({ "Pulumi.prod.yaml": "config: {}\n", "Pulumi.prod.payments.yaml": "config: {}\n" });
        assert.deepEqual(
            shardStackFiles.run(teamsStage(prod, [], { tree })).map((p) => [p.path, p.message, p.hint]),
            [
                [
                    "helm-platform:shards.commerce",
                    "shard commerce has no stack file Pulumi.prod.commerce.yaml",
                    "pulumi stack init prod.commerce --secrets-provider '<the environment's Key Vault key>', and commit Pulumi.prod.commerce.yaml",
                ],
            ],
        );
    });

    it("GIVEN every shard's file, or a single stack THEN nothing", () => {
        const tree = memoryTree({ "Pulumi.prod.payments.yaml": "config: {}\n", "Pulumi.prod.commerce.yaml": "config: {}\n" });
        assert.deepEqual(shardStackFiles.run(teamsStage(prod, [], { tree })), []);
        assert.deepEqual(shardStackFiles.run(teamsStage(smallEnvironment(), [])), []);
    });
});

describe("needs-within-shard: a release needs only releases of its own shard", () => {
    const needing = (...needs: string[]) =>
        inProd("fintech", `apps:\n  api:\n    chart: api\n    needs: [${needs.join(", ")}]\n    versions:\n      prod: 1.0.0\n`);

    it("GIVEN a need of another shard's team THEN it is reported at the need, with both ways out", () => {
        assert.deepEqual(formatted(needsWithinShard.run(teamsStage(prod, [needing("ledger", "retail/storefront"), inProd("retail")]))), [
            "tenants/fintech.yaml:8: apps.api.needs[1]: retail/storefront is deployed by shard commerce and fintech by shard payments: " +
                "a release waits only for releases of its own stack Fix: place fintech and retail in one shard, or drop the need",
        ]);
    });

    it("GIVEN needs of the team itself, of its own shard, or of a team no shard holds THEN nothing", () => {
        const environment = { ...prod, shards: { ...prod.shards, payments: ["fintech", "data"] } };
        assert.deepEqual(
            needsWithinShard.run(teamsStage(environment, [needing("ledger", "fintech/ledger", "data/ingest", "ghost/app")])),
            [],
        );
    });

    it("GIVEN a single stack THEN nothing", () => {
        assert.deepEqual(
            needsWithinShard.run(teamsStage(smallEnvironment("", { environment: "prod" }), [needing("retail/storefront")])),
            [],
        );
    });
});

describe("shard checks in the loader", () => {
    firingTests(shards, {
        "shard-settings": {
            stack: "prod.payments",
            changes: { "Pulumi.prod.payments.yaml": ["config:\n", "config:\n  helm-platform:location: northeurope\n"] },
            reports: "helm-platform:location: is a setting of the environment",
        },
        "shards-named": {
            stack: "dev",
            changes: { "Pulumi.dev.yaml": ["config:\n", "config:\n  helm-platform:shards:\n    payments: [fintech]\n"] },
            reports: "shards are read only in the sharded layout",
        },
        "stack-shard": { stack: "prod.billing", changes: {}, reports: 'there is no shard "billing" in prod' },
        "shard-placement": {
            stack: "prod",
            changes: { "Pulumi.prod.yaml": ["commerce: [retail, data]", "commerce: [retail]"] },
            reports: "team data runs in prod, which is sharded, and no shard holds it",
        },
        "shard-teams": {
            stack: "prod",
            changes: { "Pulumi.prod.yaml": ["payments: [fintech]", "payments: [fintech, ghost]"] },
            reports: 'shards.payments[1]: no tenant file declares team "ghost"',
        },
        "shard-stack-files": {
            stack: "prod",
            changes: { "Pulumi.prod.commerce.yaml": null },
            reports: "shard commerce has no stack file Pulumi.prod.commerce.yaml",
        },
        "needs-within-shard": {
            stack: "prod.payments",
            changes: { "tenants/fintech.yaml": ["needs: [ledger]", "needs: [ledger, retail/storefront]"] },
            reports: "retail/storefront is deployed by shard commerce and fintech by shard payments",
        },
    });
});
