import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { allStacks } from "../../../core/load/stacks";
import { formatSummary } from "../../../core/report/summary";
import { CLOUD_ONLY_CALLS, planStack, writePlan } from "../../../plan/runPlan";
import { Platform } from "../../../program/platform";
import { program } from "../../../program/stack";
import { changedTree, load, problemsOf, runComponents, SAMPLE_SECRETS, sampleTree, stackOfTeam } from "../../helpers";
import { tempDir } from "../../support/temp";

const read = (file: string) => sampleTree().read(file) as string;
const SENTINEL = "SENTINEL-d4e1c7a9-do-not-print";
/** The prod stack that deploys fintech, whose secret the sample's payments-api references. */
const FINTECH_PROD = stackOfTeam("prod", "fintech");

function filesUnder(dir: string): string[] {
    return fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe("secret values", () => {
    it("GIVEN stacks whose secrets hold a sentinel THEN no file the plan of any stack writes contains it", async () => {
        const out = tempDir("secrets-");
        const stacks = allStacks(sampleTree()).map((s) => s.name);
        // Every stack file at once: a shard reads the platform's secrets from its environment's file.
        const sentinels = Object.fromEntries(
            stacks.map((stack) => [`Pulumi.${stack}.yaml`, read(`Pulumi.${stack}.yaml`).replace(/secure: v1:\S+/g, `secure: ${SENTINEL}`)]),
        );
        assert.ok(sentinels["Pulumi.prod.payments.yaml"]?.includes(SENTINEL), "fintech's prod secret is in its shard's file");
        for (const stack of stacks) {
            const run = await planStack(program, changedTree(sentinels), stack);
            assert.equal(run.exitCode, 0, run.error);
            const plan = run.plan as NonNullable<typeof run.plan>;
            writePlan(out, plan, run.access, formatSummary(plan, run.access));
        }
        const files = filesUnder(out);
        assert.ok(files.length > 20, `${files.length} files`);
        for (const file of files) {
            assert.ok(!fs.readFileSync(file, "utf8").includes(SENTINEL), `${file} contains the secret`);
        }
        const values = fs.readFileSync(path.join(out, "prod.payments", "values", "weu", "fintech", "fintech-payments-api.yaml"), "utf8");
        assert.match(values, /password: "\[secret\]"/);
    });

    it("GIVEN the real secret value at deploy time THEN the release gets it only inside a secret output", async () => {
        const run = await runComponents(
            () => {
                const secrets = {
                    platform: { ...SAMPLE_SECRETS.platform, "slack-webhook-url": `${SENTINEL}-webhook` },
                    fintech: { "payments-db-password": SENTINEL },
                };
                const platform = new Platform("prod", { model: load(FINTECH_PROD), secrets: pulumi.secret(secrets) });
                void platform;
            },
            { calls: CLOUD_ONLY_CALLS },
        );
        const release = run.resources.find((r) => r.name === "prod-weu-fintech-payments-api-release");
        assert.equal(release?.inputs.values, "[secret]");
        assert.ok(!JSON.stringify(run.resources).includes(SENTINEL));
        const ledger = run.resources.find((r) => r.name === "prod-weu-fintech-ledger-release");
        assert.equal(typeof ledger?.inputs.values, "object", "releases without secrets keep reviewable values");
    });

    it("GIVEN a reference to a secret that is not configured THEN the file, key and line are named", () => {
        const tree = changedTree({
            "tenants/fintech/payments-api/values.yaml": read("tenants/fintech/payments-api/values.yaml").replace(
                "!secret payments-db-password",
                "!secret payments-db-pasword",
            ),
        });
        const [p] = problemsOf(FINTECH_PROD, tree);
        assert.deepEqual([p.file, p.path, p.line], ["tenants/fintech/payments-api/values.yaml", "database.password", 13]);
        assert.match(p.message, /secret "payments-db-pasword" is not configured for team fintech/);
        assert.match(p.hint ?? "", /did you mean "payments-db-password"/);
    });

    it("keeps the reference, not the value, in the model and its provenance", () => {
        const r = load(FINTECH_PROD).releases.find((x) => x.name === "fintech-payments-api") as ReturnType<typeof load>["releases"][number];
        assert.equal(r.sources["database.password"], "tenants/fintech/payments-api/values.yaml");
        assert.ok(String((r.values.database as Record<string, string>).password).endsWith("payments-db-password"));
    });
});
