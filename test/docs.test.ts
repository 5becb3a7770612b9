import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { PLAN_SCHEMA_FILE, PLAN_SCHEMA_VERSION } from "../core/report/planSchema";
import { sourcesOf } from "../scripts/checksDoc";
import { ROOT } from "./helpers";
import { anchorsOf, githubSlug, linksOf, renderMarkdown } from "./support/markdown";

/** The README stays a front page: what it is, the two commands, the layout, where to read on. */
const README_MAX_BYTES = 12 * 1024;

/**
 * Pages the README and the guides link to that other work adds (the first deployment, the components'
 * API reference): a link to one is checked like any other once the page exists, and may wait for it until then.
 */
const WRITTEN_ELSEWHERE = new Set(["docs/first-deployment.md", "docs/components.md"]);

/** Every Markdown page of the documentation: the README and docs/, repository-relative. */
function pages(): string[] {
    const walk = (dir: string): string[] =>
        fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
            const file = `${dir}/${e.name}`;
            return e.isDirectory() ? walk(file) : e.name.endsWith(".md") ? [file] : [];
        });
    return ["README.md", ...walk("docs")];
}

const rendered = new Map<string, HTMLElement>();
function render(file: string): HTMLElement {
    let doc = rendered.get(file);
    if (!doc) {
        doc = renderMarkdown(fs.readFileSync(path.join(ROOT, file), "utf8"));
        rendered.set(file, doc);
    }
    return doc;
}

/** A link's target as a repository-relative file and anchor, or undefined for a URL with a scheme. */
function target(from: string, href: string): { file: string; anchor?: string } | undefined {
    if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith("//")) {
        return undefined;
    }
    const [file, anchor] = href.split("#", 2) as [string, string | undefined];
    const resolved = file === "" ? from : path.posix.normalize(path.posix.join(path.posix.dirname(from), decodeURI(file)));
    return { file: resolved.replace(/\/$/, ""), anchor: anchor === undefined ? undefined : decodeURIComponent(anchor) };
}

/** Every relative link of every page: where it is, what it says, where it leads. */
function relativeLinks(): { from: string; href: string; file: string; anchor?: string }[] {
    return pages().flatMap((from) =>
        linksOf(render(from)).flatMap((href) => {
            const to = target(from, href);
            return to ? [{ from, href, ...to }] : [];
        }),
    );
}

describe("the documentation", () => {
    it(`GIVEN the README THEN it stays within ${README_MAX_BYTES} bytes; the rest is in docs/`, () => {
        const size = fs.statSync(path.join(ROOT, "README.md")).size;
        assert.ok(size <= README_MAX_BYTES, `README.md is ${size} bytes; move a topic into a guide in docs/`);
    });

    it("GIVEN every relative link in the README and docs/ THEN its file exists, and its anchor in that file", () => {
        const links = relativeLinks();
        assert.ok(links.length > 100, `only ${links.length} relative links found`);
        const broken: string[] = [];
        let anchors = 0;
        for (const link of links) {
            const exists = fs.existsSync(path.join(ROOT, link.file));
            if (!exists) {
                if (!WRITTEN_ELSEWHERE.has(link.file)) {
                    broken.push(`${link.from}: ${link.href}: no file ${link.file}`);
                }
                continue;
            }
            if (link.anchor !== undefined) {
                anchors++;
                if (!link.file.endsWith(".md")) {
                    broken.push(`${link.from}: ${link.href}: an anchor into a file that is not Markdown`);
                } else if (!anchorsOf(render(link.file)).has(link.anchor)) {
                    broken.push(`${link.from}: ${link.href}: ${link.file} has no heading whose anchor is #${link.anchor}`);
                }
            }
        }
        assert.ok(anchors > 5, `only ${anchors} links with anchors checked`);
        assert.deepEqual(broken, []);
    });

    it("GIVEN the guides THEN the README links to every page of docs/, so none is an orphan", () => {
        const fromReadme = new Set(
            linksOf(render("README.md")).flatMap((href) => {
                const to = target("README.md", href);
                return to ? [to.file] : [];
            }),
        );
        const guides = pages().filter((p) => p.startsWith("docs/"));
        assert.ok(guides.length >= 20, guides.join(", "));
        assert.deepEqual(
            guides.filter((p) => !fromReadme.has(p)),
            [],
        );
    });

    it("GIVEN the question where the egress rule is checked THEN docs/tenancy.md and docs/configuration.md link to the file that checks it", () => {
        const holder = sourcesOf().get("egress-destination") as string;
        for (const guide of ["docs/tenancy.md", "docs/configuration.md"]) {
            const files = linksOf(render(guide)).flatMap((href) => {
                const to = target(guide, href);
                return to ? [to.file] : [];
            });
            assert.ok(files.includes(holder), `${guide} does not link to ${holder}, which holds the check egress-destination`);
        }
    });

    it("GIVEN the question what plan.json contains THEN docs/plan-json.md names every field of the published schema and its version", () => {
        const schema = JSON.parse(fs.readFileSync(path.join(ROOT, PLAN_SCHEMA_FILE), "utf8")) as {
            properties: Record<string, { properties?: Record<string, unknown> }>;
        };
        const guide = fs.readFileSync(path.join(ROOT, "docs", "plan-json.md"), "utf8");
        const fields = [...Object.keys(schema.properties), ...Object.keys(schema.properties["inventory"]?.properties ?? {})];
        assert.ok(fields.length > 15, fields.join(", "));
        assert.deepEqual(
            fields.filter((f) => !guide.includes(`\`${f}\``)),
            [],
        );
        assert.ok(guide.includes(`\`"${PLAN_SCHEMA_VERSION}"\``), `docs/plan-json.md does not name version ${PLAN_SCHEMA_VERSION}`);
    });
});

describe("GitHub's heading anchors, as the link check computes them", () => {
    const cases: [string, string][] = [
        ["Deploying for real", "deploying-for-real"],
        ["Tenancy: what isolates one team from another", "tenancy-what-isolates-one-team-from-another"],
        ["Break-glass: deploy the rollback now", "break-glass-deploy-the-rollback-now"],
        ["`npm run doctor`", "npm-run-doctor"],
        ["Stack settings (`Pulumi.<env>.yaml`, namespace `helm-platform:`)", "stack-settings-pulumienvyaml-namespace-helm-platform"],
        ["plan.json: the plan's contract, versioned", "planjson-the-plans-contract-versioned"],
        ["snake_case and Ünïcode", "snake_case-and-ünïcode"],
    ];
    for (const [heading, slug] of cases) {
        it(`GIVEN the heading "${heading}" THEN its anchor is #${slug}`, () => {
            assert.equal(githubSlug(renderMarkdown(`# ${heading}`).textContent?.trim() ?? ""), slug);
        });
    }

    it("GIVEN two headings with one text THEN the second anchor is numbered, as GitHub numbers it", () => {
        assert.deepEqual([...anchorsOf(renderMarkdown("# Setup\n\n## Setup\n\n## Other\n"))], ["setup", "setup-1", "other"]);
    });
});
