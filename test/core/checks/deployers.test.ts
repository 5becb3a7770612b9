import * as assert from "node:assert/strict";
import * as deployers from "../../../core/checks/deployers";
import { deployerAllowed, deployerIdentity } from "../../../core/checks/deployers";
import { firingTests } from "./brokenSamples";
import { allowances, allowancesStage, entry, formatted, smallEnvironment, teamsStage, tenant } from "./stages";

const dev = smallEnvironment();
const OBJECT_ID = "0b4a1f6e-2c3d-4e5f-8a9b-0c1d2e3f4a59";
/** Team fintech deploying with `deployer` (lines indented by two). */
const deploying = (deployer: string) => tenant("fintech", `deployer:\n${deployer}`);

describe("deployer-identity: a team's CI is exactly one Entra identity, never a ServiceAccount token", () => {
    const problems = (deployer: string) => deployerIdentity.run(teamsStage(dev, [deploying(deployer)]));

    it("GIVEN a GitHub repository, or an object ID THEN nothing", () => {
        assert.deepEqual(problems("  github:\n    repository: contoso/fintech-services\n"), []);
        assert.deepEqual(problems(`  objectId: ${OBJECT_ID}\n`), []);
    });

    it("GIVEN no deployer THEN nothing", () => {
        assert.deepEqual(deployerIdentity.run(teamsStage(dev, [tenant("fintech")])), []);
    });

    it("GIVEN both THEN it is reported at deployer", () => {
        assert.deepEqual(formatted(problems(`  github:\n    repository: contoso/fintech-services\n  objectId: ${OBJECT_ID}\n`)), [
            "tenants/fintech.yaml:5: deployer: the CI identity needs exactly one of github or objectId Fix: set deployer.github.repository, or deployer.objectId",
        ]);
    });

    it("GIVEN neither (an empty deployer) THEN it is reported at deployer", () => {
        assert.deepEqual(
            problems("  {}\n").map((p) => p.message),
            ["the CI identity needs exactly one of github or objectId"],
        );
    });

    it("GIVEN a ServiceAccount THEN only that is reported, with both identities as the fix", () => {
        const found = problems(`  serviceAccount: ci\n  objectId: ${OBJECT_ID}\n`);
        assert.deepEqual(
            found.map((p) => [p.path, p.message]),
            [["deployer.serviceAccount", "a CI ServiceAccount would need a long-lived token in a Secret"]],
        );
        assert.match(found[0]?.hint ?? "", /^use deployer\.github: \{repository: <owner>\/<repo>\} .* or deployer\.objectId: /);
    });

    it("GIVEN every tenant file, whatever environment it runs in THEN each is judged", () => {
        const prodOnly = tenant("retail", "deployer:\n  {}\n", ["prod"]);
        assert.deepEqual(
            deployerIdentity.run(teamsStage(dev, [prodOnly])).map((p) => p.file),
            ["tenants/retail.yaml"],
        );
    });
});

describe("deployer-allowed: a team's CI identity is one its allowance lets deploy it here", () => {
    const github = deploying("  github:\n    repository: contoso/fintech-services\n");
    const objectId = deploying(`  objectId: ${OBJECT_ID}\n`);
    const problems = (team = github, ...entries: string[]) =>
        deployerAllowed.run(allowancesStage(dev, [team], entries.length > 0 ? [allowances("fintech", ...entries)] : []));

    it("GIVEN the repository or the object ID in an entry THEN nothing", () => {
        assert.deepEqual(problems(github, entry("    deployers:\n      github: [contoso/fintech-services]\n")), []);
        assert.deepEqual(problems(objectId, entry(`    deployers:\n      objectIds: [${OBJECT_ID}]\n`)), []);
    });

    it("GIVEN a repository no entry lists THEN it is refused at the repository, and the fix asks for it in the team's allowances file", () => {
        assert.deepEqual(formatted(problems(github, entry("    deployers:\n      github: [contoso/fintech-tools]\n"))), [
            "tenants/fintech.yaml:7: deployer.github.repository: CI from contoso/fintech-services is not allowed to deploy team fintech in dev " +
                "Fix: ask the platform team (owners of allowances/) to allow deployers: {github: [contoso/fintech-services]} in " +
                "allowances/fintech.yaml (for dev, with reason, approvedBy and expires), or ask for less",
        ]);
    });

    it("GIVEN an object ID without an allowances file THEN it is refused at the object ID", () => {
        assert.deepEqual(
            problems(objectId).map((p) => [p.path, p.message]),
            [["deployer.objectId", `the Entra identity ${OBJECT_ID} is not allowed to deploy team fintech in dev`]],
        );
    });

    it("GIVEN the repository allowed in another environment only THEN it is refused here", () => {
        const prodOnly = entry("    environments: [prod]\n    deployers:\n      github: [contoso/fintech-services]\n");
        assert.equal(problems(github, prodOnly).length, 1);
    });

    it("GIVEN no deployer THEN nothing to allow", () => {
        assert.deepEqual(problems(tenant("fintech")), []);
    });
});

describe("deployer checks in the loader", () => {
    firingTests(deployers, {
        "deployer-identity": {
            stack: "dev",
            changes: {
                "tenants/fintech.yaml": [
                    "    repository: contoso/fintech-services\n",
                    "    repository: contoso/fintech-services\n  objectId: 0b4a1f6e-2c3d-4e5f-8a9b-0c1d2e3f4a59\n",
                ],
            },
            reports: "the CI identity needs exactly one of github or objectId",
        },
        "deployer-allowed": {
            stack: "dev",
            changes: { "tenants/fintech.yaml": ["repository: contoso/fintech-services", "repository: contoso/fintech-tools"] },
            reports: "CI from contoso/fintech-tools is not allowed to deploy team fintech in dev",
        },
    });
});
