import { githubEnvironmentSubject } from "../azure/names";
import { MONITORING_NAMESPACE } from "../base/constants";
import { LAYOUT } from "../base/layout";
import { locate } from "../base/problems";
import { layer, PLATFORM_LIMITS, PLATFORM_QUOTA } from "../config/tenancy";
import type { TenantFile } from "../config/tenantFiles";
import type { TeamAllowance } from "../model/allowances";
import type { EnvironmentSpec } from "../model/environment";
import type { CiIdentitySpec, EgressAllowance, IngressAllowance, PodSecuritySpec, PortSpec, TeamSpec } from "../model/stackModel";
import { allowedPodSecurity, weaker } from "./allowances";

/** The tenants that run in this environment, each with everything that isolates it resolved. */
export function resolveTenants(
    running: readonly TenantFile[],
    environment: EnvironmentSpec,
    allowances: ReadonlyMap<string, TeamAllowance>,
): TeamSpec[] {
    const namespaceOf = namespacesOf(running, environment);
    return running.map((file) => toTenantSpec(file, environment, namespaceOf, allowanceOf(allowances, file.data.team)));
}

/** Each running team's namespace: the one its file names, or the environment's convention's. */
export function namespacesOf(running: readonly TenantFile[], environment: EnvironmentSpec): Map<string, string> {
    return new Map(running.map((t) => [t.data.team, namespaceFor(t, environment)]));
}

function namespaceFor({ data }: TenantFile, environment: EnvironmentSpec): string {
    return data.namespace ?? (environment.namespaceConvention === "team-env" ? `${data.team}-${environment.name}` : data.team);
}

/** The team's allowance here; a team without one is allowed nothing beyond the defaults. */
function allowanceOf(allowances: ReadonlyMap<string, TeamAllowance>, team: string): TeamAllowance {
    return allowances.get(team) ?? { team, file: LAYOUT.allowancesFile(team), entries: [] };
}

function toTenantSpec(
    file: TenantFile,
    environment: EnvironmentSpec,
    namespaceOf: ReadonlyMap<string, string>,
    allowance: TeamAllowance,
): TeamSpec {
    const { data } = file;
    const ports = (list: readonly PortSpec[]) => list.map((p) => ({ port: p.port, protocol: p.protocol }));
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
        podSecurity: podSecurityOf(file, environment, allowance),
        quota: layer(PLATFORM_QUOTA, environment.tenancy.quota, data.quota),
        limits: layer(PLATFORM_LIMITS, environment.tenancy.limits, data.limits),
        egress,
        ingressFrom,
        ingressNamespace: environment.tenancy.ingressNamespace,
        monitoringNamespace: environment.monitoring.enabled ? MONITORING_NAMESPACE : undefined,
        metricsPorts: metricsPortsOf(file, environment),
        exposure: { serviceTypes: data.exposure?.serviceTypes ?? [], ingressDomains: data.exposure?.ingressDomains ?? [] },
        ci: ciOf(file, environment),
        admissionExceptions: [...new Set(allowance.entries.flatMap((e) => e.admission ?? []))].sort(),
        chartPublishers: [...new Set(allowance.entries.flatMap((e) => e.chartPublishers ?? []))].sort(),
    };
}

/** The metrics ports of the team's apps that run in the environment. */
function metricsPortsOf({ data }: TenantFile, environment: EnvironmentSpec): string[] {
    const apps = Object.values(data.apps ?? {}).filter((app) => app.versions[environment.name] !== undefined);
    return [...new Set(apps.flatMap((app) => (app.metrics ? [app.metrics.port] : [])))].sort();
}

/**
 * The namespace's Pod Security levels: the environment's, or the weaker level the team asks for when its
 * allowance allows that level (a request beyond the allowance is a configuration problem, reported
 * where it is written, and leaves the environment's level).
 */
function podSecurityOf({ yaml, data }: TenantFile, environment: EnvironmentSpec, allowance: TeamAllowance): PodSecuritySpec {
    const base = environment.podSecurity;
    const asked =
        data.podSecurity && weaker(data.podSecurity.enforce, base.enforce)
            ? { enforce: data.podSecurity.enforce, reason: data.podSecurity.reason, at: locate(yaml, ["podSecurity", "enforce"]) }
            : undefined;
    const weakest = allowedPodSecurity(allowance);
    if (asked && weakest !== undefined && !weaker(asked.enforce, weakest)) {
        return { ...base, enforce: asked.enforce, requested: asked, exceptionReason: asked.reason };
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
