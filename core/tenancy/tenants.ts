import { MONITORING_NAMESPACE, PLATFORM_SECRET_OWNER } from "../base/constants";
import type { KeyPath } from "../base/keyPath";
import { closest, locate, type Problem, problemAt } from "../base/problems";
import { FORBIDDEN_EGRESS, overlaps, parseCidr } from "../config/cidr";
import { type EgressRule, layer, PLATFORM_LIMITS, PLATFORM_QUOTA } from "../config/tenancy";
import type { TenantFile } from "../config/tenantFiles";
import type { EnvironmentSpec } from "../model/environment";
import { POD_SECURITY_LEVELS, type PodSecurityLevel } from "../model/environment";
import type { CiIdentitySpec, EgressAllowance, IngressAllowance, PodSecuritySpec, TenantSpec } from "../model/platform";

/** What the tenant checks need to know of the platform beyond the tenant files. */
export interface TenantContext {
    readonly environment: EnvironmentSpec;
    /** Every environment of the platform (one per stack file). */
    readonly knownEnvironments: readonly string[];
    /**
     * Teams with a tenant file, broken ones included: a reference to a team whose file does not parse is
     * that file's problem, reported there, not a second one here.
     */
    readonly tenantFileTeams: ReadonlySet<string>;
}

const didYouMean = (word: string, candidates: readonly string[], otherwise: string) => {
    const suggestion = closest(word, candidates);
    return suggestion ? `did you mean "${suggestion}"?` : otherwise;
};

/**
 * Checks every tenant file on its own and against the others, whatever environments it runs in:
 * duplicate teams, reserved team names, unknown environments and clusters, egress and ingress
 * allowances between teams, Ingress domains two teams claim, the CI identity.
 */
export function checkTenants(files: readonly TenantFile[], context: TenantContext, problems: Problem[]): void {
    const teams = new Map<string, TenantFile>();
    for (const file of files) {
        const other = teams.get(file.data.team);
        if (other) {
            problems.push(
                problemAt(
                    file.yaml,
                    ["team"],
                    `team "${file.data.team}" is already defined in ${other.yaml.file}`,
                    "every team has exactly one tenant file",
                ),
            );
        }
        teams.set(file.data.team, file);
    }
    for (const file of files) {
        checkTeamName(file, problems);
        checkEnvironments(file, context, problems);
        checkNetwork(file, teams, context, problems);
        checkDeployer(file, problems);
    }
    checkIngressDomains(files, context.environment, problems);
}

