import * as assert from "node:assert/strict";
import * as exposure from "../../../core/checks/exposure";
import {
    allowanceIngressDomains,
    ingressDomainsAllowed,
    ingressDomainsNamed,
    ingressDomainsUnique,
    serviceTypesAllowed,
} from "../../../core/checks/exposure";
import { firingTests } from "./brokenSamples";
import { allowances, allowancesStage, entry, formatted, smallEnvironment, smallSettings, teamsStage, tenant } from "./stages";

const dev = smallEnvironment();
/** `team` exposing `keys` (lines of `exposure:`, indented by two). */
const exposing = (team: string, keys: string, environments = ["dev"]) => tenant(team, `exposure:\n${keys}`, environments);
const claiming = (team: string, ...domains: string[]) => exposing(team, `  ingressDomains: [${domains.join(", ")}]\n`);

describe("ingress-domains-named: the production profile names the domains teams' Ingresses live under", () => {
    it("GIVEN the production profile without them THEN it is reported at tenancy.ingressDomains", () => {
        const found = ingressDomainsNamed.run(smallSettings("  helm-platform:profile: production\n", { environment: "uat" }));
        assert.deepEqual(
            found.map((p) => [p.file, p.path, p.message, p.hint]),
            [
                [
                    "Pulumi.uat.yaml",
                    "helm-platform:tenancy.ingressDomains",
                    "the production profile needs the domains teams' Ingresses may live under, and none are named",
                    "set helm-platform:tenancy.ingressDomains to the platform's own domains, such as [apps.contoso.example]",
                ],
            ],
        );
    });

    it("GIVEN the production profile with them, or the development profile without THEN nothing", () => {
        const named = "  helm-platform:profile: production\n  helm-platform:tenancy:\n    ingressDomains: [contoso.example]\n";
        assert.deepEqual(ingressDomainsNamed.run(smallSettings(named)), []);
        assert.deepEqual(ingressDomainsNamed.run(smallSettings()), []);
    });
});

describe("ingress-domains-unique: a domain belongs to one team", () => {
    const problems = (...files: ReturnType<typeof tenant>[]) => ingressDomainsUnique.run(teamsStage(dev, files));

    it("GIVEN a domain under another team's THEN both files are reported, each naming the other's claim", () => {
        assert.deepEqual(formatted(problems(claiming("retail", "shop.contoso.example"), claiming("data", "contoso.example"))), [
            'tenants/retail.yaml:6: exposure.ingressDomains[0]: "shop.contoso.example" overlaps "contoso.example" of team "data" ' +
                "Fix: each team serves its own domains; agree which team holds it",
            'tenants/data.yaml:6: exposure.ingressDomains[0]: "contoso.example" overlaps "shop.contoso.example" of team "retail" ' +
                "Fix: each team serves its own domains; agree which team holds it",
        ]);
    });

    it("GIVEN one domain claimed by two teams THEN both", () => {
        assert.equal(problems(claiming("retail", "shop.contoso.example"), claiming("data", "shop.contoso.example")).length, 2);
    });

    it("GIVEN a domain that only ends like another's (myshop. and shop.) THEN no overlap", () => {
        assert.deepEqual(problems(claiming("retail", "shop.contoso.example"), claiming("data", "myshop.contoso.example")), []);
    });

    it("GIVEN a team's own domains overlapping each other THEN nothing", () => {
        assert.deepEqual(problems(claiming("retail", "contoso.example", "shop.contoso.example")), []);
    });

    it("GIVEN a team of another environment THEN its claims count too: a domain is a team's everywhere", () => {
        const prod = exposing("data", "  ingressDomains: [contoso.example]\n", ["prod"]);
        assert.equal(problems(claiming("retail", "shop.contoso.example"), prod).length, 2);
    });
});

