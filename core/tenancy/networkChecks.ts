import type { KeyPath } from "../base/keyPath";
import { didYouMean, type Problem, problemAt } from "../base/problems";
import { FORBIDDEN_EGRESS, overlaps, parseCidr } from "../config/cidr";
import type { EgressRule } from "../config/tenancy";
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
    const clusterRanges = context.environment.clusters.flatMap((c) => [
        { cidr: c.network.podCidr, why: `the pod range of cluster ${c.name}` },
        { cidr: c.network.serviceCidr, why: `the Service range of cluster ${c.name}` },
    ]);
    (data.network?.egress ?? []).forEach((rule, i) => {
        const path: KeyPath = ["network", "egress", i];
        if ((rule.cidr === undefined) === (rule.team === undefined)) {
            problems.push(problemAt(yaml, path, "an egress allowance needs exactly one destination", "set either cidr or team"));
        } else if (rule.cidr !== undefined) {
            const why = forbiddenDestination(rule.cidr, clusterRanges);
            if (why) {
                problems.push(
                    problemAt(
                        yaml,
                        [...path, "cidr"],
                        `egress to ${rule.cidr} would include ${why}`,
                        "allow only the networks the team really calls, such as 198.51.100.0/24",
                    ),
                );
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

/** Why egress to `text` is refused, or undefined. The schema has already checked it is a CIDR. */
function forbiddenDestination(text: string, clusterRanges: readonly { cidr: string; why: string }[]): string | undefined {
    const parsed = parseCidr(text);
    if (!("cidr" in parsed)) {
        return undefined;
    }
    if (parsed.cidr.prefix === 0) {
        return "every address (a rule for the whole internet)";
    }
    const special = FORBIDDEN_EGRESS.find((f) => overlaps(parsed.cidr, f.cidr));
    if (special) {
        return special.why;
    }
    const own = clusterRanges.find((r) => {
        const range = parseCidr(r.cidr);
        return "cidr" in range && overlaps(parsed.cidr, range.cidr);
    });
    return own ? `${own.why} (${own.cidr}); pods of other teams are reached by team, not by address` : undefined;
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

const covers = (domain: string, other: string) => domain === other || other.endsWith(`.${domain}`);

/**
 * A domain belongs to one team: every claim that overlaps another team's is reported, in both files, so
 * neither team wins by its file's name. When the stack lists parent domains, every team domain is under one.
 */
export function checkIngressDomains(files: readonly TenantFile[], environment: EnvironmentSpec, problems: Problem[]): void {
    const parents = environment.tenancy.ingressDomains;
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
        } else if (parents && !parents.some((p) => covers(p, claim.domain))) {
            problems.push(
                problemAt(
                    claim.yaml,
                    claim.path,
                    `"${claim.domain}" is not under a domain ${environment.name} gives to teams (${parents.join(", ")})`,
                    `use a subdomain of ${parents[0] ?? "a platform domain"}`,
                ),
            );
        }
    }
}
