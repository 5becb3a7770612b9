import { PLATFORM_SECRET_OWNER, setSecretCommand } from "../base/constants";
import type { KeyPath } from "../base/keyPath";
import { LAYOUT } from "../base/layout";
import { closest, didYouMean, type Location, type Problem, problemAt, throwIfProblems } from "../base/problems";
import type { SourceTree } from "../base/sourceTree";
import { allowanceIn, readAllowanceFiles } from "../config/allowanceFiles";
import { readTenantFiles, type TenantFile } from "../config/tenantFiles";
import type { TeamAllowance } from "../model/allowances";
import type { EnvironmentSpec } from "../model/environment";
import type { TeamAlerts } from "../model/monitoring";
import type { PlatformModel, ReleaseSpec, TenantSpec } from "../model/platform";
import type { StackSpec } from "../model/stack";
import { loadMonitoring } from "../monitoring/model";
import { checkNeeds } from "../releases/needs";
import { pinToLock } from "../releases/pinning";
import { checkNeedsDeployed, checkReleaseNames, releasesOf } from "../releases/releases";
import { checkAllowanceFiles, checkRequests } from "../tenancy/allowances";
import { checkForeignCharts } from "../tenancy/chartAllowances";
import { checkTenants } from "../tenancy/tenantChecks";
import { resolveTenants } from "../tenancy/tenants";
import { appliesTo, ValuesReader } from "../values/hierarchy";
import { ValuesSchemaChecker } from "../values/schema";
import { ownedSecret } from "../values/secrets";
import { checkShards, teamsOfStack } from "./shards";

export interface LoadPlatformInput {
    readonly tree: SourceTree;
    readonly environment: EnvironmentSpec;
    /** Every environment of the platform (one per stack file), to catch references to unknown ones. */
    readonly knownEnvironments: readonly string[];
    /** Where a stack setting is written (`["secrets", "fintech"]`), for problems about it. */
    readonly locateSetting: (path: KeyPath) => Location;
    /** The day of the load, `YYYY-MM-DD` (UTC): allowances are judged against it. */
    readonly today: string;
    /** The stack loaded: the whole environment, its foundation (no teams) or one shard (its teams). */
    readonly stack: StackSpec;
    /** `ignore`: releases are not pinned to `charts.lock.yaml` and its absence is no problem (what `npm run lock` loads with). @default "check" */
    readonly lock?: "check" | "ignore";
}

/**
 * Reads every tenant file and values file, checks them against each other and against the
 * environment, and merges each release's values. Throws one {@link ConfigError} listing every problem.
 */
