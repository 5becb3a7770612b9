import type { KeyPath } from "../base/keyPath";
import { didYouMean, type Problem, problemAt } from "../base/problems";
import { FORBIDDEN_EGRESS, overlaps, parseCidr } from "../config/cidr";
import { covers, type EgressRule } from "../config/tenancy";
import type { TenantFile } from "../config/tenantFiles";
import type { EnvironmentSpec } from "../model/environment";
import type { TenantContext } from "./context";

/**
 * Egress: exactly one destination; a network must be valid, must not include the node's own, link-local
 * or Azure host addresses, nor any cluster's pod or Service range; a team must exist and admit this one
 * on every port. Ingress: from a team that exists.
 */
export function checkNetwork(
    { yaml, data }: TenantFile,
    teams: ReadonlyMap<string, TenantFile>,
    context: TenantContext,
    problems: Problem[],
): void {
    (data.network?.egress ?? []).forEach((rule, i) => {
        const path: KeyPath = ["network", "egress", i];
        if ((rule.cidr === undefined) === (rule.team === undefined)) {
            problems.push(problemAt(yaml, path, "an egress allowance needs exactly one destination", "set either cidr or team"));
        } else if (rule.cidr !== undefined) {
            const why = egressDestinationProblem(rule.cidr, context.environment);
            if (why) {
                problems.push(problemAt(yaml, [...path, "cidr"], `egress to ${rule.cidr} ${why.problem}`, why.hint));
            }
        } else if (rule.team !== undefined && (teams.has(rule.team) || !context.tenantFileTeams.has(rule.team))) {
            checkEgressToTeam(yaml, path, data.team, rule, teams, problems);
        }
    });
    (data.network?.ingress ?? []).forEach((rule, i) => {
        const path: KeyPath = ["network", "ingress", i, "team"];
        if (rule.team === data.team) {
            problems.push(problemAt(yaml, path, "a team's own pods always reach each other", "remove this allowance"));
        } else if (!teams.has(rule.team) && !context.tenantFileTeams.has(rule.team)) {
            problems.push(
                problemAt(
                    yaml,
                    path,
                    `no tenant file declares team "${rule.team}"`,
                    didYouMean(rule.team, [...teams.keys()], "name a team from tenants/"),
                ),
            );
        }
    });
}

/**
 * The widest network one egress rule may name: an IPv4 /16 (65,536 addresses) or an IPv6 /48 (a site).
 * A rule names the service a team calls; wider, a NetworkPolicy `ipBlock` stops being a destination
 * and becomes a hole in the firewall (66 rules of /2 to /8 cover most of IPv4). Several services are
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
    if (parsed.cidr.prefix < widest) {
        return {
            problem: `is wider than a /${widest}, the widest network one rule may name`,
            hint: `name the networks the team calls, each at most a /${widest}`,
        };
    }
    const special = FORBIDDEN_EGRESS.find((f) => overlaps(parsed.cidr, f.cidr));
    if (special) {
        return { problem: `would include ${special.why}`, hint: narrower };
    }
    const own = clusterRanges(environment).find((r) => {
        const range = parseCidr(r.cidr);
        return "cidr" in range && overlaps(parsed.cidr, range.cidr);
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

function checkEgressToTeam(
    yaml: TenantFile["yaml"],
    path: KeyPath,
    team: string,
    rule: EgressRule,
    teams: ReadonlyMap<string, TenantFile>,
    problems: Problem[],
): void {
    const target = rule.team as string;
    const other = teams.get(target);
    if (target === team) {
        problems.push(problemAt(yaml, [...path, "team"], "a team's own pods always reach each other", "remove this allowance"));
        return;
    }
    if (!other) {
        problems.push(
            problemAt(
                yaml,
                [...path, "team"],
                `no tenant file declares team "${target}"`,
                didYouMean(target, [...teams.keys()], "name a team from tenants/"),
            ),
        );
        return;
    }
    const admitted = (other.data.network?.ingress ?? []).filter((r) => r.team === team).flatMap((r) => r.ports);
    const missing = rule.ports.filter((p) => !admitted.some((a) => a.port === p.port && a.protocol === p.protocol));
    if (missing.length > 0) {
        const ports = missing.map((p) => `${p.port}/${p.protocol}`).join(", ");
        problems.push(
            problemAt(
                yaml,
                [...path, "team"],
                `team "${target}" does not admit "${team}" on ${ports}`,
                `${other.yaml.file} must list {team: ${team}, ports: [...]} under network.ingress; each team decides who may reach it`,
            ),
        );
    }
}

/**
 * A domain belongs to one team: every claim that overlaps another team's is reported, in both files, so
 * neither team wins by its file's name. (Whether the team may serve it at all is its allowance's say.)
 */
export function checkIngressDomains(files: readonly TenantFile[], problems: Problem[]): void {
    const claims = files.flatMap(({ yaml, data }) =>
        (data.exposure?.ingressDomains ?? []).map((domain, i) => ({
            yaml,
            team: data.team,
            domain,
            path: ["exposure", "ingressDomains", i],
        })),
    );
    for (const claim of claims) {
        const clash = claims.find((c) => c.team !== claim.team && (covers(c.domain, claim.domain) || covers(claim.domain, c.domain)));
        if (clash) {
            problems.push(
                problemAt(
                    claim.yaml,
                    claim.path,
                    `"${claim.domain}" overlaps "${clash.domain}" of team "${clash.team}"`,
                    "each team serves its own domains; agree which team holds it",
                ),
            );
        }
    }
}
