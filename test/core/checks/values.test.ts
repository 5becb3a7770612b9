import * as assert from "node:assert/strict";
import type { ReleasesStage } from "../../../core/checks/check";
import * as values from "../../../core/checks/values";
import { appFolders, platformValuesFiles, teamFolders, valuesFileNames, valuesSchema } from "../../../core/checks/values";
import type { ReleaseSpec } from "../../../core/model/stackModel";
import type { Values } from "../../../core/values/merge";
import { lineOf } from "../../helpers";
import { firingTests } from "./brokenSamples";
import { environmentStage, formatted, memoryTree, sampleStage, smallEnvironment, teamsStage, tenant, valuesFile } from "./stages";

/** A tree of files, each with the same small content. */
const files = (...paths: string[]) => memoryTree(Object.fromEntries(paths.map((p) => [p, "logLevel: debug\n"])));

describe("platform-values-files: values/ holds common.yaml and <environment>.yaml, and monitoring/", () => {
    const run = (...paths: string[]) => platformValuesFiles.run(environmentStage(undefined, { tree: files(...paths) }));

    it("GIVEN the files of the hierarchy, and the same in monitoring/ THEN nothing", () => {
        assert.deepEqual(
            run("values/common.yaml", "values/dev.yaml", "values/prod.yaml", "values/monitoring/common.yaml", "values/monitoring/uat.yaml"),
            [],
        );
    });

    it("GIVEN a file of no environment THEN it is reported, with the names a platform values file may have", () => {
        assert.deepEqual(run("values/common.yaml", "values/staging.yaml"), [
            {
                file: "values/staging.yaml",
                path: "",
                message: "is not a platform values file",
                hint: "platform values files are common.yaml and <environment>.yaml",
            },
        ]);
    });

    it("GIVEN a typo of an environment, in values/ or monitoring/ THEN the file it was meant to be", () => {
        assert.deepEqual(
            run("values/prd.yaml", "values/monitoring/comon.yaml").map((p) => [p.file, p.hint]),
            [
                ["values/monitoring/comon.yaml", "did you mean common.yaml?"],
                ["values/prd.yaml", "did you mean prod.yaml?"],
            ].sort(),
        );
    });

    it("GIVEN another extension THEN it is reported: nothing reads it", () => {
        assert.deepEqual(
            run("values/dev.yml").map((p) => p.message),
            ["is not a platform values file"],
        );
    });

    it("GIVEN a folder other than monitoring/, or a folder inside monitoring/ THEN each is not a folder of the hierarchy", () => {
        assert.deepEqual(
            formatted(run("values/teams/fintech.yaml", "values/monitoring/weu/common.yaml")),
            [
                "values/monitoring/weu: is not a folder of the values hierarchy Fix: values/ holds common.yaml, <environment>.yaml and monitoring/",
                "values/teams: is not a folder of the values hierarchy Fix: values/ holds common.yaml, <environment>.yaml and monitoring/",
            ].sort(),
        );
    });

    it("GIVEN no values/ at all THEN nothing", () => {
        assert.deepEqual(run(), []);
    });
});

describe("team-folders: a folder under tenants/ belongs to a team with a tenant file", () => {
    const run = (...paths: string[]) => teamFolders.run(teamsStage(smallEnvironment(), [tenant("fintech")], { tree: files(...paths) }));

    it("GIVEN the team's folder, beside its tenant file THEN nothing", () => {
        assert.deepEqual(run("tenants/fintech.yaml", "tenants/fintech/ledger/values.yaml"), []);
    });

    it("GIVEN a folder of no team THEN it is reported, with the fix", () => {
        assert.deepEqual(run("tenants/ghost/app/values.yaml"), [
            {
                file: "tenants/ghost",
                path: "",
                message: "is a values folder of no team: nothing reads it",
                hint: "add tenants/ghost.yaml, or remove the folder",
            },
        ]);
    });

    it("GIVEN a typo of a team THEN the folder it was meant to be", () => {
        assert.deepEqual(
            run("tenants/fintek/ledger/values.yaml").map((p) => p.hint),
            ["did you mean tenants/fintech/?"],
        );
    });

    it("GIVEN the folder of a team whose tenant file is broken THEN nothing: the team has a file", () => {
        const stage = teamsStage(smallEnvironment(), [], {
            tree: files("tenants/data/ingest/values.yaml"),
            tenantFileTeams: new Set(["data"]),
        });
        assert.deepEqual(teamFolders.run(stage), []);
    });
});