function checkTeamName({ yaml, data }: TenantFile, problems: Problem[]): void {
    const expected = yaml.file.replace(/^.*\//, "").replace(/\.yaml$/, "");
    if (data.team === PLATFORM_SECRET_OWNER) {
        problems.push(
            problemAt(
                yaml,
                ["team"],
                `"${PLATFORM_SECRET_OWNER}" is reserved: it owns the platform's own secrets`,
                "name the team after what it builds",
            ),
        );
    } else if (data.team !== expected) {
        problems.push(
            problemAt(
                yaml,
                ["team"],
                `team "${data.team}" is in ${yaml.file}, which is named for "${expected}"`,
                `rename the file to tenants/${data.team}.yaml or set team: ${expected}`,
            ),
        );
    }
}

function checkEnvironments({ yaml, data }: TenantFile, context: TenantContext, problems: Problem[]): void {
    const known = context.knownEnvironments;
    const unknown = (path: KeyPath, env: string) =>
        problems.push(
            problemAt(yaml, path, `unknown environment "${env}"`, didYouMean(env, known, `environments are: ${known.join(", ")}`)),
        );
    data.environments.forEach((env, i) => {
        if (!known.includes(env)) {
            unknown(["environments", i], env);
        }
    });
    for (const [app, spec] of Object.entries(data.apps)) {
        for (const env of Object.keys(spec.versions)) {
            if (!known.includes(env)) {
                unknown(["apps", app, "versions", env], env);
            } else if (!data.environments.includes(env)) {
                problems.push(
                    problemAt(
                        yaml,
                        ["apps", app, "versions", env],
                        `team "${data.team}" does not run in "${env}"`,
                        `add "${env}" to environments or remove this version`,
                    ),
                );
            }
        }
        for (const [env, clusters] of Object.entries(spec.clusters ?? {})) {
            if (!known.includes(env)) {
                unknown(["apps", app, "clusters", env], env);
            } else if (env === context.environment.name) {
                const names = context.environment.clusters.map((c) => c.name);
                clusters.forEach((cluster, i) => {
                    if (!names.includes(cluster)) {
                        const path = ["apps", app, "clusters", env, i];
                        problems.push(
                            problemAt(
                                yaml,
                                path,
                                `unknown cluster "${cluster}" in environment "${env}"`,
                                didYouMean(cluster, names, `clusters of ${env}: ${names.join(", ")}`),
                            ),
                        );
                    }
                });
            }
        }
    }
}

/**
 * Egress: exactly one destination; a network must be valid, must not include the node's own, link-local
 * or Azure host addresses, nor any cluster's pod or Service range; a team must exist and admit this one
 * on every port. Ingress: from a team that exists.
 */
function checkNetwork(
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

function checkDeployer({ yaml, data }: TenantFile, problems: Problem[]): void {
    const deployer = data.deployer;
    if (!deployer) {
        return;
    }
    if (deployer.serviceAccount !== undefined) {
        problems.push(
            problemAt(
                yaml,
                ["deployer", "serviceAccount"],
                "a CI ServiceAccount would need a long-lived token in a Secret",
                "use deployer.github: {repository: <owner>/<repo>} (GitHub OIDC, no stored secret) or deployer.objectId: <object ID of an Entra identity>",
            ),
        );
    } else if ((deployer.github === undefined) === (deployer.objectId === undefined)) {
        problems.push(
            problemAt(
                yaml,
                ["deployer"],
                "the CI identity needs exactly one of github or objectId",
                "set deployer.github.repository, or deployer.objectId",
            ),
        );
    }
}

const covers = (domain: string, other: string) => domain === other || other.endsWith(`.${domain}`);

/**
 * A domain belongs to one team: every claim that overlaps another team's is reported, in both files, so
 * neither team wins by its file's name. When the stack lists parent domains, every team domain is under one.
 */
function checkIngressDomains(files: readonly TenantFile[], environment: EnvironmentSpec, problems: Problem[]): void {
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

/** Names that belong to Kubernetes, AKS or the platform: no team may take them. */
const RESERVED_PATTERNS: readonly { test: (ns: string) => boolean; why: string }[] = [
    { test: (ns) => ns === "default", why: "Kubernetes' default namespace" },
    { test: (ns) => ns.startsWith("kube-"), why: "Kubernetes' own" },
    { test: (ns) => ns.endsWith("-system"), why: "a system namespace (gatekeeper-system, flux-system, ...)" },
    { test: (ns) => ns.startsWith("aks-") || ns.startsWith("azure-"), why: "AKS's own" },
    { test: (ns) => ns === MONITORING_NAMESPACE, why: "the platform's monitoring" },
];

/** Why the namespace is the platform's, or undefined when a team may have it. */
export function reservedNamespace(namespace: string, environment: EnvironmentSpec): string | undefined {
    if (namespace === environment.tenancy.ingressNamespace) {
        return "the ingress controller's namespace, which every tenant admits";
    }
    if (environment.tenancy.reservedNamespaces.includes(namespace)) {
        return "reserved by helm-platform:tenancy.reservedNamespaces";
    }
    return RESERVED_PATTERNS.find((p) => p.test(namespace))?.why;
}

/** The tenants that run in this environment, each with everything that isolates it resolved. */
export function resolveTenants(running: readonly TenantFile[], environment: EnvironmentSpec, problems: Problem[]): TenantSpec[] {
    const namespaceOf = new Map(running.map((t) => [t.data.team, namespaceFor(t, environment)]));
    const specs = running.map((file) => toTenantSpec(file, environment, namespaceOf));
    const owners = new Map<string, string>();
    specs.forEach((spec, i) => {
        const { yaml } = running[i];
        const path = yaml.lineOf(["namespace"]) !== undefined ? ["namespace"] : ["team"];
        const reserved = reservedNamespace(spec.namespace, environment);
        if (reserved) {
            problems.push(
                problemAt(
                    yaml,
                    path,
                    `namespace "${spec.namespace}" is reserved for the platform: ${reserved}`,
                    "choose a namespace named after the team",
                ),
            );
        }
        const other = owners.get(spec.namespace);
        if (other) {
            problems.push(
                problemAt(
                    yaml,
                    path,
                    `namespace "${spec.namespace}" is already claimed by team "${other}"`,
                    "each team gets its own namespace; set a different namespace",
                ),
            );
        }
        owners.set(spec.namespace, spec.team);
    });
    return specs;
}

function namespaceFor({ data }: TenantFile, environment: EnvironmentSpec): string {
    return data.namespace ?? (environment.namespaceConvention === "team-env" ? `${data.team}-${environment.name}` : data.team);
}

function toTenantSpec(file: TenantFile, environment: EnvironmentSpec, namespaceOf: ReadonlyMap<string, string>): TenantSpec {
    const { data } = file;
    const ports = (list: readonly { port: number; protocol: "TCP" | "UDP" }[]) => list.map((p) => ({ port: p.port, protocol: p.protocol }));
    const egress: EgressAllowance[] = (data.network?.egress ?? []).flatMap((rule): EgressAllowance[] => {
        if (rule.cidr !== undefined) {
            return [{ description: rule.description, cidr: rule.cidr, ports: ports(rule.ports) }];
        }
        // A team that does not run in this environment has no namespace here to reach.
        const namespace = rule.team === undefined ? undefined : namespaceOf.get(rule.team);
        return namespace ? [{ description: rule.description, team: rule.team as string, namespace, ports: ports(rule.ports) }] : [];
    });
    const ingressFrom: IngressAllowance[] = (data.network?.ingress ?? []).flatMap((rule) => {
        const namespace = namespaceOf.get(rule.team);
        return namespace ? [{ description: rule.description, team: rule.team, namespace, ports: ports(rule.ports) }] : [];
    });
    return {
        team: data.team,
        file: file.yaml.file,
        description: data.description,
        namespace: namespaceOf.get(data.team) as string,
        ownerGroupObjectIds: data.groups.owners,
        viewerGroupObjectIds: data.groups.viewers,
        podSecurity: podSecurityOf(file, environment),
        quota: layer(PLATFORM_QUOTA, environment.tenancy.quota, data.quota),
        limits: layer(PLATFORM_LIMITS, environment.tenancy.limits, data.limits),
        egress,
        ingressFrom,
        ingressNamespace: environment.tenancy.ingressNamespace,
        monitoringNamespace: environment.monitoring.enabled ? MONITORING_NAMESPACE : undefined,
        exposure: { serviceTypes: data.exposure?.serviceTypes ?? [], ingressDomains: data.exposure?.ingressDomains ?? [] },
        ci: ciOf(file, environment),
    };
}

const weaker = (a: PodSecurityLevel, b: PodSecurityLevel) => POD_SECURITY_LEVELS.indexOf(a) < POD_SECURITY_LEVELS.indexOf(b);

/**
 * The namespace's Pod Security levels. A team's request for a weaker level is granted as asked where
 * the profile lets teams decide; elsewhere only a stack waiver grants a level (the waiver's), and an
 * ungranted request keeps the environment's level and becomes a governance finding.
 */
function podSecurityOf({ yaml, data }: TenantFile, environment: EnvironmentSpec): PodSecuritySpec {
    const base = environment.podSecurity;
    const asked =
        data.podSecurity && weaker(data.podSecurity.enforce, base.enforce)
            ? { enforce: data.podSecurity.enforce, reason: data.podSecurity.reason, at: locate(yaml, ["podSecurity", "enforce"]) }
            : undefined;
    const waiver = environment.tenancy.podSecurityWaivers[data.team];
    if (waiver) {
        return { ...base, enforce: waiver.enforce, requested: asked, grantedBy: "waiver", exceptionReason: waiver.reason };
    }
    if (asked && environment.podSecurityExceptions === "team") {
        return { ...base, enforce: asked.enforce, requested: asked, grantedBy: "team", exceptionReason: asked.reason };
    }
    return { ...base, requested: asked };
}

function ciOf({ data }: TenantFile, environment: EnvironmentSpec): CiIdentitySpec | undefined {
    const deployer = data.deployer;
    if (deployer?.github) {
        const githubEnvironment = deployer.github.environment ?? environment.name;
        return {
            kind: "github",
            repository: deployer.github.repository,
            subject: `repo:${deployer.github.repository}:environment:${githubEnvironment}`,
        };
    }
    return deployer?.objectId ? { kind: "objectId", objectId: deployer.objectId } : undefined;
}
