import * as assert from "node:assert/strict";
import fc from "fast-check";
import { cellCode, code, htmlText, mermaidLabel } from "../../../core/base/escape";
import { codeTexts, gfmCells, mentionsOf, renderMarkdown, structureOf } from "../../support/markdown";
import { parseMermaidBlocks } from "../../support/mermaidSyntax";

/** Strings rich in what Markdown reads: backticks, pipes, backslashes, line breaks, HTML, mentions, spaces. */
const hostile = fc.string({
    unit: fc.constantFrom(
        "`",
        "``",
        "|",
        "\\",
        "\n",
        "\r\n",
        " ",
        "<img src=x>",
        "</details>",
        "@org/team",
        "#1",
        "*",
        "_",
        "[x](y)",
        "a",
        "é",
    ),
    maxLength: 12,
});
/** What CommonMark shows of a code span's text: line endings as spaces. */
const shown = (text: string) => text.replace(/\r\n|\r|\n/g, " ");

describe("escaping for Markdown, HTML, Mermaid", () => {
    it("GIVEN any text THEN its code span renders as one <code> showing exactly that text, and nothing else", () => {
        fc.assert(
            fc.property(hostile.filter(Boolean), (text) => {
                const doc = renderMarkdown(`- before ${code(text)} after`);
                assert.deepEqual(structureOf(doc), ["ul", "li", "code"]);
                assert.deepEqual(codeTexts(doc), [shown(text)]);
                assert.deepEqual(mentionsOf(doc), []);
            }),
            { numRuns: 300 },
        );
    });

    it("GIVEN any text without a backslash before a pipe THEN its table cell is one cell with one <code> showing it exactly", () => {
        fc.assert(
            fc.property(
                hostile.filter((t) => t !== "" && !/\\\|/.test(t)),
                (text) => {
                    const row = `| ${cellCode(text)} | end |`;
                    const doc = renderMarkdown(`| a | b |\n| --- | --- |\n${row}`);
                    assert.deepEqual(structureOf(doc), ["table", "thead", "tr", "th", "th", "tbody", "tr", "td", "code", "td"]);
                    assert.deepEqual(codeTexts(doc), [shown(text)]);
                    assert.equal(gfmCells(row).length, 2, `GitHub's scanner splits ${row}`);
                },
            ),
            { numRuns: 300 },
        );
    });

    it("GIVEN backslashes before a pipe THEN the cell still holds (for GitHub's scanner too), one backslash more only after an odd run", () => {
        for (const [text, seen] of [
            ["a\\|b", "a\\\\|b"],
            ["a\\\\|b", "a\\\\|b"],
            ["\\\\\\|", "\\\\\\\\|"],
        ]) {
            const row = `| ${cellCode(text)} | end |`;
            assert.equal(gfmCells(row).length, 2, row);
            assert.deepEqual(codeTexts(renderMarkdown(`| a | b |\n| --- | --- |\n${row}`)), [seen]);
        }
    });

    it("GIVEN the old escaping (pipes only) THEN GitHub's scanner would have split the cell", () => {
        assert.equal(gfmCells(`| \`${"a\\|b".replace(/\|/g, "\\|")}\` | end |`).length, 3);
    });

    it("GIVEN empty text THEN there is no span; GIVEN only spaces THEN they are kept", () => {
        assert.equal(code(""), "");
        assert.deepEqual(codeTexts(renderMarkdown(`x ${code("  ")} y`)), ["  "]);
    });

    it("GIVEN HTML-like text in a <summary> THEN it is text, not elements", () => {
        const doc = renderMarkdown(`<details><summary>${htmlText("</summary></details><img src=x>\n# h")}</summary>\n\nbody\n\n</details>`);
        assert.deepEqual(structureOf(doc), ["details", "summary", "p"]);
        assert.equal(doc.querySelector("summary")?.textContent, "</summary></details><img src=x> # h");
    });

    it("GIVEN quotes, brackets and a line break in a Mermaid label THEN the diagram still parses with one node per label", async () => {
        const label = mermaidLabel('x"] --> evil["pwn\n  click x "https://e"');
        assert.match(label, /^[A-Za-z0-9 ._/:+#;-]*$/);
        assert.deepEqual(await parseMermaidBlocks(`\`\`\`mermaid\nflowchart LR\n  a["${label}"]\n\`\`\``), ["flowchart-v2"]);
    });
});
