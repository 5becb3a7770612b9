import { CONFIG_NAMESPACE } from "../base/constants";
import { LAYOUT } from "../base/layout";
import { didYouMean, type Problem, problemAt } from "../base/problems";
import { SECRETS_KEY } from "../config/stackFile";
import type { EnvironmentSpec } from "../model/environment";
import { shardStackName } from "../model/stack";
import { type CheckOf, settingProblem, type TeamsStage } from "./check";

export const shardSettings: CheckOf<"shard-file"> = {
    id: "shard-settings",
    stage: "shard-file",
    checks: "a shard's stack file sets no setting of the environment (settings have one place: the environment's file)",
    run: ({ environment, shardFile, shardConfig }) =>
        Object.keys(shardConfig)
            .filter((k) => k.startsWith(`${CONFIG_NAMESPACE}:`) && k !== SECRETS_KEY)
            .map((key) => ({
                file: shardFile?.file ?? "the shard's configuration",
                line: shardFile?.lineOf(["config", key]),
                path: key,
                message: "is a setting of the environment, which a shard's stack file does not hold",
                hint: `set it in ${LAYOUT.stackFile(environment)}; a shard's stack file holds only its teams' ${SECRETS_KEY}`,
            })),
};

export const shardsNamed: CheckOf<"settings"> = {
    id: "shards-named",
    stage: "settings",
    checks: "a sharded environment names its shards, and only a sharded one does",
    run: ({ settings, locate }) => {
        if (settings.layout === "sharded" && Object.keys(settings.shards ?? {}).length === 0) {
            return [
                settingProblem(
                    locate,
                    ["shards"],
                    "a sharded environment needs its shards, and none are named",
                    "set helm-platform:shards to {<shard>: [<team>, ...]}, or helm-platform:layout: single",
                ),
            ];
        }
        if (settings.layout === "single" && settings.shards !== undefined) {
            return [
                settingProblem(
                    locate,
                    ["shards"],
                    "shards are read only in the sharded layout",
                    "set helm-platform:layout: sharded, or remove helm-platform:shards",
                ),
            ];
        }
        return [];
    },
};

/** Whether `shard` names a shard of the environment (a shard stack's name and its environment's layout agree). */
export const isShardOf = (environment: EnvironmentSpec, shard: string): boolean =>
    environment.layout === "sharded" && Object.keys(environment.shards).includes(shard);

export const stackShard: CheckOf<"environment"> = {
    id: "stack-shard",
    stage: "environment",
    checks: "a shard stack's name (<environment>.<shard>) names a shard of its environment, which is sharded",
    run: ({ stack, shard, environment, locate }) => {
        if (shard === undefined || environment === undefined || isShardOf(environment, shard)) {
            return [];
        }
        const shards = Object.keys(environment.shards);
        const message =
            environment.layout === "sharded"
                ? `there is no shard "${shard}" in ${environment.name}`
                : `stack ${stack} is a shard, but ${environment.name} is one stack (layout: single)`;
        const hint =
            environment.layout === "sharded"
                ? didYouMean(shard, shards, `the shards are: ${shards.map((s) => shardStackName(environment.name, s)).join(", ")}`)
                : `deploy ${environment.name}, or set helm-platform:layout: sharded and name the shards`;
        return [settingProblem(locate, ["shards"], message, hint)];
    },
};

/** `rule` in a sharded environment only. */
const sharded =
    (rule: (stage: TeamsStage) => Problem[]) =>
    (stage: TeamsStage): Problem[] =>
        stage.environment.layout === "sharded" ? rule(stage) : [];

/** The shards that hold `team`. */
const shardsOf = (environment: EnvironmentSpec, team: string) =>
    Object.entries(environment.shards)
        .filter(([, teams]) => teams.includes(team))
        .map(([s]) => s);

export const shardPlacement: CheckOf<"teams"> = {
    id: "shard-placement",
    stage: "teams",
    checks: "in a sharded environment, every team that runs there is in exactly one shard, by the platform's decision",
    run: sharded(({ environment, running, locateSetting }) => {
        const names = Object.keys(environment.shards).map((s) => shardStackName(environment.name, s));
        return running.flatMap((t) => {
            const placed = shardsOf(environment, t.data.team);
            if (placed.length === 0) {
                return [
                    problemAt(
                        t.yaml,
                        ["environments"],
                        `team ${t.data.team} runs in ${environment.name}, which is sharded, and no shard holds it`,
                        `the platform team places it under helm-platform:shards.<shard> in ${LAYOUT.stackFile(environment.name)} (shards: ${names.join(", ")})`,
                    ),
                ];
            }
            return placed.length > 1
                ? [
                      settingProblem(
                          locateSetting,
                          ["shards", placed[1] as string],
                          `team ${t.data.team} is in shards ${placed.join(" and ")}; a team is in exactly one`,
                          "keep it in one shard (moving it is described in docs/sharding.md)",
                      ),
                  ]
                : [];
        });
    }),
};

export const shardTeams: CheckOf<"teams"> = {
    id: "shard-teams",
    stage: "teams",
    checks: "every team a shard lists has a tenant file and runs in the environment",
    run: sharded(({ environment, tenants, running, tenantFileTeams, locateSetting }) =>
        Object.entries(environment.shards).flatMap(([shard, teams]) =>
            teams.flatMap((team, i) => {
                const tenant = tenants.find((t) => t.data.team === team);
                if (!tenant && !tenantFileTeams.has(team)) {
                    return [
                        settingProblem(
                            locateSetting,
                            ["shards", shard, i],
                            `no tenant file declares team "${team}"`,
                            "name a team from tenants/",
                        ),
                    ];
                }
                return tenant && !running.includes(tenant)
                    ? [
                          settingProblem(
                              locateSetting,
                              ["shards", shard, i],
                              `team ${team} does not run in ${environment.name}`,
                              `remove it from the shard, or add ${environment.name} to its environments`,
                          ),
                      ]
                    : [];
            }),
        ),
    ),
};

export const shardStackFiles: CheckOf<"teams"> = {
    id: "shard-stack-files",
    stage: "teams",
    checks: "every shard has its own stack file, Pulumi.<environment>.<shard>.yaml",
    run: sharded(({ tree, environment, locateSetting }) =>
        Object.keys(environment.shards).flatMap((shard) => {
            const file = LAYOUT.stackFile(shardStackName(environment.name, shard));
            return tree.read(file) === undefined
                ? [
                      settingProblem(
                          locateSetting,
                          ["shards", shard],
                          `shard ${shard} has no stack file ${file}`,
                          `pulumi stack init ${shardStackName(environment.name, shard)} --secrets-provider '<the environment's Key Vault key>', and commit ${file}`,
                      ),
                  ]
                : [];
        }),
    ),
};

export const needsWithinShard: CheckOf<"teams"> = {
    id: "needs-within-shard",
    stage: "teams",
    checks: "a release needs only releases of its own shard: the engine orders resources within one stack",
    run: sharded(({ environment, running }) => {
        const shardOf = (team: string) => shardsOf(environment, team)[0];
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
    }),
};
