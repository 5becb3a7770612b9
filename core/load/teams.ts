import type { KeyPath } from "../base/keyPath";
import { LAYOUT } from "../base/layout";
import type { Location, Problem } from "../base/problems";
import type { SourceTree } from "../base/sourceTree";
import { type Check, runChecks } from "../checks";
import { allowanceIn, namedForItsTeam, readAllowanceFiles } from "../config/allowanceFiles";
import { readTenantFiles, type TenantFile } from "../config/tenantFiles";
import type { EnvironmentSpec } from "../model/environment";
import type { StackSpec } from "../model/stack";
import type { StackModel } from "../model/stackModel";
import { loadMonitoring } from "../monitoring/model";
import { readChartLock } from "../releases/lock";
import { pinToLock, usableLock } from "../releases/pinning";
import { releasesOf } from "../releases/releases";
import { resolveTenants } from "../tenancy/tenants";
import { appliesTo, type ValuesFileRead, ValuesReader } from "../values/hierarchy";
import { readChartFiles, unknownKeysOf } from "../values/schema";
import { withAlertRouting } from "./alertRouting";
import { teamsOfStack } from "./shards";

export interface LoadTeamsInput {
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
    /** The checks to run. @default every check of the registry */
    readonly checks?: readonly Check[];
}

/**
 * Reads every tenant, allowances and values file, runs the checks of the teams, allowances, releases,
 * values files and lock stages on them, and merges each release's values: the model, or every problem.
 */
export function loadTeams(input: LoadTeamsInput): { model?: StackModel; problems: Problem[] } {
    const { tree, environment, checks } = input;
    const problems: Problem[] = [];
    const teams = readTeams(input, problems);
    const { tenants, tenantFileTeams, running, here } = teams;
    problems.push(...runChecks("teams", { ...input, ...teams }, checks));
    const allowanceFiles = readAllowanceFiles(tree, problems);
    const read = allowanceFiles.filter(namedForItsTeam);
    const allowances = new Map(running.map((t) => [t.data.team, allowanceIn(read, t.data.team, environment.name)]));
    const byTeam = new Map(tenants.map((t) => [t.data.team, t]));
    problems.push(
        ...runChecks("allowances", { ...input, tenantFileTeams, tenants: byTeam, files: allowanceFiles, running, allowances }, checks),
    );
    const tenantSpecs = resolveTenants(running, environment, allowances).filter((s) => here.has(s.team));
    const stackTenants = running.filter((t) => here.has(t.data.team));
    const reader = new ValuesReader(tree);
    const releases = stackTenants.flatMap((t, i) => releasesOf(t, tenantSpecs[i], { environment, reader }));
    const charts = readChartFiles(tree, releases);
    problems.push(
        ...charts.problems,
        ...runChecks(
            "releases",
            { ...input, releases, stackTenants, tenants, charts: charts.charts, lineOf: (file, path) => reader.lineOf(file, path) },
            checks,
        ),
    );
    const checked = releases.map((r) => {
        const unknown = unknownKeysOf(charts.charts, r);
        return unknown.length > 0 ? { ...r, unknownKeys: unknown } : r;
    });
    const monitoring = environment.monitoring.enabled ? loadMonitoring(tree, environment, reader, problems) : undefined;
    reader.readTheRest();
    problems.push(
        ...reader.problems(),
        ...runChecks(
            "values-files",
            { files: reader.files(), secrets: environment.secrets, secretsNeeded: secretsNeeded(teams, environment) },
            checks,
        ),
    );
    // The monitoring charts are the foundation's (or the single stack's); a shard installs none.
    const platformReleases = input.stack.kind === "shard" ? [] : (monitoring?.releases ?? []);
    const locked = pinnedToLock(input, { releases: checked, platformReleases }, stackTenants);
    problems.push(...locked.problems);
    if (problems.length > 0) {
        return { problems };
    }
    // Bootstrapping, every file was checked above, and the first up deploys no team and no chart.
    const bootstrap = environment.bootstrap;
    const model: StackModel = {
        stack: input.stack,
        environment,
        teams: bootstrap ? [] : withAlertRouting(tenantSpecs, stackTenants, environment),
        releases: bootstrap ? [] : locked.pinned.releases,
        monitoring: monitoring && { ...monitoring, releases: bootstrap ? [] : locked.pinned.platformReleases },
        allowances: bootstrap ? [] : [...allowances.values()].filter((a) => here.has(a.team)),
        today: input.today,
    };
    return { model, problems };
}

/** The releases pinned to `charts.lock.yaml`, with the problems of the lock stage; as they are when the load ignores the lock. */
function pinnedToLock(
    input: LoadTeamsInput,
    unpinned: ReturnType<typeof pinToLock>,
    stackTenants: readonly TenantFile[],
): { pinned: ReturnType<typeof pinToLock>; problems: Problem[] } {
    const { tree, environment } = input;
    // Bootstrapping, nothing installs a chart: the lock need not hold them yet (they are published after).
    if (input.lock === "ignore" || environment.bootstrap) {
        return { pinned: unpinned, problems: [] };
    }
    const problems: Problem[] = [];
    const lock = readChartLock(tree, problems);
    const lockFilePresent = tree.read(LAYOUT.chartLockFile) !== undefined;
    problems.push(...runChecks("lock", { environment, lock, lockFilePresent, ...unpinned, stackTenants }, input.checks));
    const usable = usableLock(lock, environment.name, environment.registry.loginServer);
    return { pinned: pinToLock(usable, environment.name, unpinned.releases, unpinned.platformReleases), problems };
}

/**
 * Every tenant file, with what the environment says of teams: the teams that run in it, those of this
 * stack, and the teams whose file is there but could not be read (their file's problems are the report,
 * so what names them elsewhere, a secret owner, a need, a shard, is not reported a second time).
 */
function readTeams(input: LoadTeamsInput, problems: Problem[]) {
    const { tree, environment } = input;
    const tenants = readTenantFiles(tree, problems);
    // A refused tenant file still names its team: references to it are not reported a second time.
    const refusedTenantFiles = tree.refused().flatMap((r) => (r.path.startsWith(`${LAYOUT.tenantsDir}/`) ? [r.path.split("/")[1]] : []));
    const tenantFileTeams = new Set(
        [...tree.list(LAYOUT.tenantsDir), ...refusedTenantFiles].filter((n) => n.endsWith(".yaml")).map((n) => n.slice(0, -".yaml".length)),
    );
    const unreadable = new Set([...tenantFileTeams].filter((team) => !tenants.some((t) => t.data.team === team)));
    const running = tenants.filter((t) => t.data.environments.includes(environment.name));
    const here = teamsOfStack(input.stack, environment, running);
    return { tenants, tenantFileTeams, unreadable, running, here };
}

/**
 * Whether the secrets a values file references must be configured in this stack: a file a release read,
 * or an app's file for this environment of a team this stack may deploy. Teams that run elsewhere (another
 * environment, another shard) have their secrets there; a team whose file is broken may run here, unless
 * the environment places it in another shard.
 */
function secretsNeeded(teams: ReturnType<typeof readTeams>, environment: EnvironmentSpec): (file: ValuesFileRead) => boolean {
    const { tenants, here } = teams;
    const elsewhere = new Set([
        ...tenants.filter((t) => !here.has(t.data.team)).map((t) => t.data.team),
        ...Object.values(environment.shards)
            .flat()
            .filter((team) => !here.has(team)),
    ]);
    return (f) => f.used || (appliesTo(f.yaml.file, environment.name) && !elsewhere.has(f.yaml.file.split("/")[1] as string));
}
