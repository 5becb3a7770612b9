import type { KeyPath } from "../base/keyPath";
import { didYouMean, type Problem, problemAt } from "../base/problems";
import { type Cidr, FORBIDDEN_EGRESS, overlaps, parseCidr } from "../config/cidr";
import type { TenantFile } from "../config/tenantFiles";
import type { EnvironmentSpec } from "../model/environment";
import { eachGrant, eachRequest, granted } from "./allowances";
import type { CheckOf, TeamsStage } from "./check";

/**
 * The widest network one egress rule may name: an IPv4 /16 (65,536 addresses) or an IPv6 /48 (a site).
 * A rule names the service a team calls; wider, a NetworkPolicy `ipBlock` stops being a destination
 * and becomes a hole in the firewall (66 rules of /2 to /9 cover most of IPv4). Several services are
 * several rules.
 */
export const WIDEST_EGRESS_PREFIX = { ipv4: 16, ipv6: 48 } as const;

/**
 * Why egress to `text` is refused whoever allows it, with the fix, or undefined: wider than
 * {@link WIDEST_EGRESS_PREFIX}, a special range (the node's own, link-local, Azure's host endpoint), or
 * any cluster's pod, Service or node network. The schema has already checked it is a CIDR.
 */
export function egressDestinationProblem(text: string, environment: EnvironmentSpec): { problem: string; hint: string } | undefined {
    const parsed = parseCidr(text);
    if (!("cidr" in parsed)) {
        return undefined;
    }
    const family = parsed.cidr.address.kind() === "ipv4" ? "ipv4" : "ipv6";
    const widest = WIDEST_EGRESS_PREFIX[family];
    const narrower = "allow only the networks the team really calls, such as 198.51.100.0/24";
    if (parsed.cidr.prefix === 0) {
        return { problem: "would include every address (a rule for the whole internet)", hint: narrower };
    }
    const forbidden = forbiddenPart(parsed.cidr, environment, narrower);
    if (parsed.cidr.prefix < widest) {
        // Both reasons at once: narrowing to a /16 inside a forbidden range would only meet the second.
        return {
            problem: `is wider than a /${widest}, the widest network one rule may name${forbidden ? `, and ${forbidden.problem}` : ""}`,
            hint: forbidden ? forbidden.hint : `name the networks the team calls, each at most a /${widest}`,
        };
    }
    return forbidden;
}

/** Why a network includes what no egress may reach (a special range, or a cluster's own), with the fix. */
function forbiddenPart(cidr: Cidr, environment: EnvironmentSpec, narrower: string): { problem: string; hint: string } | undefined {
    const special = FORBIDDEN_EGRESS.find((f) => overlaps(cidr, f.cidr));
    if (special) {
        return { problem: `would include ${special.why}`, hint: narrower };
    }
    const own = clusterRanges(environment).find((r) => {
        const range = parseCidr(r.cidr);
        return "cidr" in range && overlaps(cidr, range.cidr);
    });
    return own
        ? {
              problem: `would include ${own.why} (${own.cidr})`,
              hint: own.byTeam ? "pods of other teams are reached by team, not by address" : narrower,
          }
        : undefined;
}

/** Every address range of the environment's clusters: pods, Services, and the nodes' network. */
function clusterRanges(environment: EnvironmentSpec): { cidr: string; why: string; byTeam: boolean }[] {
    return environment.clusters.flatMap((c) => [
        { cidr: c.network.podCidr, why: `the pod range of cluster ${c.name}`, byTeam: true },
        { cidr: c.network.serviceCidr, why: `the Service range of cluster ${c.name}`, byTeam: true },
        ...c.network.vnetCidrs.map((cidr) => ({
            cidr,
            why: `the nodes' network of cluster ${c.name} (nodes, internal load balancers, private endpoints)`,
            byTeam: false,
        })),
    ]);
}

/** Whether network `outer` contains network `inner` (both valid CIDRs of the same family). */
export function contains(outer: string, inner: string): boolean {
    const [a, b] = [parseCidr(outer), parseCidr(inner)];
    if (!("cidr" in a) || !("cidr" in b) || a.cidr.address.kind() !== b.cidr.address.kind()) {
        return false;
    }
    return b.cidr.prefix >= a.cidr.prefix && b.cidr.address.match(a.cidr.address, a.cidr.prefix);
}

/** Each egress rule of every tenant file, with its key path. */
const egressRules = (tenants: readonly TenantFile[]) =>
    tenants.flatMap((tenant) =>
        (tenant.data.network?.egress ?? []).map((rule, i) => ({ tenant, rule, path: ["network", "egress", i] as KeyPath })),
    );