describe("service-types-allowed: each Service type a team exposes is granted here", () => {
    const types = (...t: string[]) => exposing("retail", `  serviceTypes: [${t.join(", ")}]\n`);
    const problems = (team: ReturnType<typeof tenant>, ...grants: string[]) =>
        serviceTypesAllowed.run(allowancesStage(dev, [team], grants.length > 0 ? [allowances("retail", ...grants)] : []));

    it("GIVEN a type no entry grants THEN it is refused at its index, asking for that type", () => {
        const found = problems(types("NodePort", "LoadBalancer"), entry("    serviceTypes: [NodePort]\n"));
        assert.deepEqual(
            found.map((p) => [p.path, p.message]),
            [["exposure.serviceTypes[1]", "Service type LoadBalancer is not allowed for team retail in dev"]],
        );
        assert.match(found[0]?.hint ?? "", /to allow serviceTypes: \[LoadBalancer\] in allowances\/retail\.yaml \(for dev,/);
    });

    it("GIVEN types granted across entries THEN nothing", () => {
        assert.deepEqual(
            problems(
                types("NodePort", "ExternalName"),
                entry("    serviceTypes: [NodePort]\n"),
                entry("    serviceTypes: [ExternalName]\n"),
            ),
            [],
        );
    });

    it("GIVEN no exposure THEN nothing to allow", () => {
        assert.deepEqual(problems(tenant("retail")), []);
    });
});

describe("ingress-domains-allowed: each domain a team claims is under one its allowance grants here", () => {
    const problems = (team: ReturnType<typeof tenant>, ...grants: string[]) =>
        ingressDomainsAllowed.run(allowancesStage(dev, [team], grants.length > 0 ? [allowances("retail", ...grants)] : []));

    it("GIVEN the granted domain, or a subdomain of it THEN nothing", () => {
        const grant = entry("    ingressDomains: [shop.contoso.example]\n");
        assert.deepEqual(problems(claiming("retail", "shop.contoso.example", "eu.shop.contoso.example"), grant), []);
    });

    it("GIVEN a domain beside the granted one, or its parent THEN each is refused at its index", () => {
        const found = problems(
            claiming("retail", "blog.contoso.example", "contoso.example"),
            entry("    ingressDomains: [shop.contoso.example]\n"),
        );
        assert.deepEqual(
            found.map((p) => [p.path, p.message]),
            [
                ["exposure.ingressDomains[0]", 'Ingress domain "blog.contoso.example" is not allowed for team retail in dev'],
                ["exposure.ingressDomains[1]", 'Ingress domain "contoso.example" is not allowed for team retail in dev'],
            ],
        );
    });

    it("GIVEN no allowances file THEN every domain is refused, asking for it", () => {
        const [problem] = problems(claiming("retail", "shop.contoso.example"));
        assert.match(problem?.hint ?? "", /to allow ingressDomains: \[shop\.contoso\.example\] in allowances\/retail\.yaml/);
    });
});

describe("allowance-ingress-domains: an allowance grants only domains under the environment's", () => {
    const uat = smallEnvironment("  helm-platform:tenancy:\n    ingressDomains: [contoso.example, fabrikam.example]\n", {
        environment: "uat",
    });
    const granting = (...domains: string[]) => allowances("retail", entry(`    ingressDomains: [${domains.join(", ")}]\n`));

    it("GIVEN a domain under none of the environment's THEN it is reported at the entry's domain, naming them", () => {
        const found = allowanceIngressDomains.run(
            allowancesStage(uat, [tenant("retail", "", ["uat"])], [granting("shop.contoso.example", "shop.example")]),
        );
        assert.deepEqual(formatted(found), [
            'allowances/retail.yaml:6: allowances[0].ingressDomains[1]: "shop.example" is not under a domain uat gives to teams (contoso.example, fabrikam.example) ' +
                "Fix: allow a subdomain of contoso.example, or add its parent to helm-platform:tenancy.ingressDomains",
        ]);
    });

    it("GIVEN an environment that names no domains THEN any domain may be granted", () => {
        assert.deepEqual(allowanceIngressDomains.run(allowancesStage(dev, [tenant("retail")], [granting("shop.example")])), []);
    });
});

describe("exposure checks in the loader", () => {
    firingTests(exposure, {
        "ingress-domains-named": {
            stack: "uat",
            changes: { "Pulumi.uat.yaml": ["    ingressDomains: [contoso.example]\n", ""] },
            reports: "needs the domains teams' Ingresses may live under, and none are named",
        },
        "ingress-domains-unique": {
            stack: "dev",
            changes: { "tenants/data.yaml": ["network:\n", "exposure:\n  ingressDomains: [contoso.example]\nnetwork:\n"] },
            reports: '"contoso.example" overlaps "shop.contoso.example" of team "retail"',
        },
        "allowance-ingress-domains": {
            stack: "uat",
            changes: {
                "allowances/retail.yaml": [
                    "ingressDomains: [shop.contoso.example]",
                    "ingressDomains: [shop.contoso.example, shop.fabrikam.example]",
                ],
            },
            reports: '"shop.fabrikam.example" is not under a domain uat gives to teams (contoso.example)',
        },
        "service-types-allowed": {
            stack: "dev",
            changes: { "tenants/retail.yaml": ["exposure:\n", "exposure:\n  serviceTypes: [LoadBalancer]\n"] },
            reports: "Service type LoadBalancer is not allowed for team retail in dev",
        },
        "ingress-domains-allowed": {
            stack: "dev",
            changes: {
                "tenants/retail.yaml": [
                    "ingressDomains: [shop.contoso.example]",
                    "ingressDomains: [shop.contoso.example, blog.contoso.example]",
                ],
            },
            reports: 'Ingress domain "blog.contoso.example" is not allowed for team retail in dev',
        },
    });
});
