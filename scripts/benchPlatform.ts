/**
 * The benchmark's synthetic platforms (`npm run bench`): one environment, `bench`, of two clusters and
 * `teams` tenant files of {@link APPS} apps each, generated in a temporary folder outside the
 * repository. Each team is shaped like the sample's: its own alert channel, its dashboard (monitoring is
 * on, with the repository's alert rules and dashboards), and a CI identity for its GitHub repository.
 * `single` puts everything in the stack `bench`; `sharded` makes `bench` the foundation and places the
 * teams, in order, in shards of `teamsPerShard` (`bench.s000`, `bench.s001`, ...).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { LAYOUT } from "../core/base/layout";
import type { StackLayout } from "../core/model/stack";
import { shardStackName } from "../core/model/stack";

/** Sizes of the default (single-stack) table, and the runs of each. */
export const SIZES = [50, 100, 200];
export const REPEATS = 5;
/** Apps per generated team. */
export const APPS = 5;
/** Clusters of the generated environment. */
export const CLUSTERS = [
    { name: "weu", location: "westeurope" },
    { name: "neu", location: "northeurope" },
] as const;
/** The generated environment's name, and so its (foundation) stack's. */
export const BENCH_ENVIRONMENT = "bench";
/**
 * Teams per shard by default. A generated team registers 61 resources on two clusters (its namespaces,
 * policies, roles, releases, alert routing, dashboards, CI identity), so 25 teams make a shard of 1,531
 * resources, over the 1,500 a stack is kept to; 20 make one of 1,226, with room for teams larger than these.
 */
export const DEFAULT_TEAMS_PER_SHARD = 20;

/** What to generate. */
export interface PlatformSpec {
    readonly teams: number;
    /** @default "single" */
    readonly layout?: StackLayout;
    /** Only for `sharded`. @default {@link DEFAULT_TEAMS_PER_SHARD} */
    readonly teamsPerShard?: number;
}

/** One stack of a generated platform and the teams it deploys. */
export interface GeneratedStack {
    readonly name: string;
    readonly kind: "single" | "foundation" | "shard";
    readonly teams: readonly string[];
}

/** A generated platform: its folder (a repository's layout) and its stacks, the foundation or single stack first. */
export interface GeneratedPlatform {
    readonly root: string;
    readonly stacks: readonly GeneratedStack[];
}

/** The name of the generated team number `t`. */
export const teamName = (t: number): string => `team${String(t).padStart(4, "0")}`;

/** The teams in order, cut into shards of `perShard` (the last one may hold fewer). */
export function shardTeams(teams: readonly string[], perShard: number): Record<string, string[]> {
    const shards: Record<string, string[]> = {};
    for (let i = 0; i < teams.length; i += perShard) {
        shards[`s${String(i / perShard).padStart(3, "0")}`] = teams.slice(i, i + perShard);
    }
    return shards;
}

const secure = (s: string) => ({ secure: `v1:YmVuY2g=:${Buffer.from(s).toString("base64")}` });

/** The environment's stack file: the sample's production shape, on the development profile. */
function stackFile(shards: Record<string, string[]> | undefined): string {
    return stringify({
        config: {
            "helm-platform:location": "westeurope",
            "helm-platform:profile": "development",
            ...(shards ? { "helm-platform:layout": "sharded", "helm-platform:shards": shards } : {}),
            "helm-platform:adminGroupObjectIds": ["3f0c6a52-8d1e-4b7a-9c2f-1a5e7d9b0c11"],
            "helm-platform:clusters": CLUSTERS,
            "helm-platform:registry": { name: "acrbench" },
            "helm-platform:secrets": {
                platform: { "grafana-admin-password": secure("g"), "slack-webhook-url": secure("https://hooks.slack.invalid/bench") },
            },
            "helm-platform:charts": { keyring: "keys/charts.pubring.gpg" },
            "helm-platform:monitoring": { enabled: true, slack: { channel: "#platform-alerts", webhookSecret: "slack-webhook-url" } },
        },
    });
}