describe("app-folders and values-file-names: an app's values folder and the files in it", () => {
    const environment = smallEnvironment("", {
        clusters: "    - name: weu\n      location: westeurope\n    - name: neu\n      location: northeurope\n",
    });
    const fintech = tenant("fintech", "apps:\n  ledger:\n    chart: ledger\n    versions:\n      dev: 1.0.0\n");
    const stage = (...paths: string[]): ReleasesStage => ({
        ...sampleStage("dev", "releases"),
        environment,
        tree: files(...paths),
        stackTenants: [fintech],
    });

    it("GIVEN a folder for an app the tenant file does not declare THEN it is reported, with the closest app", () => {
        assert.deepEqual(appFolders.run(stage("tenants/fintech/ledgr/values.yaml", "tenants/fintech/ledger/values.yaml")), [
            {
                file: "tenants/fintech/ledgr",
                path: "",
                message: "values folder for an app that tenants/fintech.yaml does not declare",
                hint: 'did you mean "ledger"?',
            },
        ]);
    });

    it("GIVEN a folder like no app THEN the fix declares it or removes it", () => {
        assert.deepEqual(
            appFolders.run(stage("tenants/fintech/refunds/values.yaml")).map((p) => p.hint),
            ["declare the app under apps: in tenants/fintech.yaml or remove the folder"],
        );
    });

    it("GIVEN the files of the hierarchy THEN nothing", () => {
        const dir = "tenants/fintech/ledger";
        const ok = stage(`${dir}/values.yaml`, `${dir}/values.dev.yaml`, `${dir}/values.dev.neu.yaml`, `${dir}/values.prod.yaml`);
        assert.deepEqual([...appFolders.run(ok), ...valuesFileNames.run(ok)], []);
    });

    const named: [string, string, string][] = [
        ["values.yml", "is not a values file of the hierarchy", "name it values.yaml, values.<env>.yaml or values.<env>.<cluster>.yaml"],
        ["config.yaml", "is not a values file of the hierarchy", "name it values.yaml, values.<env>.yaml or values.<env>.<cluster>.yaml"],
        ["values.staging.yaml", 'unknown environment "staging" in the file name', "environments are: dev, prod, uat"],
        ["values.prd.weu.yaml", 'unknown environment "prd" in the file name', "did you mean values.prod.weu.yaml?"],
        ["values.dev.wue.yaml", 'unknown cluster "wue" of environment "dev" in the file name', "did you mean values.dev.weu.yaml?"],
        ["values.dev.eastus.yaml", 'unknown cluster "eastus" of environment "dev" in the file name', "clusters of dev: weu, neu"],
    ];
    for (const [name, message, hint] of named) {
        it(`GIVEN ${name} THEN it is reported: ${message}`, () => {
            assert.deepEqual(valuesFileNames.run(stage(`tenants/fintech/ledger/${name}`)), [
                { file: `tenants/fintech/ledger/${name}`, path: "", message, hint },
            ]);
        });
    }

    it("GIVEN a file for a cluster of another environment THEN that environment judges it", () => {
        assert.deepEqual(valuesFileNames.run(stage("tenants/fintech/ledger/values.prod.xyz.yaml")), []);
    });

    it("GIVEN a folder that is not an app's THEN its files are app-folders' to report", () => {
        assert.deepEqual(valuesFileNames.run(stage("tenants/fintech/ledgr/config.yaml")), []);
    });
});

