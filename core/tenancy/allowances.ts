import type { KeyPath } from "../base/keyPath";
import { LAYOUT } from "../base/layout";
import { type Problem, problemAt } from "../base/problems";
import type { AllowancesFile } from "../config/allowanceFiles";
import { parseCidr } from "../config/cidr";
import { covers, layer, PLATFORM_LIMITS, PLATFORM_QUOTA, quantityValue } from "../config/tenancy";
import type { TenantFile } from "../config/tenantFiles";
import type { TeamAllowance } from "../model/allowances";
import { type EnvironmentSpec, POD_SECURITY_LEVELS, type PodSecurityLevel } from "../model/environment";
import { egressDestinationProblem } from "./networkChecks";
import { reservedNamespace } from "./reserved";

/** Who approves allowances, as a hint names them. */
const APPROVERS = `the platform team (owners of ${LAYOUT.allowancesDir}/)`;

/** The fix of a request beyond the allowance: the allowance to ask for, where, and who approves it. */
export function askFor(allowance: TeamAllowance, environment: string, grant: string): string {
    return `ask ${APPROVERS} to allow ${grant} in ${allowance.file} (for ${environment}, with reason, approvedBy and expires), or ask for less`;
}

const weaker = (a: PodSecurityLevel, b: PodSecurityLevel) => POD_SECURITY_LEVELS.indexOf(a) < POD_SECURITY_LEVELS.indexOf(b);

/** The weakest Pod Security level the team's allowance lets it ask for, if any entry allows one. */
export function allowedPodSecurity(allowance: TeamAllowance): PodSecurityLevel | undefined {
    return allowance.entries
        .flatMap((e) => (e.podSecurity ? [e.podSecurity] : []))
        .reduce<PodSecurityLevel | undefined>(
            (weakest, level) => (weakest === undefined || weaker(level, weakest) ? level : weakest),
            undefined,
        );
}

/**
 * Everything a tenant file asks for that widens the team's reach, against what its allowance allows in
 * this environment: service types, quota and limit defaults above the environment's, Ingress domains,
 * egress networks, a weaker Pod Security level, promotion exemptions and the CI identity (a namespace
 * of its own is judged with the other namespace rules, in tenants.ts). More than allowed is a problem at the request, whose fix names the allowance to ask for.
 */
export function checkRequests(tenant: TenantFile, allowance: TeamAllowance, environment: EnvironmentSpec): Problem[] {
    const problems: Problem[] = [];
    const refuse = (path: KeyPath, message: string, grant: string) =>
        problems.push(problemAt(tenant.yaml, path, message, askFor(allowance, environment.name, grant)));
    const env = environment.name;
    const { data } = tenant;
    const allowed = <T>(pick: (e: TeamAllowance["entries"][number]) => readonly T[] | undefined): T[] =>
        allowance.entries.flatMap((e) => pick(e) ?? []);

    const types = allowed((e) => e.serviceTypes);
    (data.exposure?.serviceTypes ?? []).forEach((type, i) => {
        if (!types.includes(type)) {
            refuse(
                ["exposure", "serviceTypes", i],
                `Service type ${type} is not allowed for team ${data.team} in ${env}`,
                `serviceTypes: [${type}]`,
            );
        }
    });
    const domains = allowed((e) => e.ingressDomains);
    (data.exposure?.ingressDomains ?? []).forEach((domain, i) => {
        if (!domains.some((d) => covers(d, domain))) {
            refuse(
                ["exposure", "ingressDomains", i],
                `Ingress domain "${domain}" is not allowed for team ${data.team} in ${env}`,
                `ingressDomains: [${domain}]`,
            );
        }
    });
    const networks = allowed((e) => e.egress);
    (data.network?.egress ?? []).forEach((rule, i) => {
        // A destination refused whoever allows it is reported as that alone (network checks), not as "not allowed".
        const refusedAnyway = rule.cidr !== undefined && egressDestinationProblem(rule.cidr, environment) !== undefined;
        if (rule.cidr !== undefined && !refusedAnyway && !networks.some((n) => contains(n, rule.cidr as string))) {
            refuse(
                ["network", "egress", i, "cidr"],
                `egress to ${rule.cidr} is not allowed for team ${data.team} in ${env}`,
                `egress: [${rule.cidr}]`,
            );
        }
    });
    problems.push(...checkQuantities(tenant, allowance, environment));
    const asked = data.podSecurity?.enforce;
    const weakest = allowedPodSecurity(allowance);
    if (asked && weaker(asked, environment.podSecurity.enforce) && (weakest === undefined || weaker(asked, weakest))) {
        refuse(
            ["podSecurity", "enforce"],
            `Pod Security level ${asked} is weaker than ${env} enforces (${environment.podSecurity.enforce}) and not allowed for team ${data.team}`,
            `podSecurity: ${asked}`,
        );
    }
    const exempt = allowed((e) => e.promotionExemptions);
    for (const [app, spec] of Object.entries(data.apps)) {
        if (
            spec.promotionExemption !== undefined &&
            spec.versions[env] !== undefined &&
            environment.promotionFrom &&
            !exempt.includes(app)
        ) {
            refuse(
                ["apps", app, "promotionExemption"],
                `app ${app} may not skip the promotion gate in ${env}`,
                `promotionExemptions: [${app}]`,
            );
        }
    }
    checkDeployer(tenant, allowance, environment, refuse);
    return problems;
}

