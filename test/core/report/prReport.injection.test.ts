import * as assert from "node:assert/strict";
import type { Finding } from "../../../core/governance";
import { diffPlans, type PlanDiff } from "../../../core/report/diff";
import type { Plan } from "../../../core/report/planTypes";
import { prReport } from "../../../core/report/prReport";
import { changedTree, sampleTree } from "../../helpers";
import { codeTexts, mentionsOf, renderMarkdown } from "../../support/markdown";
import { parseMermaidBlocks } from "../../support/mermaidSyntax";
import { planOf, samplePlanOf } from "../../support/plans";

/** What a hostile tenant writes: HTML that GitHub keeps, a heading, a mention, a link, the end of a fold. */
const FORGED = "</details>\n\n# Forged heading @org/team <img src=x onerror=alert(1)> [link](https://evil.example) www.evil.example #1";
/** A key that closes a one-backtick code span and opens HTML. */
const KEY = "evil`<img src=y>`@org/team";

/** The report as GitHub shows it holds no element and no mention that came from the tenant. */
function assertInert(report: string, expectedInCode: readonly string[]): void {
    const doc = renderMarkdown(report);
    assert.deepEqual(
        [...doc.querySelectorAll("img, a, script, iframe")].map((e) => e.outerHTML),
        [],
    );
    assert.deepEqual(
        [...doc.querySelectorAll("h1, h2, h3, h4, h5, h6")].filter((h) => /Forged|evil/.test(h.textContent ?? "")).map((h) => h.outerHTML),
        [],
    );
    assert.deepEqual(mentionsOf(doc), []);
    const code = codeTexts(doc).join("\n");
    for (const text of expectedInCode) {
        assert.ok(code.includes(text), `${JSON.stringify(text)} is shown as code`);
    }
    // Every fold the report opened is still open where it should be: none closed from inside a cell.
    assert.equal(doc.querySelectorAll("details").length, (report.match(/^<details>/gm) ?? []).length);
    for (const details of doc.querySelectorAll("details")) {
        assert.ok(details.lastElementChild && details.querySelector("summary"), "each fold keeps its summary and body");
    }
}

describe("pull-request report: tenant text stays text", () => {
    let base: Plan;
    before(async () => {
        base = await samplePlanOf("dev");
    });

    it("GIVEN a values key with backticks and a value with </details>, <img>, a heading and a mention THEN GitHub shows them as code", async () => {
        const file = "tenants/retail/storefront/values.yaml";
        const hostile = `${sampleTree().read(file)}${JSON.stringify(KEY)}: ${JSON.stringify(FORGED)}\n`;
        const after = await planOf(changedTree({ [file]: hostile }), "dev");
        const report = prReport([{ stack: "dev", plan: after, diff: diffPlans(base, after) }]);
        assertInert(report, [KEY, JSON.stringify(FORGED)]);
    });

    it("GIVEN hostile findings, problems, resources, manifest objects and release names THEN none becomes an element or mention", async () => {
        const sample = base;
        const finding: Finding = {
            level: "warning",
            rule: "image-tag-pinned",
            where: `weu/${KEY}`,
            message: FORGED,
            fix: FORGED,
            at: { file: `tenants/${KEY}/values.yaml`, line: 3, path: KEY },
        };
        const plan: Plan = {
            ...sample,
            findings: [finding],
            releases: [{ ...sample.releases[0], namespace: `ns"]\n  click x "https://evil.example`, name: KEY }],
        };
        const diff: PlanDiff = {
            stack: "dev",
            resources: { added: [`t::${KEY}`], removed: [], changed: [{ resource: `t::${FORGED}`, keys: [KEY] }] },
            destructive: [{ resource: `t::${KEY}`, action: "replace", because: [KEY], consequence: FORGED, protected: false }],
            releases: { added: [], removed: [], reversioned: [], values: [] },
            manifests: [
                { release: KEY, objects: [{ object: `Secret x/${FORGED}`, change: "changed", fields: [{ key: KEY, to: FORGED }] }] },
            ],
        };
        const report = prReport([
            { stack: "dev", plan, diff },
            { stack: "uat", problems: [`tenants/x.yaml:1: ${FORGED}`] },
        ]);
        assertInert(report, [KEY, `t::${KEY}`, JSON.stringify(FORGED)]);
        assert.deepEqual(await parseMermaidBlocks(report), ["flowchart-v2"], "the diagram still parses");
    });
});
