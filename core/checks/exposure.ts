import { problemAt } from "../base/problems";
import { PROFILES } from "../config/profiles";
import { covers } from "../config/tenancy";
import { eachGrant, eachRequest, granted } from "./allowances";
import { type CheckOf, settingProblem } from "./check";

export const ingressDomainsNamed: CheckOf<"settings"> = {
    id: "ingress-domains-named",
    stage: "settings",
    checks: "where the profile asks for it (production), the environment names the domains teams' Ingresses may live under",
    run: ({ settings, locate }) =>
        PROFILES[settings.profile].ingressDomainsRequired && !settings.tenancy.ingressDomains
            ? [
                  settingProblem(
                      locate,
                      ["tenancy", "ingressDomains"],
                      `the ${settings.profile} profile needs the domains teams' Ingresses may live under, and none are named`,
                      "set helm-platform:tenancy.ingressDomains to the platform's own domains, such as [apps.contoso.example]",
                  ),
              ]
            : [],
};

export const ingressDomainsUnique: CheckOf<"teams"> = {
    id: "ingress-domains-unique",
    stage: "teams",
    checks: "a domain belongs to one team: a claim overlapping another team's is reported in both files",
    run: ({ tenants }) => {
        const claims = tenants.flatMap(({ yaml, data }) =>
            (data.exposure?.ingressDomains ?? []).map((domain, i) => ({
                yaml,
                team: data.team,
                domain,
                path: ["exposure", "ingressDomains", i],
            })),
        );
        return claims.flatMap((claim) => {
            const clash = claims.find((c) => c.team !== claim.team && (covers(c.domain, claim.domain) || covers(claim.domain, c.domain)));
            return clash
                ? [
                      problemAt(
                          claim.yaml,
                          claim.path,
                          `"${claim.domain}" overlaps "${clash.domain}" of team "${clash.team}"`,
                          "each team serves its own domains; agree which team holds it",
                      ),
                  ]
                : [];
        });
    },
};

export const serviceTypesAllowed: CheckOf<"allowances"> = {
    id: "service-types-allowed",
    stage: "allowances",
    checks: "each Service type a team exposes (NodePort, LoadBalancer, ExternalName) is one its allowance grants here",
    run: eachRequest(({ tenant, allowance, environment, refuse }) => {
        const types = granted(allowance, (e) => e.serviceTypes);
        return (tenant.data.exposure?.serviceTypes ?? []).flatMap((type, i) =>
            types.includes(type)
                ? []
                : [
                      refuse(
                          ["exposure", "serviceTypes", i],
                          `Service type ${type} is not allowed for team ${tenant.data.team} in ${environment.name}`,
                          `serviceTypes: [${type}]`,
                      ),
                  ],
        );
    }),
};

export const ingressDomainsAllowed: CheckOf<"allowances"> = {
    id: "ingress-domains-allowed",
    stage: "allowances",
    checks: "each Ingress domain a team claims is under a domain its allowance grants here",
    run: eachRequest(({ tenant, allowance, environment, refuse }) => {
        const domains = granted(allowance, (e) => e.ingressDomains);
        return (tenant.data.exposure?.ingressDomains ?? []).flatMap((domain, i) =>
            domains.some((d) => covers(d, domain))
                ? []
                : [
                      refuse(
                          ["exposure", "ingressDomains", i],
                          `Ingress domain "${domain}" is not allowed for team ${tenant.data.team} in ${environment.name}`,
                          `ingressDomains: [${domain}]`,
                      ),
                  ],
        );
    }),
};

export const allowanceIngressDomains: CheckOf<"allowances"> = {
    id: "allowance-ingress-domains",
    stage: "allowances",
    checks: "an allowance grants only Ingress domains under those the environment gives to teams (helm-platform:tenancy.ingressDomains)",
    run: eachGrant(({ entry, at }, { environment }) => {
        const parents = environment.tenancy.ingressDomains;
        return (entry.ingressDomains ?? []).flatMap((domain, j) =>
            parents && !parents.some((p) => covers(p, domain))
                ? [
                      at(
                          ["ingressDomains", j],
                          `"${domain}" is not under a domain ${environment.name} gives to teams (${parents.join(", ")})`,
                          `allow a subdomain of ${parents[0]}, or add its parent to helm-platform:tenancy.ingressDomains`,
                      ),
                  ]
                : [],
        );
    }),
};