export const egressDestination: CheckOf<"teams"> = {
    id: "egress-destination",
    stage: "teams",
    checks: "an egress rule names exactly one destination, and a network no wider than a /16 (IPv4) or /48 (IPv6) that overlaps no range of FORBIDDEN_EGRESS (unspecified, loopback, link-local with the metadata service, the Azure host 168.63.129.16, multicast, reserved, IPv4-mapped) and no cluster's pod, Service or node range",
    run: ({ tenants, environment }) =>
        egressRules(tenants).flatMap(({ tenant, rule, path }): Problem[] => {
            if ((rule.cidr === undefined) === (rule.team === undefined)) {
                return [problemAt(tenant.yaml, path, "an egress allowance needs exactly one destination", "set either cidr or team")];
            }
            const why = rule.cidr === undefined ? undefined : egressDestinationProblem(rule.cidr, environment);
            return why ? [problemAt(tenant.yaml, [...path, "cidr"], `egress to ${rule.cidr} ${why.problem}`, why.hint)] : [];
        }),
};

export const egressToTeam: CheckOf<"teams"> = {
    id: "egress-to-team",
    stage: "teams",
    checks: "egress to a team names another team that exists and admits this one on every port (network.ingress in its file)",
    run: ({ tenants, tenantFileTeams }: TeamsStage) => {
        const teams = new Map(tenants.map((t) => [t.data.team, t]));
        return egressRules(tenants).flatMap(({ tenant, rule, path }): Problem[] => {
            const target = rule.team;
            // A team whose file is broken is that file's problem, reported there.
            if (rule.cidr !== undefined || target === undefined || (!teams.has(target) && tenantFileTeams.has(target))) {
                return [];
            }
            const at = [...path, "team"];
            const other = teams.get(target);
            if (target === tenant.data.team) {
                return [problemAt(tenant.yaml, at, "a team's own pods always reach each other", "remove this allowance")];
            }
            if (!other) {
                return [
                    problemAt(
                        tenant.yaml,
                        at,
                        `no tenant file declares team "${target}"`,
                        didYouMean(target, [...teams.keys()], "name a team from tenants/"),
                    ),
                ];
            }
            const admitted = (other.data.network?.ingress ?? []).filter((r) => r.team === tenant.data.team).flatMap((r) => r.ports);
            const missing = rule.ports.filter((p) => !admitted.some((a) => a.port === p.port && a.protocol === p.protocol));
            return missing.length > 0
                ? [
                      problemAt(
                          tenant.yaml,
                          at,
                          `team "${target}" does not admit "${tenant.data.team}" on ${missing.map((p) => `${p.port}/${p.protocol}`).join(", ")}`,
                          `${other.yaml.file} must list {team: ${tenant.data.team}, ports: [...]} under network.ingress; each team decides who may reach it`,
                      ),
                  ]
                : [];
        });
    },
};

export const egressAllowed: CheckOf<"allowances"> = {
    id: "egress-allowed",
    stage: "allowances",
    checks: "egress to a network is within a network the team's allowance grants in this environment",
    run: eachRequest(({ tenant, allowance, environment, refuse }) => {
        const networks = granted(allowance, (e) => e.egress);
        return (tenant.data.network?.egress ?? []).flatMap((rule, i) => {
            // A destination refused whoever allows it is reported as that alone (egress-destination), not as "not allowed".
            if (rule.cidr === undefined || egressDestinationProblem(rule.cidr, environment) !== undefined) {
                return [];
            }
            const cidr = rule.cidr;
            return networks.some((n) => contains(n, cidr))
                ? []
                : [
                      refuse(
                          ["network", "egress", i, "cidr"],
                          `egress to ${cidr} is not allowed for team ${tenant.data.team} in ${environment.name}`,
                          `egress: [${cidr}]`,
                      ),
                  ];
        });
    }),
};

export const allowanceEgress: CheckOf<"allowances"> = {
    id: "allowance-egress",
    stage: "allowances",
    checks: "an allowance grants no egress the platform refuses whoever allows it (see egress-destination)",
    run: eachGrant(({ entry, at }, { environment }) =>
        (entry.egress ?? []).flatMap((cidr, j) => {
            const why = egressDestinationProblem(cidr, environment);
            return why ? [at(["egress", j], `egress to ${cidr} ${why.problem}`, why.hint)] : [];
        }),
    ),
};