type Refuse = (path: KeyPath, message: string, grant: string) => void;

function checkDeployer(tenant: TenantFile, allowance: TeamAllowance, environment: EnvironmentSpec, refuse: Refuse): void {
    const { data } = tenant;
    const repository = data.deployer?.github?.repository;
    if (repository !== undefined && !allowance.entries.some((e) => e.deployers?.github?.includes(repository))) {
        refuse(
            ["deployer", "github", "repository"],
            `CI from ${repository} is not allowed to deploy team ${data.team} in ${environment.name}`,
            `deployers: {github: [${repository}]}`,
        );
    }
    const objectId = data.deployer?.objectId;
    if (objectId !== undefined && !allowance.entries.some((e) => e.deployers?.objectIds?.includes(objectId))) {
        refuse(
            ["deployer", "objectId"],
            `the Entra identity ${objectId} is not allowed to deploy team ${data.team} in ${environment.name}`,
            `deployers: {objectIds: [${objectId}]}`,
        );
    }
}

/** Quota and LimitRange defaults above the ceiling: the environment's own, or the allowance's where higher. */
function checkQuantities(tenant: TenantFile, allowance: TeamAllowance, environment: EnvironmentSpec): Problem[] {
    const problems: Problem[] = [];
    const env = environment.name;
    const { data } = tenant;
    const check = (path: KeyPath, asked: string, base: string | undefined, granted: (string | undefined)[], grant: string) => {
        const ceilings = [base, ...granted].filter((q): q is string => q !== undefined);
        const ceiling = ceilings.reduce((a, b) => (quantityValue(b) > quantityValue(a) ? b : a), ceilings[0] ?? "0");
        if (quantityValue(asked) > quantityValue(ceiling)) {
            problems.push(
                problemAt(
                    tenant.yaml,
                    path,
                    `"${asked}" is above team ${data.team}'s ceiling of "${ceiling}" in ${env}`,
                    askFor(allowance, env, grant),
                ),
            );
        }
    };
    const quota = layer(PLATFORM_QUOTA, environment.tenancy.quota, {});
    for (const [key, asked] of Object.entries(data.quota ?? {})) {
        if (asked !== undefined) {
            const granted = allowance.entries.map((e) => e.quota?.[key]);
            check(["quota", key], asked, quota[key], granted, `quota: {${key}: "${asked}"}`);
        }
    }
    const limits = layer(PLATFORM_LIMITS, environment.tenancy.limits, {});
    for (const section of ["defaultRequest", "default"] as const) {
        for (const resource of ["cpu", "memory"] as const) {
            const asked = data.limits?.[section]?.[resource];
            if (asked !== undefined) {
                const granted = allowance.entries.map((e) => e.limits?.[section]?.[resource]);
                const grant = `limits: {${section}: {${resource}: "${asked}"}}`;
                check(["limits", section, resource], asked, limits[section][resource], granted, grant);
            }
        }
    }
    return problems;
}