/** One team's tenant file and its apps' values, like the sample's teams. */
function writeTeam(root: string, t: number): void {
    const team = teamName(t);
    const apps = Object.fromEntries(
        Array.from({ length: APPS }, (_, a) => [
            `app${a}`,
            { chart: `app${a}`, versions: { [BENCH_ENVIRONMENT]: "1.0.0" }, ...(a > 0 ? { needs: ["app0"] } : {}) },
        ]),
    );
    fs.writeFileSync(
        path.join(root, "tenants", `${team}.yaml`),
        stringify({
            team,
            groups: { owners: [`00000000-0000-0000-0000-${String(t).padStart(12, "0")}`] },
            environments: [BENCH_ENVIRONMENT],
            deployer: { github: { repository: `contoso/${team}-services` } },
            alerts: { slackChannel: `#${team}-alerts` },
            apps,
        }),
    );
    // The CI identity is the platform's grant, as for the sample's teams.
    fs.writeFileSync(
        path.join(root, LAYOUT.allowancesFile(team)),
        stringify({
            team,
            allowances: [
                {
                    reason: `The ${team}-services repository deploys the team's workloads from GitHub Actions`,
                    approvedBy: "platform-team (BENCH-1)",
                    expires: "2099-12-31",
                    deployers: { github: [`contoso/${team}-services`] },
                },
            ],
        }),
    );
    for (let a = 0; a < APPS; a++) {
        fs.mkdirSync(path.join(root, "tenants", team, `app${a}`), { recursive: true });
        fs.writeFileSync(
            path.join(root, "tenants", team, `app${a}`, "values.yaml"),
            stringify({ image: { registry: "acrbench.azurecr.io", repository: `${team}/app${a}`, tag: "1.0.0" }, replicaCount: 2 }),
        );
    }
}

/** Generates a platform in a fresh temporary folder; the caller removes it. */
export function generatePlatform(spec: PlatformSpec): GeneratedPlatform {
    const layout = spec.layout ?? "single";
    const root = fs.mkdtempSync(path.join(os.tmpdir(), `helm-platform-bench-${spec.teams}-${layout}-`));
    const teams = Array.from({ length: spec.teams }, (_, t) => teamName(t));
    const shards = layout === "sharded" ? shardTeams(teams, spec.teamsPerShard ?? DEFAULT_TEAMS_PER_SHARD) : undefined;
    fs.writeFileSync(path.join(root, LAYOUT.stackFile(BENCH_ENVIRONMENT)), stackFile(shards));
    for (const shard of Object.keys(shards ?? {})) {
        // A shard's file holds only its teams' secrets; the generated teams have none.
        fs.writeFileSync(path.join(root, LAYOUT.stackFile(shardStackName(BENCH_ENVIRONMENT, shard))), stringify({ config: {} }));
    }
    fs.mkdirSync(path.join(root, "keys"));
    fs.writeFileSync(path.join(root, "keys", "charts.pubring.gpg"), "public keyring");
    // The repository's alert rules and dashboards: every team gets its dashboard and its alert routing.
    fs.cpSync(path.resolve(__dirname, "..", "monitoring"), path.join(root, "monitoring"), { recursive: true });
    fs.mkdirSync(path.join(root, "tenants"));
    fs.mkdirSync(path.join(root, LAYOUT.allowancesDir));
    teams.forEach((_, t) => {
        writeTeam(root, t);
    });
    const stacks: GeneratedStack[] = shards
        ? [
              { name: BENCH_ENVIRONMENT, kind: "foundation", teams: [] },
              ...Object.entries(shards).map(([shard, held]) => ({
                  name: shardStackName(BENCH_ENVIRONMENT, shard),
                  kind: "shard" as const,
                  teams: held,
              })),
          ]
        : [{ name: BENCH_ENVIRONMENT, kind: "single", teams }];
    return { root, stacks };
}
