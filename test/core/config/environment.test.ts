import * as assert from "node:assert/strict";
import { formatProblem, type Problem } from "../../../core/base/problems";
import { changedTree, lineOf, load, problemsOf, sampleTree } from "../../helpers";

const read = (file: string) => sampleTree().read(file) as string;

/** The one problem about `file`; fails with every problem listed when there is not exactly one. */
function only(problems: Problem[], file: string): Problem {
    const matching = problems.filter((p) => p.file === file);
    assert.equal(matching.length, 1, problems.map(formatProblem).join("\n"));
    return matching[0];
}

describe("configuration validation", () => {
    it("loads every sample stack without problems", () => {
        for (const stack of ["dev", "uat", "prod"]) {
            assert.equal(load(stack).environment.name, stack);
        }
    });

    it("GIVEN a typo in a tenant key WHEN loading THEN it names the file, line and key and suggests the right key", () => {
        const tree = changedTree({ "tenants/fintech.yaml": read("tenants/fintech.yaml").replace("environments:", "enviroments:") });
        const p = only(problemsOf("dev", tree), "tenants/fintech.yaml");
        assert.equal(p.path, "enviroments");
        assert.equal(p.line, lineOf(tree.read("tenants/fintech.yaml") as string, "enviroments:"));
        assert.match(p.message, /unknown key "enviroments"/);
        assert.match(p.hint ?? "", /did you mean "environments"/);
    });

    it("GIVEN a version YAML reads as a number THEN it reports the value and the quoted exact version to write", () => {
        const tree = changedTree({ "tenants/retail.yaml": read("tenants/retail.yaml").replace("prod: 3.1.4", "prod: 3.1") });
        const p = only(problemsOf("prod", tree), "tenants/retail.yaml");
        assert.equal(p.path, "apps.storefront.versions.prod");
        assert.equal(p.line, lineOf(tree.read("tenants/retail.yaml") as string, "prod: 3.1"));
        assert.match(p.message, /^3\.1 is a number to YAML, not an exact chart version/);
        assert.equal(p.hint, 'write the exact version in quotes, such as "3.1.0" (YAML reads 3.10 as 3.1 too: check the digits)');
    });

    it("GIVEN a missing required field THEN it says which one", () => {
        const tree = changedTree({ "tenants/data.yaml": read("tenants/data.yaml").replace(/groups:\n( {2}.*\n)+/, "") });
        const p = only(problemsOf("dev", tree), "tenants/data.yaml");
        assert.equal(p.path, "groups");
        assert.match(p.message, /required key is missing/);
    });

    it("GIVEN two files for one team THEN the second is a duplicate", () => {
        const tree = changedTree({ "tenants/fintech-copy.yaml": read("tenants/fintech.yaml").replace("payments-api:", "payouts:") });
        const problems = problemsOf("dev", tree).filter((p) => p.file === "tenants/fintech.yaml");
        assert.ok(
            problems.some((p) => p.path === "team" && /team "fintech" is already defined in tenants\/fintech-copy\.yaml/.test(p.message)),
            problems.map(formatProblem).join("\n"),
        );
    });

    it("GIVEN two teams claiming one namespace THEN the later claim is rejected naming the owner", () => {
        const tree = changedTree({ "tenants/retail.yaml": read("tenants/retail.yaml").replace("groups:", "namespace: fintech\ngroups:") });
        const p = only(problemsOf("dev", tree), "tenants/retail.yaml");
        assert.equal(p.path, "namespace");
        assert.equal(p.line, lineOf(tree.read("tenants/retail.yaml") as string, "namespace: fintech"));
        assert.match(p.message, /namespace "fintech" is already claimed by team "fintech"/);
    });

    it("GIVEN a platform namespace THEN no team may take it", () => {
        const tree = changedTree({ "tenants/data.yaml": read("tenants/data.yaml").replace("groups:", "namespace: kube-system\ngroups:") });
        assert.match(only(problemsOf("dev", tree), "tenants/data.yaml").message, /"kube-system" is reserved/);
    });

    it("GIVEN an app version for an unknown environment THEN it suggests the known one", () => {
        const tree = changedTree({
            "tenants/retail.yaml": read("tenants/retail.yaml").replace("      uat: 0.9.1", "      staging: 0.9.1"),
        });
        const p = only(problemsOf("dev", tree), "tenants/retail.yaml");
        assert.equal(p.path, "apps.catalog.versions.staging");
        assert.match(p.message, /unknown environment "staging"/);
    });

    it("GIVEN an app pinned to an unknown cluster THEN the stack of that environment rejects it", () => {
        const tree = changedTree({ "tenants/data.yaml": read("tenants/data.yaml").replace("prod: [weu]", "prod: [weuu]") });
        const p = only(problemsOf("prod", tree), "tenants/data.yaml");
        assert.equal(p.path, "apps.ingest-worker.clusters.prod[0]");
        assert.match(p.message, /unknown cluster "weuu" in environment "prod"/);
        assert.match(p.hint ?? "", /did you mean "weu"/);
    });

    it("GIVEN a <team>-<app> longer than 53 characters THEN it is not a valid Helm release name", () => {
        // Each name is within its own limit (team 30, app 40); together they exceed Helm's 53.
        const tenant = [
            "team: enterprise-data-platform-core",
            "groups:",
            "  owners: [0b4a1f6e-2c3d-4e5f-8a9b-0c1d2e3f4a59]",
            "environments: [dev]",
            "apps:",
            "  event-stream-processor-service:",
            "    chart: processor",
            "    versions:",
            "      dev: 1.0.0",
            "",
        ].join("\n");
        const file = "tenants/enterprise-data-platform-core.yaml";
        const p = only(problemsOf("dev", changedTree({ [file]: tenant })), file);
        assert.equal(p.path, "apps.event-stream-processor-service");
        assert.equal(p.line, 6);
        assert.match(
            p.message,
            /release name "enterprise-data-platform-core-event-stream-processor-service" is 60 characters; Helm allows at most 53/,
        );
    });

    it("GIVEN a YAML syntax error THEN it reports the line instead of throwing", () => {
        const tree = changedTree({ "tenants/retail.yaml": read("tenants/retail.yaml").replace("apps:\n", "apps:\n  storefront: [\n") });
        const problems = problemsOf("dev", tree);
        assert.ok(problems.length > 0);
        for (const p of problems) {
            assert.equal(p.file, "tenants/retail.yaml");
            assert.match(p.message, /^YAML syntax error/);
            assert.ok(p.line !== undefined && p.line >= 8, formatProblem(p));
        }
    });

    it("GIVEN a values file named for an unknown environment THEN the typo is reported, not silently ignored", () => {
        const tree = changedTree({ "tenants/fintech/ledger/values.prdo.yaml": "logLevel: warn\n" });
        const p = only(problemsOf("dev", tree), "tenants/fintech/ledger/values.prdo.yaml");
        assert.match(p.message, /unknown environment "prdo"/);
        assert.match(p.hint ?? "", /values\.prod\.yaml/);
    });

    it("GIVEN bad stack settings THEN problems name Pulumi.<stack>.yaml, the config key and its line", () => {
        const stack = read("Pulumi.prod.yaml")
            .replace("helm-platform:profile: production", "helm-platform:profile: prod")
            .replace("    - name: neu\n      location: northeurope", "    - name: neu\n      location: North Europe");
        const problems = problemsOf("prod", changedTree({ "Pulumi.prod.yaml": stack })).filter((p) => p.file === "Pulumi.prod.yaml");
        const profile = problems.find((p) => p.path === "helm-platform:profile");
        const location = problems.find((p) => p.path === "helm-platform:clusters[1].location");
        assert.ok(profile && location, problems.map(formatProblem).join("\n"));
        assert.equal(profile.line, lineOf(stack, "helm-platform:profile: prod"));
        assert.equal(location.line, lineOf(stack, "location: North Europe"));
        assert.match(location.message, /Azure region name/);
    });

    it("GIVEN cross-field mistakes in the stack THEN each is reported", () => {
        const stack = read("Pulumi.prod.yaml")
            .replace("name: neu", "name: weu")
            .replace(
                "    name: acrhelmplatformprod",
                "    name: acrhelmplatformprod\n    sku: Standard\n    replicaLocations: [northeurope]",
            );
        const messages = problemsOf("prod", changedTree({ "Pulumi.prod.yaml": stack })).map((p) => `${p.path}: ${p.message}`);
        assert.ok(
            messages.some((m) => /clusters\[1\]\.name: duplicate cluster name "weu"/.test(m)),
            messages.join("\n"),
        );
        assert.ok(
            messages.some((m) => /registry\.replicaLocations: geo-replication needs the Premium SKU/.test(m)),
            messages.join("\n"),
        );
    });

    it("reports every problem of every file in one run", () => {
        const tree = changedTree({
            "tenants/fintech.yaml": read("tenants/fintech.yaml").replace("environments:", "enviroments:"),
            "tenants/retail.yaml": read("tenants/retail.yaml").replace("apps:\n", "apps:\n  storefront: [\n"),
            "Pulumi.dev.yaml": read("Pulumi.dev.yaml").replace("helm-platform:registry:", "helm-platform:registy:"),
        });
        const files = new Set(problemsOf("dev", tree).map((p) => p.file));
        assert.deepEqual([...files].sort(), ["Pulumi.dev.yaml", "tenants/fintech.yaml", "tenants/retail.yaml"]);
    });
});

