import { JSDOM } from "jsdom";

type Mermaid = typeof import("mermaid").default;
let loaded: Promise<Mermaid> | undefined;

/**
 * Mermaid's own parser, the one GitHub renders with. Mermaid sanitises labels with DOMPurify, which
 * needs a window when the module loads; the window exists only for that moment so that no other test
 * runs in a pretend browser.
 */
function mermaidParser(): Promise<Mermaid> {
    loaded ??= (async () => {
        const { window } = new JSDOM("<!doctype html><html><body></body></html>");
        const global = globalThis as { window?: unknown; document?: unknown };
        global.window = window;
        global.document = window.document;
        try {
            return (await import("mermaid")).default;
        } finally {
            delete global.window;
            delete global.document;
        }
    })();
    return loaded;
}

/** Every ```mermaid block of a Markdown document, parsed; throws Mermaid's own message on a syntax error. */
export async function parseMermaidBlocks(markdown: string): Promise<string[]> {
    const blocks = [...markdown.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]);
    const mermaid = await mermaidParser();
    const types: string[] = [];
    for (const block of blocks) {
        const result = await mermaid.parse(block);
        types.push(result ? result.diagramType : "invalid");
    }
    return types;
}
