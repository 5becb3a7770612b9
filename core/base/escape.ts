/**
 * Escaping of text that did not come from the platform (tenant files, values, rendered charts, what a
 * cluster reports) for the places the platform writes it: GitHub Markdown (the pull-request report,
 * the drift issue), the HTML inside it, Mermaid labels, and Slack through Alertmanager's templates.
 * Every report uses these and nothing else, so that no tenant string becomes a heading, a link, an
 * image, a mention or the end of a `<details>`.
 */

/** CommonMark line endings: a code span cannot hold one (a blank line would end the paragraph, a `#` line start a heading). */
const LINE_ENDINGS = /\r\n|\r|\n/g;

/**
 * `text` as inline code that shows it exactly and that nothing in it can close: the fence is one
 * backtick longer than the longest run of backticks inside, and a space pads both ends when the text
 * starts or ends with a backtick (CommonMark strips exactly that space). GitHub renders nothing inside
 * code: no HTML, link, image, emoji, `#123` reference or `@` mention. Line endings become spaces, as
 * CommonMark itself shows them in a code span. Empty text is no span at all.
 * @see https://spec.commonmark.org/0.31.2/#code-spans
 */
export function code(text: string): string {
    return span(text.replace(LINE_ENDINGS, " "));
}

/**
 * {@link code} for a cell of a GFM table, where the row is split at every `|` before the code span is
 * read. GitHub's table parser (cmark-gfm) reads `\|` as a pipe of the cell and a `\\` pair as escaped,
 * so a pipe that follows an odd run of backslashes gets one more backslash (shown: the only case that
 * is not exact), and every other pipe just its `\`.
 * @see https://github.github.com/gfm/#tables-extension-
 */
export function cellCode(text: string): string {
    const line = text.replace(LINE_ENDINGS, " ");
    return span(line.replace(/(\\*)\|/g, (_, slashes: string) => `${slashes}${slashes.length % 2 === 1 ? "\\" : ""}\\|`));
}

function span(content: string): string {
    if (content === "") {
        return "";
    }
    const longest = Math.max(0, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
    const fence = "`".repeat(longest + 1);
    const pad = /^`|`$/.test(content) || (/^ [\s\S]* $/.test(content) && content.trim() !== "") ? " " : "";
    return `${fence}${pad}${content}${pad}${fence}`;
}

/** Text inside raw HTML (a `<summary>`): entities for the characters HTML reads, on one line. */
export function htmlText(text: string): string {
    const entities: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
    return text.replace(LINE_ENDINGS, " ").replace(/[&<>"']/g, (c) => entities[c] as string);
}

/**
 * A Mermaid node label (inside `["…"]`): letters, digits and `._/:+-` and spaces as they are, every
 * other character as Mermaid's `#<code>;` entity, so a label can neither close its quotes nor its line.
 * @see https://mermaid.js.org/syntax/flowchart.html#entity-codes-to-escape-characters
 */
export function mermaidLabel(text: string): string {
    return [...text].map((c) => (/[A-Za-z0-9 ._/:+-]/.test(c) ? c : `#${c.codePointAt(0)};`)).join("");
}

/**
 * An Alertmanager template expression (`.Annotations.summary`) as Slack text: `&`, `<` and `>` as the
 * entities Slack asks for, so that alert text cannot write `<!channel>`, `<@U123>` or `<url|link>`.
 * (Slack turns a plain `@channel` into a mention only with `link_names`, which the platform never sets.)
 * @see https://api.slack.com/reference/surfaces/formatting#escaping
 */
export function slackText(expression: string): string {
    return `{{ ${expression} | reReplaceAll "&" "&amp;" | reReplaceAll "<" "&lt;" | reReplaceAll ">" "&gt;" }}`;
}
