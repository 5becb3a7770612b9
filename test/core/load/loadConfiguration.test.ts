import * as assert from "node:assert/strict";
import type { Problem } from "../../../core/base/problems";
import { stacksOf } from "../../../core/load/stacks";
import { planStack } from "../../../plan/runPlan";
import { program } from "../../../program/stack";
import { changedTree, load, loadEnvironment, problemsOf, sampleTree, stackOfTeam } from "../../helpers";

const read = (file: string) => sampleTree().read(file) as string;
const where = (p: Problem) => `${p.file}:${p.path}`;

describe("configuration that never crashes, hangs or silently drops a file", () => {
    for (const version of ["^1.0", "latest", "1.2", "~1.4.2"]) {
        it(`GIVEN chart version ${JSON.stringify(version)} in dev THEN it is a configuration error before anything is registered, with a fix`, async () => {
            const tree = changedTree({ "tenants/retail.yaml": read("tenants/retail.yaml").replace("dev: 0.9.1", `dev: "${version}"`) });
            const run = await planStack(program, tree, "dev");
            assert.equal(run.exitCode, 1);
            assert.equal(run.registered, 0);
            assert.match(
                run.error ?? "",
                new RegExp(
                    `tenants/retail\\.yaml:\\d+: apps\\.catalog\\.versions\\.dev: "${version.replace(/[.^~]/g, "\\$&")}" is not an exact chart version .* Fix: pin an exact version such as 1\\.2\\.3`,
                ),
            );
            assert.doesNotMatch(run.error ?? "", /TypeError|Cannot read properties/);
        });
    }

    it("GIVEN a version YAML reads as a number (prod: 1.4) THEN the fix is the quoted exact version, which then loads", () => {
        const tenant = read("tenants/retail.yaml");
        const [p] = problemsOf("dev", changedTree({ "tenants/retail.yaml": tenant.replace("dev: 0.9.1", "dev: 0.9") }));
        assert.equal(p.message.split(" (got")[0], "0.9 is a number to YAML, not an exact chart version");
        assert.equal(p.hint, 'write the exact version in quotes, such as "0.9.0" (YAML reads 0.90 as 0.9 too: check the digits)');
        const fixed = changedTree({ "tenants/retail.yaml": tenant.replace("dev: 0.9.1", 'dev: "0.9.1"') });
        assert.equal(load("dev", fixed).releases.find((r) => r.name === "retail-catalog")?.version, "0.9.1");
    });

    it("GIVEN a tenant file whose team differs from its file name THEN it says which to change", () => {
        const tree = changedTree({
            "tenants/search.yaml": read("tenants/data.yaml")
                .replace("team: data", "team: serach")
                .replace(/apps:[\s\S]*$/, ""),
        });
        const p = problemsOf("dev", tree).find((x) => x.file === "tenants/search.yaml");
        assert.deepEqual([p?.path, p?.message], ["team", 'team "serach" is in tenants/search.yaml, which is named for "search"']);
    });

    it("GIVEN a values folder under tenants/ that no tenant file owns THEN it is reported with the team it was meant for", () => {
        const tree = changedTree({ "tenants/fintek/ledger/values.yaml": "replicaCount: 2\n" });
        const p = problemsOf("dev", tree).find((x) => x.file === "tenants/fintek");
        assert.equal(p?.message, "is a values folder of no team: nothing reads it");
        assert.equal(p?.hint, "did you mean tenants/fintech/?");
    });

    it("GIVEN a mistyped !secret tag THEN the file, line and key are named instead of deploying the name as a password", () => {
        const file = "tenants/fintech/payments-api/values.yaml";
        const tree = changedTree({ [file]: read(file).replace("!secret payments-db-password", "!secrte payments-db-password") });
        const p = problemsOf("prod", tree).find((x) => x.file === file);
        assert.deepEqual([p?.path, p?.message, p?.hint], ["database.password", "unknown tag !secrte", "did you mean !secret?"]);
    });

    it("GIVEN a misspelt config namespace THEN the stack file line says what was meant", () => {
        const tree = changedTree({
            "Pulumi.dev.yaml": read("Pulumi.dev.yaml").replace(
                "  helm-platform:location: westeurope",
                "  helm-platform:location: westeurope\n  helm-platfrom:kubeloginMode: msi",
            ),
        });
        const p = problemsOf("dev", tree).find((x) => x.path === "helm-platfrom:kubeloginMode");
        assert.equal(p?.message, '"helm-platfrom" is not a configuration namespace anything reads');
        assert.equal(p?.hint, 'did you mean "helm-platform:kubeloginMode"?');
        assert.ok(p?.line);
    });

    it("GIVEN a broken stack file THEN the values and tenant files are still checked, all in one report", () => {
        const tree = changedTree({
            "Pulumi.prod.yaml": read("Pulumi.prod.yaml").replace("helm-platform:profile: production", "helm-platform:profile: prodution"),
            "tenants/retail/storefront/values.prod.yaml": "replicaCount: 3\nreplicaCount: 4\n",
            "tenants/data.yaml": read("tenants/data.yaml").replace("description:", "descripton:"),
        });
        const found = problemsOf("prod", tree).map(where);
        for (const expected of [
            "Pulumi.prod.yaml:helm-platform:profile",
            "tenants/retail/storefront/values.prod.yaml:replicaCount",
            "tenants/data.yaml:descripton",
        ]) {
            assert.ok(found.includes(expected), `${expected} missing from ${found.join(", ")}`);
        }
    });

    it("GIVEN a team's broken tenant file THEN a bad secret reference in its values is reported beside it", () => {
        const file = "tenants/fintech/payments-api/values.yaml";
        const tree = changedTree({
            "tenants/fintech.yaml": read("tenants/fintech.yaml").replace("description:", "descripton:"),
            [file]: read(file).replace("!secret payments-db-password", "!secret payments-db-pw"),
        });
        // fintech's values and secrets are read in its prod shard.
        const found = problemsOf(stackOfTeam("prod", "fintech"), tree);
        assert.ok(found.some((p) => p.file === "tenants/fintech.yaml" && p.path === "descripton"));
        assert.ok(
            found.some((p) => p.file === file && /secret "payments-db-pw" is not configured for team fintech/.test(p.message)),
            found.map(where).join("\n"),
        );
    });

    it("GIVEN a new team's tenant file with one mistake THEN that mistake is the whole report: its secrets and the needs naming it are not advice of their own", () => {
        const tree = changedTree({
            "Pulumi.dev.yaml": read("Pulumi.dev.yaml").replace(
                "    fintech:\n",
                "    payments2:\n      db:\n        secure: v1:c2FtcGxlLW5vbmNl:eA==\n    fintech:\n",
            ),
            "tenants/payments2.yaml": read("tenants/fintech.yaml")
                .replace("team: fintech", "team: payments2\nbogus: 1")
                .replace("contoso/fintech-services", "contoso/payments2"),
            "tenants/retail.yaml": read("tenants/retail.yaml").replace("  storefront:\n", "  storefront:\n    needs: [payments2/ledger]\n"),
        });
        assert.deepEqual(problemsOf("dev", tree).map(where), ["tenants/payments2.yaml:bogus"]);
    });

    it("GIVEN a stack file that does not parse THEN its syntax error is reported, not every setting it seems to lack", () => {
        const tree = changedTree({
            "Pulumi.dev.yaml": `${read("Pulumi.dev.yaml")}  helm-platform:extra: [\n`,
            "tenants/data.yaml": read("tenants/data.yaml").replace("description:", "descripton:"),
        });
        const found = problemsOf("dev", tree);
        assert.deepEqual(
            found.map((p) => [p.file, p.message.split(":")[0]]),
            [
                ["Pulumi.dev.yaml", "YAML syntax error"],
                ["tenants/data.yaml", 'unknown key "descripton"'],
            ],
        );
    });

    it("GIVEN a team's broken tenant file THEN every stack reports that file alone: not its secrets as unused, not its good references", () => {
        const tree = changedTree({ "tenants/fintech.yaml": read("tenants/fintech.yaml").replace("description:", "descripton:") });
        for (const stack of [...stacksOf(sampleTree(), "prod").map((s) => s.name), "uat"]) {
            assert.deepEqual(problemsOf(stack, tree).map(where), ["tenants/fintech.yaml:descripton"], stack);
        }
    });

    it("GIVEN a stack that does not exist THEN it says which stacks do", () => {
        const [p] = problemsOf("prd", sampleTree());
        assert.equal(p.message, 'there is no stack "prd": no such file and no helm-platform configuration');
        assert.equal(p.hint, 'did you mean "prod"?');
    });

    it("gives every problem a fix, across a spread of broken files", () => {
        const breakages: Record<string, string>[] = [
            { "tenants/data.yaml": read("tenants/data.yaml").replace("environments: [dev, uat, prod]", "environments: dev") },
            { "tenants/data.yaml": read("tenants/data.yaml").replace("      - port: 5671", "      - port: 70000") },
            {
                "tenants/data.yaml": read("tenants/data.yaml").replace(
                    "  owners:\n    - 9a7d5c3b-1e2f-4a6b-8c0d-4e6f8a0b2c31",
                    "  owners: []",
                ),
            },
            { "Pulumi.prod.yaml": read("Pulumi.prod.yaml").replace("      location: northeurope", "      location: 42") },
            { "Pulumi.prod.yaml": read("Pulumi.prod.yaml").replace('      kubernetesVersion: "1.33"', "      kubernetesVersion: latest") },
            {
                "Pulumi.prod.yaml": read("Pulumi.prod.yaml").replace(
                    "helm-platform:kubeloginMode: azurecli",
                    "helm-platform:kubeloginMode: token",
                ),
            },
            { "tenants/retail.yaml": read("tenants/retail.yaml").replace('slackChannel: "#retail-oncall"', "slackChannel: retail") },
            { "values/prod.yaml": "image: [\n" },
        ];
        for (const changes of breakages) {
            const found = problemsOf("prod", changedTree(changes));
            assert.ok(found.length > 0);
            for (const p of found) {
                assert.ok(p.hint && p.hint.length > 3, `${where(p)}: ${p.message} has no fix`);
            }
        }
    });

    it("loads the sample with the stricter reader unchanged", () => {
        assert.equal(loadEnvironment("prod").releases.length, 7);
    });
});

describe("a program that fails after registering some resources", () => {
    it("GIVEN a component refusing its input THEN the plan exits 1 with the component's message, and builds no report from the partial resources", async () => {
        const stack = read("Pulumi.dev.yaml").replace(
            '      location: westeurope\n      kubernetesVersion: "1.33"\n',
            "      existing:\n        kubeconfigContext: kind-dev\n",
        );
        const previous = process.env.KUBECONFIG;
        process.env.KUBECONFIG = "/nonexistent/kubeconfig";
        try {
            const run = await planStack(program, changedTree({ "Pulumi.dev.yaml": stack }), "dev");
            assert.equal(run.exitCode, 1);
            assert.equal(run.plan, undefined);
            assert.deepEqual(run.access, { grants: [], installers: [], couldGrant: { checked: 0, admitted: [] } });
            assert.match(
                run.error ?? "",
                /reached through an ambient kubeconfig, so team \w+'s releases cannot impersonate their installer/,
            );
            assert.doesNotMatch(run.error ?? "", /TypeError|Cannot read properties/);
        } finally {
            if (previous === undefined) {
                delete process.env.KUBECONFIG;
            } else {
                process.env.KUBECONFIG = previous;
            }
        }
    });
});
