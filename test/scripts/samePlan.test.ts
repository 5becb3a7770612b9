import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { differingFiles, planFieldsDiffering, runSamePlanCli } from "../../scripts/samePlan";
import { ROOT } from "../helpers";
import { tempDir } from "../support/temp";

const NAMESPACE = "kubernetes:core/v1:Namespace";
const RELEASE = "kubernetes:helm.sh/v3:Release";

/** A folder holding `files` (relative path → text). */
function folder(files: Record<string, string>): string {
    const dir = tempDir("same-plan-");
    for (const [file, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), text);
    }
    return dir;
}

/** A plan.json of `resources` and `more` top-level fields, as a file; its path. */
function planFile(resources: object[], more: Record<string, unknown> = {}): string {
    return path.join(folder({ "plan.json": JSON.stringify({ schemaVersion: 1, stack: "dev", ...more, resources }) }), "plan.json");
}

const namespace = (name: string, inputs: object = { metadata: { name } }) => ({ type: NAMESPACE, name, protect: false, inputs });
const release = (name: string, version: string) => ({ type: RELEASE, name, protect: false, inputs: { version } });

describe("npm run same-plan (scripts/samePlan.ts)", () => {
    describe("which fields of two plan.json differ", () => {
        it("GIVEN the same plan THEN none", () => {
            const resources = [namespace("fintech"), release("payments-api", "1.4.2")];
            assert.deepEqual(planFieldsDiffering(planFile(resources), planFile(resources)), []);
        });

        it("GIVEN a top-level field changed THEN that field, and not the resources", () => {
            const resources = [namespace("fintech")];
            assert.deepEqual(planFieldsDiffering(planFile(resources), planFile(resources, { schemaVersion: 2 })), ["schemaVersion"]);
        });

        it("GIVEN resources whose inputs or options changed THEN <type>.<field>, once a type, sorted", () => {
            const before = [namespace("fintech"), namespace("retail"), release("payments-api", "1.4.2")];
            const after = [
                namespace("fintech", { metadata: { name: "fintech", labels: { a: "b" } } }),
                { ...namespace("retail"), inputs: { metadata: { name: "retail", labels: {} } } },
                { ...release("payments-api", "1.4.3"), protect: true },
            ];
            assert.deepEqual(
                planFieldsDiffering(planFile(before), planFile(after)),
                [`${RELEASE}.inputs`, `${RELEASE}.protect`, `${NAMESPACE}.inputs`].sort(),
            );
        });

        it("GIVEN a resource added and one removed THEN each says its type and which", () => {
            const before = [namespace("fintech"), release("old-api", "1.0.0")];
            const after = [namespace("fintech"), namespace("retail")];
            assert.deepEqual(planFieldsDiffering(planFile(before), planFile(after)), [`${NAMESPACE} added`, `${RELEASE} removed`]);
        });

        it("GIVEN a resource renamed THEN it is one removed and one added, even of the same type", () => {
            assert.deepEqual(
                planFieldsDiffering(planFile([namespace("fintech")]), planFile([namespace("fin-tech")])),
                [`${NAMESPACE} added`, `${NAMESPACE} removed`].sort(),
            );
        });

        it("GIVEN no plan.json on one side THEN every field of the other differs and its resources are added", () => {
            const missing = path.join(tempDir("same-plan-"), "plan.json");
            assert.deepEqual(planFieldsDiffering(missing, planFile([namespace("fintech")])), [
                `${NAMESPACE} added`,
                "schemaVersion",
                "stack",
            ]);
        });
    });

    describe("which files of two output folders differ", () => {
        it("GIVEN the same files, nested ones included THEN none differ, and the total counts them", () => {
            const files = { "dev/plan.json": "{}", "dev/manifests/fintech.yaml": "kind: Namespace\n", "summary.md": "# dev\n" };
            assert.deepEqual(differingFiles(folder(files), folder(files)), { differing: [], total: 3 });
        });

        it("GIVEN a file changed, one only before and one only after THEN all three differ, out of every file either side wrote", () => {
            const before = folder({ "dev/plan.json": "{}", "dev/gone.yaml": "x", "same.md": "s" });
            const after = folder({ "dev/plan.json": '{"a":1}', "dev/new.yaml": "y", "same.md": "s" });
            assert.deepEqual(differingFiles(before, after), { differing: ["dev/gone.yaml", "dev/new.yaml", "dev/plan.json"], total: 4 });
        });
    });

    it("GIVEN something that is no commit THEN it says so and exits 2 before creating anything", () => {
        const temp = tempDir("same-plan-tmp-");
        const tmpdir = process.env["TMPDIR"];
        process.env["TMPDIR"] = temp;
        let stdout = "";
        let stderr = "";
        try {
            const code = runSamePlanCli(["no-such-branch"], { root: ROOT, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
            assert.equal(code, 2);
        } finally {
            if (tmpdir === undefined) {
                delete process.env["TMPDIR"];
            } else {
                process.env["TMPDIR"] = tmpdir;
            }
        }
        assert.equal(stderr, "error: no-such-branch is not a commit of this repository (a branch, tag or commit such as HEAD or main)\n");
        assert.equal(stdout, "");
        assert.deepEqual(fs.readdirSync(temp), []);
    });
});
