import * as assert from "node:assert/strict";
import * as namespaces from "../../../core/checks/namespaces";
import { allowanceNamespace, namespaceOwner } from "../../../core/checks/namespaces";
import type { AllowancesFile } from "../../../core/config/allowanceFiles";
import type { EnvironmentSpec } from "../../../core/model/environment";
import { firingTests } from "./brokenSamples";
import { allowances, allowancesStage, entry, formatted, smallEnvironment, tenant } from "./stages";

const dev = smallEnvironment("  helm-platform:tenancy:\n    ingressNamespace: edge\n    reservedNamespaces: [shared]\n");
/** Team `team` in `namespace` (its conventional one when undefined). */
const inNamespace = (team: string, namespace?: string) => tenant(team, namespace === undefined ? "" : `namespace: ${namespace}\n`);
const granting = (team: string, namespace: string) => allowances(team, entry(`    namespace: ${namespace}\n`));
const problems = (teams: ReturnType<typeof tenant>[], files: AllowancesFile[] = [], environment: EnvironmentSpec = dev) =>
    namespaceOwner.run(allowancesStage(environment, teams, files));

describe("namespace-owner: a team's namespace is its own", () => {
    it("GIVEN teams in their conventional namespaces THEN nothing", () => {
        assert.deepEqual(problems([inNamespace("fintech"), inNamespace("retail")]), []);
    });

    it("GIVEN a namespace of another name that the allowance grants THEN nothing", () => {
        assert.deepEqual(problems([inNamespace("fintech", "payments")], [granting("fintech", "payments")]), []);
    });

    it("GIVEN the conventional namespace written out THEN nothing: it needs no allowance", () => {
        assert.deepEqual(problems([inNamespace("fintech", "fintech")]), []);
        const teamEnv = smallEnvironment("  helm-platform:tenancy:\n    namespaceConvention: team-env\n");
        assert.deepEqual(problems([inNamespace("fintech", "fintech-dev")], [], teamEnv), []);
    });

    it("GIVEN a namespace of another name without an allowance THEN it is refused at namespace, asking for it", () => {
        assert.deepEqual(formatted(problems([inNamespace("fintech", "payments")])), [
            'tenants/fintech.yaml:5: namespace: namespace "payments" is not the team\'s by convention and not allowed for team fintech in dev ' +
                "Fix: ask the platform team (owners of allowances/) to allow namespace: payments in allowances/fintech.yaml " +
                "(for dev, with reason, approvedBy and expires), or ask for less",
        ]);
    });

    it("GIVEN the team-env convention and the team's bare name THEN that name is one of another name", () => {
        const teamEnv = smallEnvironment("  helm-platform:tenancy:\n    namespaceConvention: team-env\n");
        assert.equal(problems([inNamespace("fintech", "fintech")], [], teamEnv).length, 1);
    });

    const reserved: [string, string][] = [
        ["kube-payments", "Kubernetes' own"],
        ["default", "Kubernetes' default namespace"],
        ["monitoring", "the platform's monitoring"],
        ["edge", "the ingress controller's namespace, which every tenant admits"],
        ["shared", "reserved by helm-platform:tenancy.reservedNamespaces"],
    ];
    for (const [namespace, why] of reserved) {
        it(`GIVEN ${namespace}, even granted THEN it is reserved (${why}), and only that is reported`, () => {
            const found = problems([inNamespace("fintech", namespace)], [granting("fintech", namespace)]);
            assert.deepEqual(
                found.map((p) => [p.path, p.message, p.hint]),
                [["namespace", `namespace "${namespace}" is reserved for the platform: ${why}`, "choose a namespace named after the team"]],
            );
        });
    }

    it("GIVEN a team whose conventional namespace is reserved THEN it is reported at its team", () => {
        assert.deepEqual(
            problems([inNamespace("monitoring")]).map((p) => [p.path, p.message]),
            [["team", 'namespace "monitoring" is reserved for the platform: the platform\'s monitoring']],
        );
    });

    it("GIVEN two teams granted one namespace THEN the second is told it is taken", () => {
        const found = problems(
            [inNamespace("fintech", "payments"), inNamespace("retail", "payments")],
            [granting("fintech", "payments"), granting("retail", "payments")],
        );
        assert.deepEqual(formatted(found), [
            'tenants/retail.yaml:5: namespace: namespace "payments" is already claimed by team "fintech" Fix: each team gets its own namespace; set a different namespace',
        ]);
    });

    it("GIVEN a team taking another team's conventional namespace THEN the later team is told it is taken", () => {
        const found = problems([inNamespace("fintech", "retail"), inNamespace("retail")], [granting("fintech", "retail")]);
        assert.deepEqual(
            found.map((p) => [p.file, p.path, p.message]),
            [["tenants/retail.yaml", "team", 'namespace "retail" is already claimed by team "fintech"']],
        );
    });

    it("GIVEN a team that runs in another environment THEN its namespace is not this one's", () => {
        assert.deepEqual(
            problems(
                [inNamespace("fintech", "retail"), tenant("retail", "namespace: retail\n", ["prod"])],
                [granting("fintech", "retail")],
            ),
            [],
        );
    });
});

describe("allowance-namespace: an allowance grants no reserved namespace", () => {
    it("GIVEN a reserved namespace granted THEN it is reported at the entry's namespace", () => {
        const found = allowanceNamespace.run(allowancesStage(dev, [tenant("fintech")], [granting("fintech", "kube-fintech")]));
        assert.deepEqual(formatted(found), [
            'allowances/fintech.yaml:6: allowances[0].namespace: namespace "kube-fintech" is reserved for the platform: Kubernetes\' own ' +
                "Fix: allow a namespace named after the team",
        ]);
    });

    it("GIVEN the environment's own reserved namespace granted THEN it is reported", () => {
        assert.equal(allowanceNamespace.run(allowancesStage(dev, [tenant("fintech")], [granting("fintech", "shared")])).length, 1);
    });

    it("GIVEN a namespace a team may have, or an entry granting none THEN nothing", () => {
        assert.deepEqual(allowanceNamespace.run(allowancesStage(dev, [tenant("fintech")], [granting("fintech", "payments")])), []);
        const other = allowances("fintech", entry("    serviceTypes: [NodePort]\n"));
        assert.deepEqual(allowanceNamespace.run(allowancesStage(dev, [tenant("fintech")], [other])), []);
    });
});

describe("namespace checks in the loader", () => {
    firingTests(namespaces, {
        "allowance-namespace": {
            stack: "dev",
            changes: {
                "allowances/retail.yaml": [
                    "    ingressDomains: [shop.contoso.example]\n",
                    "    ingressDomains: [shop.contoso.example]\n    namespace: kube-retail\n",
                ],
            },
            reports: 'allowances[0].namespace: namespace "kube-retail" is reserved for the platform',
        },
        "namespace-owner": {
            stack: "dev",
            changes: { "tenants/fintech.yaml": ["groups:\n", "namespace: kube-fintech\ngroups:\n"] },
            reports: 'namespace: namespace "kube-fintech" is reserved for the platform',
        },
    });
});
