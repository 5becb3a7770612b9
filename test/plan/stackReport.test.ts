import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ConfigError } from "../../core/base/problems";
import type { Plan } from "../../core/report/planTypes";
import type { PlanRun, Program } from "../../plan/runPlan";
import { type BaseOf, baseOf, reportOf } from "../../plan/stackReport";
import { ROOT, sampleTree } from "../helpers";
import { teamPlan } from "../support/smallPlan";

const NO_ACCESS: PlanRun["access"] = { grants: [], installers: [], couldGrant: { checked: 0, admitted: [] } };
const runOf = (plan: Plan | undefined, more: Partial<PlanRun> = {}): PlanRun => ({
    stack: "prod.payments",
    plan,
    problems: [],
    findings: [],
    placeholders: [],
    registered: plan?.resources.length ?? 0,
    exitCode: 0,
    access: NO_ACCESS,
    ...more,
});

/** The files under `dir`, relative to it, sorted. */
const filesUnder = (dir: string): string[] =>
    (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();

describe("one stack's report (plan/stackReport.ts)", () => {
    let out: string;
    beforeEach(() => {
        out = fs.mkdtempSync(path.join(os.tmpdir(), "report-"));
    });
    afterEach(() => fs.rmSync(out, { recursive: true, force: true }));
    const options = (more: Partial<Parameters<typeof reportOf>[1]> = {}) => ({
        root: ROOT,
        tree: sampleTree(),
        out,
        selection: {},
        ...more,
    });

    describe("reportOf", () => {
        const stopped: readonly [what: string, run: Partial<PlanRun>, problems: string[], why: string][] = [
            [
                "configuration problems",
                {
                    problems: [
                        { file: "tenants/fintech.yaml", line: 4, path: "groups.owners", message: "is empty.", hint: "name a group." },
                    ],
                    error: "1 configuration problem; nothing would be deployed: ...",
                },
                ["tenants/fintech.yaml:4: groups.owners: is empty. Fix: name a group."],
                "1 configuration problem; nothing would be deployed: ...",
            ],
            ["an error", { error: "governance error" }, ["governance error"], "governance error"],
            ["nothing said", {}, ["the program stopped without a plan"], "the program stopped without a plan"],
        ];
        for (const [what, run, problems, why] of stopped) {
            it(`GIVEN a stack that stopped with ${what} THEN it is a failed entry saying why, and no file is written`, async () => {
                const printed: string[] = [];
                const report = await reportOf(runOf(undefined, run), options(), undefined, (t) => printed.push(t));
                assert.deepEqual(report, { stack: "prod.payments", problems, stopped: why });
                assert.deepEqual([printed, fs.readdirSync(out)], [[], []]);
            });
        }

        it("GIVEN a plan THEN its files are written, its summary told, and how many files; no diff without a base", async () => {
            let told = "";
            const report = await reportOf(runOf(teamPlan()), options(), undefined, (t) => (told += t));
            const files = filesUnder(path.join(out, "prod.payments"));
            assert.ok(
                files.includes("plan.json") &&
                    files.includes("summary.txt") &&
                    files.includes("values/weu/fintech/fintech-payments-api.yaml"),
            );
            assert.match(told, /^\nStack prod\.payments \(environment prod\): 7 resources, 1 team release\n/);
            assert.match(
                told,
                new RegExp(`\\nWrote ${files.length} files under ${path.relative(process.cwd(), path.join(out, "prod.payments"))}\\n$`),
            );
            assert.deepEqual(report.diff, undefined);
            const written = JSON.parse(fs.readFileSync(path.join(out, "prod.payments", "plan.json"), "utf8")) as Plan;
            // Whether each release rendered (its chart is nowhere here), recorded in plan.json.
            const status = Object.entries(written.manifests ?? {}).map(([release, how]) => [release, how.startsWith("not rendered: ")]);
            assert.deepEqual(status, [
                ["weu/fintech/fintech-payments-api", true],
                ["weu/monitoring/kube-prometheus-stack", true],
            ]);
        });

        it("GIVEN a selection THEN the report is narrowed to it, plan.json stays whole, and the targeted commands are told", async () => {
            let told = "";
            const report = await reportOf(runOf(teamPlan()), options({ selection: { team: "fintech" } }), undefined, (t) => (told += t));
            assert.ok(report.plan?.resources.every((r) => r.name.startsWith("prod-weu-fintech")));
            assert.equal(report.plan?.platformReleases.length, 0);
            const written = JSON.parse(fs.readFileSync(path.join(out, "prod.payments", "plan.json"), "utf8")) as Plan;
            assert.equal(written.resources.length, teamPlan().resources.length);
            const urn = "urn:pulumi:prod.payments::helm-platform::helm-platform:index:Platform$helm-platform:tenant:Team::prod-weu-fintech";
            assert.ok(
                told.includes(`\nTo deploy only this:\n  pulumi preview --stack prod.payments --target '${urn}' --target-dependents\n`),
                told,
            );
        });

        it("GIVEN a base THEN the diff is written and told, a protected resource's deletion as blocked", async () => {
            const now = teamPlan();
            const before: Plan = {
                ...now,
                resources: [
                    ...now.resources,
                    { ...(now.resources[3] as Plan["resources"][number]), name: "prod-weu-retail-ns", protect: true },
                ],
            };
            let told = "";
            const report = await reportOf(
                runOf(now),
                options({ against: "main" }),
                async () => ({ plan: before, manifest: () => undefined }),
                (t) => (told += t),
            );
            assert.deepEqual(JSON.parse(fs.readFileSync(path.join(out, "prod.payments", "diff.json"), "utf8")), report.diff);
            assert.match(told, /\nAgainst main: resources .*; releases .*; manifests 0 objects changed\n/);
            assert.match(told, /\nBLOCKED \(protected\) DELETE kubernetes:core\/v1:Namespace::prod-weu-retail-ns: .+\n/);
        });
    });

    describe("baseOf", () => {
        const never: Program = {
            loadStack: () => assert.fail("nothing is planned before a stack's base is asked for"),
            runStack: async () => ({}),
        };
        const context = { root: ROOT, program: never };
        const base = async (of: BaseOf, stack: string) => {
            assert.ok(typeof of === "function", JSON.stringify(of));
            return of(stack);
        };

        it("GIVEN a plan.json THEN it is the base of its stack, or of the one stack asked, and of no other", async () => {
            const file = path.join(out, "plan.json");
            fs.writeFileSync(file, JSON.stringify(teamPlan()));
            const two = baseOf(context, file, ["prod.payments", "prod.commerce"], undefined);
            assert.equal((await base(two, "prod.payments"))?.plan.stack, "prod.payments");
            assert.equal(await base(two, "prod.commerce"), undefined);
            assert.equal((await base(baseOf(context, file, ["prod.commerce"], undefined), "prod.commerce"))?.plan.stack, "prod.payments");
        });

        it("GIVEN a file that is no plan THEN the base is its error, before anything is planned", () => {
            const file = path.join(out, "plan.json");
            fs.writeFileSync(file, "{ not json");
            const of = baseOf(context, file, ["prod.payments"], undefined);
            assert.ok("error" in of && of.error.startsWith(`${file} is not a plan.json: `), JSON.stringify(of));
        });

        it("GIVEN a folder of plans THEN each stack's base is its own plan.json, with its manifests; a stack without one has none", async () => {
            fs.mkdirSync(path.join(out, "prod.payments", "manifests", "weu", "fintech"), { recursive: true });
            fs.writeFileSync(path.join(out, "prod.payments", "plan.json"), JSON.stringify(teamPlan()));
            fs.writeFileSync(
                path.join(out, "prod.payments", "manifests", "weu", "fintech", "fintech-payments-api.yaml"),
                "kind: ConfigMap\n",
            );
            const of = baseOf(context, out, ["prod.payments", "prod.commerce"], undefined);
            const payments = await base(of, "prod.payments");
            assert.equal(payments?.manifest("weu/fintech/fintech-payments-api"), "kind: ConfigMap\n");
            assert.equal(await base(of, "prod.commerce"), undefined);
        });

        it("GIVEN a git ref THEN nothing is planned until a stack's base is asked for; a stack that does not plan has none", async () => {
            const asked: string[] = [];
            const refusing: Program = {
                loadStack: (_tree, stack) => {
                    asked.push(stack);
                    throw new ConfigError([]);
                },
                runStack: async () => ({}),
            };
            const of = baseOf({ root: ROOT, program: refusing }, "HEAD", ["dev"], undefined);
            assert.deepEqual(asked, []);
            assert.equal(await base(of, "dev"), undefined);
            assert.deepEqual(asked, ["dev"]);
        });
    });
});
