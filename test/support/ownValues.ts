import { createHash } from "node:crypto";
import { LAYOUT } from "../../core/base/layout";
import { overlayTree, type SourceTree } from "../../core/base/sourceTree";
import { SAMPLE_CIPHERTEXT_PREFIX, SAMPLE_OBJECT_IDS } from "../../core/config/placeholders";
import { sampleTree } from "../helpers";

/** A stand-in object ID of "our own" for a sample one: another GUID, the same every run. */
const ownId = (sample: string) => {
    const h = createHash("sha256").update(sample).digest("hex");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/**
 * The sample's files with every placeholder replaced as a platform team adopting it would: its own
 * object IDs, networks, domains, registry and vault names and ciphertexts, and no stand-in data key.
 */
export function withOwnValues(tree: SourceTree = sampleTree()): SourceTree {
    return overlayTree(tree, ownValueChanges(tree));
}

/** What {@link withOwnValues} changes: every YAML file of the configuration that holds a placeholder → its new text. */
export function ownValueChanges(tree: SourceTree): Record<string, string> {
    // Every YAML file of the configuration: the registry's name is also in values files and the chart lock.
    const files = [
        ...tree.list("").filter((n) => n.endsWith(".yaml")),
        ...[LAYOUT.tenantsDir, LAYOUT.allowancesDir, LAYOUT.platformValuesDir].flatMap((d) => yamlFilesUnder(tree, d)),
    ];
    const changes: Record<string, string> = {};
    for (const file of files) {
        let text = tree.read(file) as string;
        for (const id of SAMPLE_OBJECT_IDS) {
            text = text.replaceAll(id, ownId(id));
        }
        text = text
            .replace(/^encryptedkey: .*\n/m, "")
            .replaceAll(SAMPLE_CIPHERTEXT_PREFIX, "v1:b3duLW5vbmNl:")
            .replaceAll("kv-helm-platform-", "kv-acme-platform-")
            .replaceAll("acrhelmplatform", "acracmeplatform")
            .replaceAll("203.0.113.0/24", "20.61.0.0/24")
            .replaceAll("198.51.100.0/24", "52.16.8.0/24")
            .replaceAll(".example", ".acme.io")
            .replaceAll("contoso/", "acme/");
        if (text !== tree.read(file)) {
            changes[file] = text;
        }
    }
    return changes;
}

function yamlFilesUnder(tree: SourceTree, dir: string): string[] {
    return tree
        .list(dir)
        .flatMap((n) =>
            tree.isDirectory(`${dir}/${n}`) ? yamlFilesUnder(tree, `${dir}/${n}`) : n.endsWith(".yaml") ? [`${dir}/${n}`] : [],
        );
}