export function loadPlatform(input: LoadPlatformInput): PlatformModel {
    const { tree, environment } = input;
    const problems: Problem[] = [];
    const { tenants, tenantFileTeams, unreadable, running, here } = readTeams(input, problems);
    const allowanceFiles = readAllowanceFiles(tree, problems);
    const byTeam = new Map(tenants.map((t) => [t.data.team, t]));
    problems.push(...checkAllowanceFiles(allowanceFiles, { ...input, tenantFileTeams, tenants: byTeam }));
    const allowances = new Map(running.map((t) => [t.data.team, allowanceIn(allowanceFiles, t.data.team, environment.name)]));
    for (const t of running) {
        const allowance = allowances.get(t.data.team) as TeamAllowance;
        problems.push(...checkRequests(t, allowance, environment), ...checkForeignCharts(t, allowance, environment.name));
    }
    const allSpecs = resolveTenants(running, environment, allowances, problems);
    const tenantSpecs = allSpecs.filter((s) => here.has(s.team));
    const stackTenants = running.filter((t) => here.has(t.data.team));
    const reader = new ValuesReader(tree, problems, environment.secrets);
    const context = { tree, environment, knownEnvironments: input.knownEnvironments, reader };
    const releases = stackTenants.flatMap((t, i) => releasesOf(t, tenantSpecs[i], context, problems));
    checkReleaseNames(releases, stackTenants, problems);
    problems.push(
        ...checkNeeds(
            tenants.map((t) => ({
                team: t.data.team,
                file: t.yaml.file,
                lineOf: t.yaml.lineOf,
                needs: Object.fromEntries(Object.entries(t.data.apps).map(([app, a]) => [app, a.needs])),
            })),
            unreadable,
        ),
    );
    const declared = new Set(tenants.flatMap((t) => Object.keys(t.data.apps).map((app) => `${t.data.team}-${app}`)));
    checkNeedsDeployed(releases, stackTenants, declared, problems);
    const checked = checkedAgainstCharts(releases, tree, reader, problems);
    const alerts = environment.monitoring.enabled ? teamAlerts(stackTenants, tenantSpecs, environment, problems) : [];
    const monitoring = environment.monitoring.enabled ? loadMonitoring(tree, environment, reader, problems) : undefined;
    // Teams that run elsewhere (another environment, another shard) have their secrets there; a team whose
    // file is broken may run here, unless the environment places it in another shard.
    const elsewhere = new Set([
        ...tenants.filter((t) => !here.has(t.data.team)).map((t) => t.data.team),
        ...Object.values(environment.shards)
            .flat()
            .filter((team) => !here.has(team)),
    ]);
    reader.readTheRest((file) => appliesTo(file, environment.name) && !elsewhere.has(file.split("/")[1]));
    checkTeamFolders(tree, tenantFileTeams, problems);
    // The monitoring charts are the foundation's (or the single stack's); a shard installs none.
    const platformReleases = input.stack.kind === "shard" ? [] : (monitoring?.releases ?? []);
    const unpinned = { releases: checked, platformReleases };
    // Bootstrapping, nothing installs a chart: the lock need not hold them yet (they are published after).
    const pinned =
        input.lock === "ignore" || environment.bootstrap
            ? unpinned
            : pinToLock({ tree, environment, ...unpinned, tenants: stackTenants }, problems);
    throwIfProblems(problems);
    const withAlerts = tenantSpecs.map((t) => {
        const a = alerts.find((x) => x.team === t.team);
        return a ? { ...t, alerts: a } : t;
    });
    // Bootstrapping, every file was checked above, and the first up deploys no team and no chart.
    const bootstrap = environment.bootstrap;
    return {
        stack: input.stack,
        environment,
        tenants: bootstrap ? [] : withAlerts,
        releases: bootstrap ? [] : pinned.releases,
        monitoring: monitoring && { ...monitoring, releases: bootstrap ? [] : pinned.platformReleases },
        allowances: bootstrap ? [] : [...allowances.values()].filter((a) => here.has(a.team)),
        today: input.today,
    };
}

/**
 * Every tenant file, checked on its own and against the stack's settings: the teams that run in the
 * environment, those of this stack, and the teams whose file is there but could not be read.
 */
function readTeams(input: LoadPlatformInput, problems: Problem[]) {
    const { tree, environment } = input;
    const tenants = readTenantFiles(tree, problems);
    // A refused tenant file still names its team: references to it are not reported a second time.
    const refusedTenantFiles = tree.refused().flatMap((r) => (r.path.startsWith(`${LAYOUT.tenantsDir}/`) ? [r.path.split("/")[1]] : []));
    const tenantFileTeams = new Set(
        [...tree.list(LAYOUT.tenantsDir), ...refusedTenantFiles].filter((n) => n.endsWith(".yaml")).map((n) => n.slice(0, -".yaml".length)),
    );
    checkTenants(tenants, { ...input, tenantFileTeams }, problems);
    // Teams whose file exists but could not be read: their file's problems are the report, so what
    // names them elsewhere (a secret owner, a need, a shard) is not reported as a second problem.
    const unreadable = new Set([...tenantFileTeams].filter((team) => !tenants.some((t) => t.data.team === team)));
    checkStackReferencesToTeams(tenants, input, unreadable, problems);
    const running = tenants.filter((t) => t.data.environments.includes(environment.name));
    problems.push(...checkShards(tenants, running, input, tenantFileTeams));
    const here = teamsOfStack(input.stack, environment, running);
    return { tenants, tenantFileTeams, unreadable, running, here };
}