describe("platform values folders", () => {
    it("checks the files of values/monitoring/ like values/, and reports each problem once", () => {
        const tree = changedTree({ "values/monitoring/common.yaml": "prometheus: {}\n", "values/monitoring/prd.yaml": "x: 1\n" });
        const problems = problemsOf("dev", tree);
        assert.deepEqual(
            problems.map((p) => [p.file, p.message]),
            [["values/monitoring/prd.yaml", "is not a platform values file"]],
        );
        assert.match(problems[0].hint ?? "", /did you mean prod\.yaml/);
    });
});

describe("secrets provider", () => {
    it("every sample stack encrypts its secrets with a key in Azure Key Vault", () => {
        for (const stack of ["dev", "uat", "prod"]) {
            assert.match(
                read(`Pulumi.${stack}.yaml`),
                new RegExp(`^secretsprovider: azurekeyvault://kv-helm-platform-${stack}\\.vault\\.azure\\.net/keys/pulumi-${stack}$`, "m"),
            );
        }
    });

    it("GIVEN a production-profile stack on a passphrase THEN it is a configuration error with the command that moves it", () => {
        const stack = read("Pulumi.prod.yaml")
            .replace(/^secretsprovider: .*\n/m, "")
            .replace(/^encryptedkey: .*\n/m, "encryptionsalt: v1:abc=:v1:def:ghi\n");
        const [p] = problemsOf("prod", changedTree({ "Pulumi.prod.yaml": stack }));
        assert.deepEqual([p.file, p.path], ["Pulumi.prod.yaml", "secretsprovider"]);
        assert.match(p.message, /encrypts secrets with Azure Key Vault, and no secrets provider is set/);
        assert.match(p.hint ?? "", /pulumi stack change-secrets-provider 'azurekeyvault:/);
        const dev = read("Pulumi.dev.yaml").replace(/^secretsprovider: .*\n/m, "");
        assert.doesNotThrow(() => load("dev", changedTree({ "Pulumi.dev.yaml": dev })), "the development profile accepts any provider");
    });
});

describe("drift mode", () => {
    it("dev corrects drift, uat and prod report it, and report is the default", () => {
        assert.deepEqual(
            ["dev", "uat", "prod"].map((stack) => load(stack).environment.drift.mode),
            ["correct", "report", "report"],
        );
        const dev = read("Pulumi.dev.yaml").replace(/ {2}helm-platform:drift:\n {4}mode: correct\n/, "");
        assert.equal(load("dev", changedTree({ "Pulumi.dev.yaml": dev })).environment.drift.mode, "report");
    });

    it("GIVEN a mode that does not exist THEN it names the key, the line and the modes there are", () => {
        const tree = changedTree({ "Pulumi.dev.yaml": read("Pulumi.dev.yaml").replace("mode: correct", "mode: fix") });
        const [p] = problemsOf("dev", tree);
        assert.deepEqual(
            [p.file, p.path, p.line],
            ["Pulumi.dev.yaml", "helm-platform:drift.mode", lineOf(read("Pulumi.dev.yaml"), "mode: correct")],
        );
        assert.match(`${p.message} ${p.hint}`, /report.*correct/);
    });
});

describe("registry publishing rights", () => {
    it("GIVEN the former registry-wide registry.pushObjectIds THEN it is refused, pointing at per-path publishers", () => {
        const stack = read("Pulumi.prod.yaml").replace("    platformPublishers:", "    pushObjectIds:");
        const p = only(problemsOf("prod", changedTree({ "Pulumi.prod.yaml": stack })), "Pulumi.prod.yaml");
        assert.equal(p.path, "helm-platform:registry.pushObjectIds");
        assert.equal(p.line, lineOf(stack, "pushObjectIds"));
        assert.match(p.message, /registry-wide push rights are gone: each publisher writes only under its own path/);
        assert.match(p.hint ?? "", /registry\.platformPublishers, and each team's to chartPublishers in allowances\/<team>\.yaml/);
    });
});
