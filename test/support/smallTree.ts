import { overlayTree, type SourceTree } from "../../core/base/sourceTree";

/** A repository with no file at all. */
const EMPTY_TREE: SourceTree = { list: () => [], isDirectory: () => false, read: () => undefined, refused: () => [] };

/** A tree of only `files` (a `null` leaves a file out): what a reader's test gives it instead of the whole sample. */
export const treeOf = (files: Readonly<Record<string, string | null>>): SourceTree => overlayTree(EMPTY_TREE, files);

/** Object IDs of the small platform's groups. */
export const ADMINS = "3f0c6a52-8d1e-4b7a-9c2f-1a5e7d9b0c11";
export const SHOP_OWNERS = "6c2e8a41-7b3f-4d9e-a1c5-2f4b6d8e0a21";

/**
 * The smallest platform that loads: environment dev (one cluster, monitoring off) and team shop, with
 * app web (chart web 1.0.0) and its values file. `changes` replace files (a string) or remove them (`null`).
 */
export function smallPlatform(changes: Readonly<Record<string, string | null>> = {}): SourceTree {
    return treeOf({
        "Pulumi.dev.yaml": [
            "config:",
            "  helm-platform:location: westeurope",
            "  helm-platform:profile: development",
            `  helm-platform:adminGroupObjectIds: [${ADMINS}]`,
            "  helm-platform:clusters:",
            "    - name: weu",
            "      location: westeurope",
            "  helm-platform:registry:",
            "    name: acrshopdev",
            "  helm-platform:monitoring:",
            "    enabled: false",
            "",
        ].join("\n"),
        "tenants/shop.yaml": [
            "team: shop",
            "groups:",
            `  owners: [${SHOP_OWNERS}]`,
            "environments: [dev]",
            "apps:",
            "  web:",
            "    chart: web",
            "    versions:",
            "      dev: 1.0.0",
            "",
        ].join("\n"),
        "tenants/shop/web/values.yaml": "replicaCount: 2\nimage:\n  tag: 1.0.0\n",
        ...changes,
    });
}