/** Releases checked against their chart's schema, with the values keys their chart knows nowhere. */
function checkedAgainstCharts(
    releases: readonly ReleaseSpec[],
    tree: SourceTree,
    reader: ValuesReader,
    problems: Problem[],
): ReleaseSpec[] {
    const schemas = new ValuesSchemaChecker(tree, problems, (file, path) => reader.lineOf(file, path));
    return releases.map((r) => {
        schemas.check(r);
        const unknown = schemas.unknownKeys(r);
        return unknown.length > 0 ? { ...r, unknownKeys: unknown } : r;
    });
}

/** A folder under `tenants/` holds the values of the team whose file has its name, or of nobody. */
function checkTeamFolders(tree: SourceTree, teams: ReadonlySet<string>, problems: Problem[]): void {
    for (const name of tree.list(LAYOUT.tenantsDir).filter((n) => tree.isDirectory(`${LAYOUT.tenantsDir}/${n}`))) {
        if (!teams.has(name)) {
            const suggestion = closest(name, [...teams]);
            problems.push({
                file: `${LAYOUT.tenantsDir}/${name}`,
                path: "",
                message: "is a values folder of no team: nothing reads it",
                hint: suggestion ? `did you mean tenants/${suggestion}/?` : `add tenants/${name}.yaml, or remove the folder`,
            });
        }
    }
}

/** Stack settings that name teams (secret owners) must name teams that run here. */
function checkStackReferencesToTeams(
    tenants: readonly TenantFile[],
    input: LoadPlatformInput,
    unreadable: ReadonlySet<string>,
    problems: Problem[],
): void {
    const { environment } = input;
    const running = tenants.filter((t) => t.data.environments.includes(environment.name)).map((t) => t.data.team);
    const check = (team: string, path: KeyPath, what: string) => {
        if (running.includes(team) || unreadable.has(team)) {
            return;
        }
        const declared = tenants.some((t) => t.data.team === team);
        const message = declared
            ? `team "${team}" does not run in ${environment.name}, so ${what} is never used`
            : `no tenant file declares team "${team}"`;
        problems.push({
            ...input.locateSetting(path),
            message,
            hint: didYouMean(team, running, `remove it; teams in ${environment.name}: ${running.join(", ") || "none"}`),
        });
    };
    for (const owner of Object.keys(environment.secrets).filter((o) => o !== PLATFORM_SECRET_OWNER)) {
        check(owner, ["secrets", owner], "its secrets are");
    }
}

/** Each team's alert channel, with the webhook it posts through (its own secret, or the platform's). */
function teamAlerts(
    tenants: readonly TenantFile[],
    specs: readonly TenantSpec[],
    environment: EnvironmentSpec,
    problems: Problem[],
): TeamAlerts[] {
    const platformWebhook = environment.monitoring.slack?.webhookSecret;
    return tenants.flatMap(({ yaml, data }, i) => {
        if (!data.alerts) {
            return [];
        }
        const own = data.alerts.webhookSecret;
        const path = ["alerts", own ? "webhookSecret" : "slackChannel"];
        if (own === undefined && platformWebhook === undefined) {
            problems.push(
                problemAt(
                    yaml,
                    path,
                    `${environment.name} has no Slack webhook for this channel`,
                    "set alerts.webhookSecret, or helm-platform:monitoring.slack in the stack",
                ),
            );
            return [];
        }
        if (own !== undefined && !(environment.secrets[data.team] ?? []).includes(own)) {
            problems.push(
                problemAt(
                    yaml,
                    path,
                    `secret "${own}" is not configured for team ${data.team} in ${environment.name}`,
                    setSecretCommand(data.team, own, "<url>"),
                ),
            );
            return [];
        }
        const webhookSecret = own !== undefined ? ownedSecret(data.team, own) : undefined;
        return [{ team: data.team, namespace: specs[i].namespace, slackChannel: data.alerts.slackChannel, webhookSecret }];
    });
}
