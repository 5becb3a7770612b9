import { overlayTree, type SourceTree } from "../../core/base/sourceTree";
import { readEnvironment } from "../../core/config/environment";
import { readStackConfig } from "../../core/config/stackFile";
import type { EnvironmentSpec } from "../../core/model/environment";

/** A repository with no file at all. */
const EMPTY_TREE: SourceTree = { list: () => [], isDirectory: () => false, read: () => undefined, refused: () => [] };

/** A tree of only `files` (a `null` leaves a file out): what a reader's test gives it instead of the whole sample. */
export const treeOf = (files: Readonly<Record<string, string | null>>): SourceTree => overlayTree(EMPTY_TREE, files);

/** Object IDs of the small platform's groups: the sample's, so they are placeholders too. */
export const ADMINS = "3f0c6a52-8d1e-4b7a-9c2f-1a5e7d9b0c11";
export const SHOP_OWNERS = "6c2e8a41-7b3f-4d9e-a1c5-2f4b6d8e0a21";

/**
 * The smallest stack file that loads: admin group `admins`, one cluster weu, registry acrshopdev,
 * monitoring off, and `settings` (lines under `config:`) after.
 */
export const stackFileText = (admins: string, settings: readonly string[]): string =>
    [
        "config:",
        "  helm-platform:location: westeurope",
        "  helm-platform:profile: development",
        `  helm-platform:adminGroupObjectIds: [${admins}]`,
        "  helm-platform:clusters:",
        "    - name: weu",
        "      location: westeurope",
        "  helm-platform:registry:",
        "    name: acrshopdev",
        "  helm-platform:monitoring:",
        "    enabled: false",
        ...settings,
        "",
    ].join("\n");

/** The small platform's `Pulumi.dev.yaml` ({@link stackFileText} with the sample's admins), `settings` after. */
export const smallStackFile = (...settings: string[]): string => stackFileText(ADMINS, settings);

/** A tenant file of `team`, running in `environments`, with app web (chart web 1.0.0 in each) and `more` lines after. */
export const tenantFile = (team: string, environments: readonly string[] = ["dev"], ...more: string[]): string =>
    [
        `team: ${team}`,
        "groups:",
        `  owners: [${SHOP_OWNERS}]`,
        `environments: [${environments.join(", ")}]`,
        "apps:",
        "  web:",
        "    chart: web",
        "    versions:",
        ...environments.map((e) => `      ${e}: 1.0.0`),
        ...more,
        "",
    ].join("\n");

/**
 * The smallest platform that loads: environment dev ({@link smallStackFile}) and team shop, with app web
 * and its values file. `changes` replace files (a string) or remove them (`null`).
 */
export function smallPlatform(changes: Readonly<Record<string, string | null>> = {}): SourceTree {
    return treeOf({
        "Pulumi.dev.yaml": smallStackFile(),
        "tenants/shop.yaml": tenantFile("shop"),
        "tenants/shop/web/values.yaml": "replicaCount: 2\nimage:\n  tag: 1.0.0\n",
        ...changes,
    });
}

/** Environment dev as its settings resolve: {@link smallStackFile} with `settings`. */
export function smallEnvironment(...settings: string[]): EnvironmentSpec {
    const tree = treeOf({ "Pulumi.dev.yaml": smallStackFile(...settings) });
    const { read, problems } = readEnvironment(readStackConfig(tree, "dev").config, "dev", undefined);
    if (!read) {
        throw new Error(`the small environment does not read:\n${problems.map((p) => `${p.path}: ${p.message}`).join("\n")}`);
    }
    return read.environment;
}
