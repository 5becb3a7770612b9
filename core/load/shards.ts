import type { KeyPath } from "../base/keyPath";
import { LAYOUT } from "../base/layout";
import type { Location } from "../base/problems";
import { type Problem, problemAt } from "../base/problems";
import type { SourceTree } from "../base/sourceTree";
import type { TenantFile } from "../config/tenantFiles";
import type { EnvironmentSpec } from "../model/environment";
import { type StackSpec, shardStackName } from "../model/stack";

/** What checking shards reads besides the tenant files. */
interface ShardContext {
    readonly tree: SourceTree;
    readonly environment: EnvironmentSpec;
    readonly locateSetting: (path: KeyPath) => Location;
}

/** The teams a stack deploys: every running team (`single`), none (`foundation`), or its shard's. */
export function teamsOfStack(stack: StackSpec, environment: EnvironmentSpec, running: readonly TenantFile[]): Set<string> {
    switch (stack.kind) {
        case "single":
            return new Set(running.map((t) => t.data.team));
        case "foundation":
            return new Set();
        case "shard":
            return new Set(environment.shards[stack.shard as string] ?? []);
    }
}

/**
 * A sharded environment places every team that runs in it in exactly one shard, by the platform's
 * decision in the environment's stack file (never by accident, never by the team); each shard names
 * teams that run here, has its own stack file, and needs no release of another shard.
 */
export function checkShards(
    tenants: readonly TenantFile[],
    running: readonly TenantFile[],
    input: ShardContext,
    tenantFileTeams: ReadonlySet<string>,
): Problem[] {
    const { environment } = input;
    if (environment.layout !== "sharded") {
        return [];
    }
    const problems: Problem[] = [];
    const shardsOf = (team: string) =>
        Object.entries(environment.shards)
            .filter(([, teams]) => teams.includes(team))
            .map(([s]) => s);
    const names = Object.keys(environment.shards).map((s) => shardStackName(environment.name, s));
    for (const t of running) {
        const placed = shardsOf(t.data.team);
        if (placed.length === 0) {
            problems.push(
                problemAt(
                    t.yaml,
                    ["environments"],
                    `team ${t.data.team} runs in ${environment.name}, which is sharded, and no shard holds it`,
                    `the platform team places it under helm-platform:shards.<shard> in ${LAYOUT.stackFile(environment.name)} (shards: ${names.join(", ")})`,
                ),
            );
        } else if (placed.length > 1) {
            problems.push({
                ...input.locateSetting(["shards", placed[1] as string]),
                message: `team ${t.data.team} is in shards ${placed.join(" and ")}; a team is in exactly one`,
                hint: `keep it in one shard (moving it is described in docs/sharding.md)`,
            });
        }
    }
    for (const [shard, teams] of Object.entries(environment.shards)) {
        teams.forEach((team, i) => {
            const tenant = tenants.find((t) => t.data.team === team);
            if (!tenant && !tenantFileTeams.has(team)) {
                problems.push({
                    ...input.locateSetting(["shards", shard, i]),
                    message: `no tenant file declares team "${team}"`,
                    hint: "name a team from tenants/",
                });
            } else if (tenant && !running.includes(tenant)) {
                problems.push({
                    ...input.locateSetting(["shards", shard, i]),
                    message: `team ${team} does not run in ${environment.name}`,
                    hint: `remove it from the shard, or add ${environment.name} to its environments`,
                });
            }
        });
        const file = LAYOUT.stackFile(shardStackName(environment.name, shard));
        if (input.tree.read(file) === undefined) {
            problems.push({
                ...input.locateSetting(["shards", shard]),
                message: `shard ${shard} has no stack file ${file}`,
                hint: `pulumi stack init ${shardStackName(environment.name, shard)} --secrets-provider '<the environment's Key Vault key>', and commit ${file}`,
            });
        }
    }
    problems.push(...checkNeedsAcrossShards(running, environment.shards));
    return problems;
}

/** A release cannot wait for a release in another stack: the engine orders resources within one stack only. */
function checkNeedsAcrossShards(running: readonly TenantFile[], shards: Readonly<Record<string, readonly string[]>>): Problem[] {
    const shardOf = (team: string) => Object.entries(shards).find(([, teams]) => teams.includes(team))?.[0];
    return running.flatMap((t) =>
        Object.entries(t.data.apps).flatMap(([app, spec]) =>
            spec.needs.flatMap((need, i) => {
                const other = need.includes("/") ? (need.split("/")[0] as string) : t.data.team;
                const [mine, theirs] = [shardOf(t.data.team), shardOf(other)];
                return mine && theirs && mine !== theirs
                    ? [
                          problemAt(
                              t.yaml,
                              ["apps", app, "needs", i],
                              `${need} is deployed by shard ${theirs} and ${t.data.team} by shard ${mine}: a release waits only for releases of its own stack`,
                              `place ${t.data.team} and ${other} in one shard, or drop the need`,
                          ),
                      ]
                    : [];
            }),
        ),
    );
}