describe("values-schema: each release's merged values are valid against its chart version's schema", () => {
    const apiFiles = "tenants/fintech/payments-api/values.yaml";
    const schemaFile = "charts/fintech/payments-api/1.5.0/values.schema.json";
    let dev: ReleasesStage;
    let api: ReleaseSpec;
    let valuesText: string;
    before(() => {
        dev = sampleStage("dev", "releases");
        api = dev.releases.find((r) => r.name === "fintech-payments-api") as ReleaseSpec;
        valuesText = dev.tree.read(apiFiles) as string;
    });
    /** dev's releases with payments-api's values and sources changed. */
    const withApi = (change: (values: Values, sources: Record<string, string>) => void): ReleasesStage => {
        const v = structuredClone(api.values) as Values;
        const sources = { ...api.sources };
        change(v, sources);
        return { ...dev, releases: dev.releases.map((r) => (r === api ? { ...r, values: v, sources } : r)) };
    };

    it("GIVEN the sample (a secret where the schema wants a string) THEN nothing", () => {
        assert.equal(api.version, "1.5.0");
        assert.deepEqual(valuesSchema.run(dev), []);
    });

    it("GIVEN a value of the wrong type THEN it is reported at the file and line that set it, naming the schema", () => {
        const found = valuesSchema.run(withApi((v) => ((v.service as Values).port = "8080")));
        assert.deepEqual(formatted(found), [
            `${apiFiles}:${lineOf(valuesText, "port: 8080")}: service.port: release fintech-payments-api on dev/weu: service.port must be integer (${schemaFile}) ` +
                "Fix: change the value in that file or pin a chart version whose schema accepts it",
        ]);
    });

    it("GIVEN a required key that no file sets, and the chart's defaults lack THEN it is reported at the schema, with where to set it", () => {
        // A null removes the chart's default, as Helm coalesces.
        const found = valuesSchema.run(
            withApi((v, sources) => {
                v.database = null;
                delete sources["database.host"];
                delete sources["database.password"];
            }),
        );
        assert.deepEqual(found, [
            {
                file: schemaFile,
                path: "database",
                message: `release fintech-payments-api on dev/weu: database is required (${schemaFile})`,
                hint: "set the key in the app's values files",
            },
        ]);
    });

    it("GIVEN a required key missing in an item of a list a file set THEN it is reported at that item, by its index and line", () => {
        const text = "extraEnv:\n  - name: PAYMENTS_MODE\n  - value: sandbox\n";
        const file = valuesFile(apiFiles, text);
        const stage = withApi((v) => (v.extraEnv = file.values.extraEnv as Values[]));
        const found = valuesSchema.run({ ...stage, lineOf: (_, path) => file.yaml.lineOf(path) });
        assert.deepEqual(formatted(found), [
            `${apiFiles}:3: extraEnv[1].name: release fintech-payments-api on dev/weu: extraEnv[1].name is required (${schemaFile}) ` +
                "Fix: change the value in that file or pin a chart version whose schema accepts it",
        ]);
    });

    it("GIVEN every error of a release THEN each is reported", () => {
        const found = valuesSchema.run(
            withApi((v) => {
                (v.service as Values).port = 0;
                v.logLevel = "trace";
            }),
        );
        assert.deepEqual(found.map((p) => p.path).sort(), ["logLevel", "service.port"]);
    });

    it("GIVEN a chart version whose schema the repository does not have THEN nothing to check against", () => {
        const unknown = {
            ...dev,
            releases: dev.releases.map((r) => (r === api ? { ...r, version: "9.9.9", values: { service: { port: "x" } } } : r)),
        };
        assert.deepEqual(valuesSchema.run(unknown), []);
    });
});

describe("values checks in the loader", () => {
    firingTests(values, {
        "platform-values-files": {
            stack: "dev",
            changes: { "values/staging.yaml": "logLevel: debug\n" },
            reports: "values/staging.yaml: is not a platform values file",
        },
        "team-folders": {
            stack: "dev",
            changes: { "tenants/ghost/app/values.yaml": "logLevel: debug\n" },
            reports: "tenants/ghost: is a values folder of no team",
        },
        "app-folders": {
            stack: "dev",
            changes: { "tenants/fintech/ledgr/values.yaml": "logLevel: debug\n" },
            reports: "tenants/fintech/ledgr: values folder for an app that tenants/fintech.yaml does not declare",
        },
        "values-file-names": {
            stack: "dev",
            changes: { "tenants/fintech/ledger/values.staging.yaml": "logLevel: debug\n" },
            reports: 'unknown environment "staging" in the file name',
        },
        "values-schema": {
            stack: "dev",
            changes: { "tenants/fintech/payments-api/values.dev.yaml": { append: 'service:\n  port: "8080"\n' } },
            reports: "release fintech-payments-api on dev/weu: service.port must be integer",
        },
    });
});