/** Whether network `outer` contains network `inner` (both valid CIDRs of the same family). */
export function contains(outer: string, inner: string): boolean {
    const [a, b] = [parseCidr(outer), parseCidr(inner)];
    if (!("cidr" in a) || !("cidr" in b) || a.cidr.address.kind() !== b.cidr.address.kind()) {
        return false;
    }
    return b.cidr.prefix >= a.cidr.prefix && b.cidr.address.match(a.cidr.address, a.cidr.prefix);
}

/** What checking allowance files needs to know of the platform. */
export interface AllowanceFilesContext {
    readonly environment: EnvironmentSpec;
    readonly knownEnvironments: readonly string[];
    /** Teams with a tenant file, broken or refused ones included. */
    readonly tenantFileTeams: ReadonlySet<string>;
    /** Valid tenant files, by team. */
    readonly tenants: ReadonlyMap<string, TenantFile>;
}

/**
 * Allowance files on their own: for a team that has a tenant file, in known environments, and in this
 * environment only what the platform could allow at all (no egress the platform refuses anyway, domains
 * under the environment's own, no reserved namespace, exemptions of apps the team has, charts of teams
 * that exist).
 */
export function checkAllowanceFiles(files: readonly AllowancesFile[], context: AllowanceFilesContext): Problem[] {
    const problems: Problem[] = [];
    const { environment } = context;
    for (const { yaml, data } of files) {
        const at = (path: KeyPath, message: string, hint: string) => problems.push(problemAt(yaml, path, message, hint));
        if (!context.tenantFileTeams.has(data.team)) {
            at(["team"], `no tenant file declares team "${data.team}"`, `add tenants/${data.team}.yaml, or remove ${yaml.file}`);
            continue;
        }
        data.allowances.forEach((entry, i) => {
            const path: KeyPath = ["allowances", i];
            (entry.environments ?? []).forEach((env, j) => {
                if (!context.knownEnvironments.includes(env)) {
                    at(
                        [...path, "environments", j],
                        `unknown environment "${env}"`,
                        `environments are: ${context.knownEnvironments.join(", ")}`,
                    );
                }
            });
            if (entry.environments && !entry.environments.includes(environment.name)) {
                return;
            }
            checkEntry(entry, [...path], context, context.tenants.get(data.team), at);
        });
    }
    return problems;
}

type At = (path: KeyPath, message: string, hint: string) => void;

function checkEntry(
    entry: AllowancesFile["data"]["allowances"][number],
    path: KeyPath,
    context: AllowanceFilesContext,
    tenant: TenantFile | undefined,
    at: At,
): void {
    const { environment } = context;
    (entry.egress ?? []).forEach((cidr, j) => {
        const why = egressDestinationProblem(cidr, environment);
        if (why) {
            at([...path, "egress", j], `egress to ${cidr} ${why.problem}`, why.hint);
        }
    });
    const parents = environment.tenancy.ingressDomains;
    (entry.ingressDomains ?? []).forEach((domain, j) => {
        if (parents && !parents.some((p) => covers(p, domain))) {
            at(
                [...path, "ingressDomains", j],
                `"${domain}" is not under a domain ${environment.name} gives to teams (${parents.join(", ")})`,
                `allow a subdomain of ${parents[0]}, or add its parent to helm-platform:tenancy.ingressDomains`,
            );
        }
    });
    const reserved = entry.namespace === undefined ? undefined : reservedNamespace(entry.namespace, environment);
    if (reserved) {
        at(
            [...path, "namespace"],
            `namespace "${entry.namespace}" is reserved for the platform: ${reserved}`,
            "allow a namespace named after the team",
        );
    }
    (entry.promotionExemptions ?? []).forEach((app, j) => {
        if (tenant && !(app in tenant.data.apps)) {
            at(
                [...path, "promotionExemptions", j],
                `team ${tenant.data.team} has no app "${app}"`,
                `apps are: ${Object.keys(tenant.data.apps).join(", ")}`,
            );
        }
    });
    (entry.charts ?? []).forEach((chart, j) => {
        const owner = chart.split("/")[0];
        if (!context.tenantFileTeams.has(owner)) {
            at(
                [...path, "charts", j],
                `no tenant file declares team "${owner}", whose chart this would be`,
                "name a chart as <team>/<chart> of a team in tenants/",
            );
        }
    });
}
