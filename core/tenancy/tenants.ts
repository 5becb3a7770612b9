import { githubEnvironmentSubject } from "../azure/names";
import { MONITORING_NAMESPACE } from "../base/constants";
import { locate, type Problem, problemAt } from "../base/problems";
import { layer, PLATFORM_LIMITS, PLATFORM_QUOTA } from "../config/tenancy";
import type { TenantFile } from "../config/tenantFiles";
import type { EnvironmentSpec } from "../model/environment";
import { POD_SECURITY_LEVELS, type PodSecurityLevel } from "../model/environment";
import type { CiIdentitySpec, EgressAllowance, IngressAllowance, PodSecuritySpec, TenantSpec } from "../model/platform";

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
            subject: githubEnvironmentSubject(deployer.github.repository, githubEnvironment),
        };
    }
    return deployer?.objectId ? { kind: "objectId", objectId: deployer.objectId } : undefined;
}
