import { JSDOM } from "jsdom";
import MarkdownIt from "markdown-it";

/**
 * Markdown rendered as GitHub would before sanitising: CommonMark with GFM tables, raw HTML passed
 * through (GitHub keeps `<img>`, `<details>`, `<a>`, headings…) and bare URLs, `www.` and e-mail
 * addresses turned into links (GFM's autolinks). The result as a DOM to inspect.
 */
const markdown = new MarkdownIt({ html: true, linkify: true });
/** One window for every rendering: a new one per call would cost a few milliseconds each. */
let window: JSDOM["window"] | undefined;

export function renderMarkdown(text: string): HTMLElement {
    window ??= new JSDOM("<!doctype html><html><body></body></html>").window;
    const root = window.document.createElement("main");
    root.innerHTML = markdown.render(text);
    return root;
}

/** The element names of a rendered document in document order: its structure, whatever the text. */
export function structureOf(doc: HTMLElement): string[] {
    return [...doc.querySelectorAll("*")].map((e) => e.tagName.toLowerCase());
}

/** The texts of every `<code>` element: what a reader sees inside code spans. */
export function codeTexts(doc: HTMLElement): string[] {
    return [...doc.querySelectorAll("code")].map((e) => e.textContent ?? "");
}

/**
 * What GitHub would turn into a mention, a team mention or an issue reference: `@name`, `@org/team`
 * and `#123` in text outside code (GitHub leaves code, `pre` and links alone).
 */
export function mentionsOf(doc: HTMLElement): string[] {
    const walker = doc.ownerDocument.createTreeWalker(doc, 4 /* NodeFilter.SHOW_TEXT */);
    const found: string[] = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.parentElement?.closest("code, pre, a")) {
            continue;
        }
        found.push(...(node.textContent?.match(/(?<![\w`])(@[A-Za-z0-9][\w-]*(\/[\w-]+)?|#\d+)/g) ?? []));
    }
    return found;
}

/**
 * The cells GitHub's table parser finds in one row, by cmark-gfm's own scanner (`extensions/ext_scanners.re`:
 * a cell is a run of escaped characters — a backslash and any ASCII punctuation, `\\` included — or of
 * anything but `|`). markdown-it reads `\\|` differently (as an escaped pipe), so a row that only
 * markdown-it keeps whole is checked here.
 */
export function gfmCells(row: string): string[] {
    const inner = row.trim().replace(/^\|/, "");
    return [...inner.matchAll(/(?:\\[!-/:-@[-`{-~]|[^|\r\n])+|(?<=\|)(?=\|)/g)].map((m) => m[0]);
}

/**
 * The anchors GitHub gives a rendered document's headings (github-slugger): the heading's text in lower
 * case, everything but letters, marks, digits, `_`, `-` and spaces removed, spaces turned into `-`; a
 * repeated slug gets `-1`, `-2`, ... in order. Also every element's `id` and `name`.
 */
export function anchorsOf(doc: HTMLElement): Set<string> {
    const anchors = new Set<string>();
    const seen = new Map<string, number>();
    for (const heading of doc.querySelectorAll("h1, h2, h3, h4, h5, h6")) {
        const base = githubSlug(heading.textContent ?? "");
        const count = seen.get(base) ?? 0;
        seen.set(base, count + 1);
        anchors.add(count === 0 ? base : `${base}-${count}`);
    }
    for (const element of doc.querySelectorAll("[id], a[name]")) {
        anchors.add(element.getAttribute("id") ?? element.getAttribute("name") ?? "");
    }
    return anchors;
}

/** One heading text's slug, as github-slugger makes it (before repeated slugs are numbered). */
export function githubSlug(text: string): string {
    return text
        .toLowerCase()
        .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
        .replace(/ /g, "-");
}

/** The `href` of every link of a rendered document, in order. */
export function linksOf(doc: HTMLElement): string[] {
    return [...doc.querySelectorAll("a[href]")].map((a) => a.getAttribute("href") ?? "");
}
